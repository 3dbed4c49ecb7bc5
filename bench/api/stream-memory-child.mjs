// One measured stream for bench/api/stream-memory.ts, in a fresh process so
// that its baseline RSS is not inflated by filling the collection. Plain
// JavaScript under plain `node` on the compiled package (dist/), as a user's
// application runs it.
//
//   node bench/api/stream-memory-child.mjs <uri> <database> <collection>
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { aggregateArrowStream } from '../../dist/esm/index.js';

const MB = 1024 * 1024;
const [uri, database, name] = process.argv.slice(2);
const schema = JSON.parse(process.env.STREAM_SCHEMA ?? '{}');
const client = await new MongoClient(uri).connect();
try {
  const collection = client.db(database).collection(name);
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  let rows = 0;
  let batches = 0;
  for await (const batch of aggregateArrowStream(collection, [], { schema })) {
    rows += batch.numRows;
    batches += 1;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const result = {
    rows,
    batches,
    ms: Math.round(ms),
    baselineRssMb: Math.round(baseline / MB),
    peakRssMb: Math.round(peak / MB),
    peakGrowthMb: Math.round((peak - baseline) / MB),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await client.close();
}
