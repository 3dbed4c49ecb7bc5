/**
 * Issue #4's memory check: peak RSS growth while streaming N documents of
 * ~200 bytes with aggregateArrowStream and discarding each batch. The stream
 * runs in its own plain-node process on the compiled package
 * (bench/api/stream-memory-child.mjs), so filling the collection does not
 * inflate its baseline.
 * Run: npm run build && bash scripts/with-test-server.sh node --import tsx bench/api/stream-memory.ts [N]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT200_SCHEMA, runApiBench } from './dataset.js';

const CHILD = join(__dirname, 'stream-memory-child.mjs');

runApiBench('stream-memory', async (collection, uri) => {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'esm', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const out = execFileSync(process.execPath, [CHILD, uri, collection.dbName, collection.collectionName], {
    encoding: 'utf8',
    env: { ...process.env, STREAM_SCHEMA: JSON.stringify(DOCUMENT200_SCHEMA) },
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as object;
});
