// Run with the platform package removed: both entry points must fail with
// NATIVE_BINDING_MISSING, naming the platform, the package and how to build.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const expected = process.argv[2]; // the package name the error must give, e.g. mongodb-arrow-linux-x64-gnu
assert.ok(expected, 'usage: node missing-binding.mjs <expected package name>');

function check(err, via) {
  assert.equal(err?.name, 'MongoArrowError', `${via}: ${err}`);
  assert.equal(err.code, 'NATIVE_BINDING_MISSING');
  for (const part of [`${process.platform}-${process.arch}`, expected, 'npm run build', 'Rust']) {
    assert.ok(err.message.includes(part), `${via}: the message names ${part}: ${err.message}`);
  }
  assert.ok(err.cause, `${via}: the loader's error is kept as the cause`);
}

await assert.rejects(import('mongodb-arrow'), (err) => {
  check(err, 'import');
  return true;
});
assert.throws(
  () => createRequire(import.meta.url)('mongodb-arrow'),
  (err) => {
    check(err, 'require');
    return true;
  },
);
console.log(`missing binary: ok, import and require throw NATIVE_BINDING_MISSING naming ${expected}`);
