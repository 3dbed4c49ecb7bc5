/**
 * Issue #4's memory check: peak RSS growth while streaming N documents of
 * ~200 bytes and discarding each batch.
 * Run: bash scripts/with-test-server.sh node --import tsx bench/api/stream-memory.ts [N]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { aggregateArrowStream } from '../../lib/index.js';
import { DOCUMENT200_SCHEMA, ensureDocuments } from './dataset.js';

const count = Number(process.argv[2] ?? 1_000_000);
const MB = 1024 * 1024;

async function main() {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run through scripts/with-test-server.sh');
  const client = await new MongoClient(uri).connect();
  try {
    const collection = client.db('mongodb_arrow_bench').collection(`doc200_${count}`);
    await ensureDocuments(collection, count);
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 5);
    const started = performance.now();
    let rows = 0;
    let batches = 0;
    for await (const batch of aggregateArrowStream(collection, [], { schema: DOCUMENT200_SCHEMA })) {
      rows += batch.numRows;
      batches += 1;
    }
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    const result = {
      date: new Date().toISOString(),
      documents: count,
      rows,
      batches,
      ms: Math.round(ms),
      baselineRssMb: Math.round(baseline / MB),
      peakRssMb: Math.round(peak / MB),
      peakGrowthMb: Math.round((peak - baseline) / MB),
    };
    console.log(JSON.stringify(result));
    const file = `bench/results/stream-memory-${result.date.slice(0, 10)}.json`;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
