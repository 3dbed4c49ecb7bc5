/**
 * Issue #4's event-loop check: the event loop's max delay while
 * aggregateArrow loads N documents of ~200 bytes, beside the plain driver
 * path on the same data. Run: bash scripts/with-test-server.sh node --import tsx bench/api/event-loop.ts [N]
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { aggregateArrow } from '../../lib/index.js';
import { DOCUMENT200_SCHEMA, ensureDocuments } from './dataset.js';

const count = Number(process.argv[2] ?? 1_000_000);

async function measure(label: string, load: () => Promise<number>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A steady stream of timers, so that any long synchronous stretch shows up as delay.
  const ticker = setInterval(() => undefined, 1);
  histogram.enable();
  const started = performance.now();
  const rows = await load();
  const ms = performance.now() - started;
  histogram.disable();
  clearInterval(ticker);
  const result = {
    label,
    rows,
    ms: Math.round(ms),
    maxDelayMs: histogram.max / 1e6,
    p99DelayMs: histogram.percentile(99) / 1e6,
  };
  console.log(JSON.stringify(result));
  return result;
}

async function main() {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run through scripts/with-test-server.sh');
  const client = await new MongoClient(uri).connect();
  try {
    const collection = client.db('mongodb_arrow_bench').collection(`doc200_${count}`);
    await ensureDocuments(collection, count);
    const ours = await measure('aggregateArrow', async () => {
      const table = await aggregateArrow(collection, [], { schema: DOCUMENT200_SCHEMA });
      return table.numRows;
    });
    const plain = await measure('driver aggregate().toArray()', async () => {
      const docs = await collection.aggregate([]).toArray();
      return docs.length;
    });
    const record = { date: new Date().toISOString(), documents: count, server: uri, results: [ours, plain] };
    const file = `bench/results/event-loop-${record.date.slice(0, 10)}.json`;
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
