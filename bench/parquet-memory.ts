// Peak RSS of writeParquet against the number of rows: flat when row groups
// are what the writer holds. Synthetic batches (int32, double, string of 6-45
// bytes), no server. Run: node --import tsx bench/parquet-memory.ts ROWS
// (add --max-old-space-size=64 to take V8's lazy heap growth out).
// Recorded 2026-12-01 on the shared 2-core dev machine:
//   200,000 rows: 3.3 MB file, peak RSS 237 MB
//   2,000,000 rows: 32 MB, 373 MB (236 MB with --max-old-space-size=64)
//   4,000,000 rows: 65 MB, 371 MB
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { writeParquet } from '../lib/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);
function* batches() {
  for (let start = 0; start < rows; start += 65_536) {
    const n = Math.min(65_536, rows - start);
    const i = Int32Array.from({ length: n }, (_, k) => start + k);
    const x = Float64Array.from({ length: n }, (_, k) => Math.sin(start + k));
    const s = Array.from({ length: n }, (_, k) => `name-${(start + k).toString(36)}-${'y'.repeat((start + k) % 40)}`);
    yield* tableFromArrays({ i, x, s }).batches;
  }
}
void (async () => {
  const t = performance.now();
  const path = join(tmpdir(), `mongodb-arrow-memory-${process.pid}.parquet`);
  const r = await writeParquet(batches(), path);
  rmSync(path);
  console.log(
    rows,
    r.bytes,
    `${((performance.now() - t) / 1000).toFixed(1)} s`,
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
})();
