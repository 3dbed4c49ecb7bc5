/**
 * Write-path streaming memory: peak RSS growth while copying N documents of
 * ~200 bytes from one collection to another with
 * `writeArrow(target, findArrowStream(source))`, in a fresh process
 * (bench/api/write-stream-memory-child.ts, under tsx) so that filling the
 * source does not inflate its baseline.
 * Run: bash scripts/fast-server.sh run node --import tsx bench/api/write-stream-memory.ts [N]
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DOCUMENT200_SCHEMA, runApiBench } from './dataset.js';

runApiBench('write-stream-memory', async (collection, uri) => {
  const child = join(__dirname, 'write-stream-memory-child.ts');
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', child, uri, collection.dbName, collection.collectionName],
    { encoding: 'utf8', env: { ...process.env, STREAM_SCHEMA: JSON.stringify(DOCUMENT200_SCHEMA) } },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as object;
});
