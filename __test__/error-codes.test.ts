import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
// errors.js alone: no native addon, no server.
import { fromNativeError, MongoArrowError } from '../lib/errors/errors.js';

const root = join(__dirname, '..');

/** The error codes the Rust side gives JS errors: `=> "CODE"`, `code: "CODE"` and `Error::new("CODE", ...)`. */
function rustCodes(): Set<string> {
  const codes = new Set<string>();
  for (const dir of ['src', 'crates/bson-arrow/src']) {
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.rs')) continue;
      const text = readFileSync(join(root, dir, file), 'utf8');
      for (const match of text.matchAll(/(?:=>\s*|code:\s*|Error::new\(\s*)"([A-Z][A-Z0-9_]+)"/g)) {
        codes.add(match[1] as string);
      }
    }
  }
  return codes;
}

describe('error codes', () => {
  it('keeps every code of the native addon through fromNativeError', () => {
    const codes = rustCodes();
    // The core's six codes plus the binding's INTERNAL and INVALID_ARGUMENT: fewer means the scan broke.
    assert.ok(codes.size >= 8, `found only ${[...codes].join(', ')} in the Rust sources`);
    for (const code of codes) {
      const err = fromNativeError({ code, message: 'from Rust' });
      assert.ok(err instanceof MongoArrowError);
      assert.equal(err.code, code, `${code} is missing from MongoArrowErrorCode (lib/errors/errors.ts)`);
      assert.equal(err.message, 'from Rust');
    }
  });

  it('turns an unknown native code into INTERNAL', () => {
    const err = fromNativeError({ code: 'GenericFailure', message: 'boom' });
    assert.equal(err.code, 'INTERNAL');
    assert.match(err.message, /boom/);
  });
});
