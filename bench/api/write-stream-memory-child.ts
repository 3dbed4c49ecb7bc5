// One measured copy for bench/api/write-stream-memory.ts, in a fresh process so
// that its baseline RSS is not inflated by filling the collection: the source
// collection streamed with findArrowStream into writeArrow. Runs the sources
// under tsx (not dist/ like the read benches), so it needs no `build:ts`.
//
//   node --import tsx bench/api/write-stream-memory-child.ts <uri> <database> <collection>
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { findArrowStream, writeArrow } from '../../lib/index.js';

const MB = 1024 * 1024;
const [uri = '', database = '', name = ''] = process.argv.slice(2);
const schema = JSON.parse(process.env.STREAM_SCHEMA ?? '{}');
async function main(): Promise<void> {
  const client = await new MongoClient(uri).connect();
  try {
    const db = client.db(database);
    const target = db.collection(`${name}_copy`);
    await target.drop().catch(() => undefined);
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    // batchSize on find: mongo-java-server sends everything in its first reply without one.
    const stream = findArrowStream(db.collection(name), {}, { schema, batchSize: 10_000 });
    const result = await writeArrow(target, stream);
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    const copied = await target.estimatedDocumentCount();
    await target.drop();
    process.stdout.write(
      `${JSON.stringify({
        inserted: result.insertedCount,
        failed: result.failed.length,
        copied,
        ms: Math.round(ms),
        baselineRssMb: Math.round(baseline / MB),
        peakRssMb: Math.round(peak / MB),
        peakGrowthMb: Math.round((peak - baseline) / MB),
      })}\n`,
    );
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
