// One measured load for bench/api/event-loop.ts. Plain JavaScript on purpose:
// it runs under plain `node` against the compiled package (dist/), as a
// user's application does, with no TypeScript loader in the measured process.
//
//   node bench/api/event-loop-child.mjs <uri> <database> <collection> <aggregateArrow|driver>
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { aggregateArrow } from '../../dist/esm/index.js';

const [uri, database, name, path] = process.argv.slice(2);
const schema = JSON.parse(process.env.EVENT_LOOP_SCHEMA ?? '{}');
const client = await new MongoClient(uri).connect();
try {
  const collection = client.db(database).collection(name);
  const load =
    path === 'aggregateArrow'
      ? async () => (await aggregateArrow(collection, [], { schema })).numRows
      : async () => (await collection.aggregate([]).toArray()).length;
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
    rows,
    ms: Math.round(ms),
    maxDelayMs: histogram.max / 1e6,
    p99DelayMs: histogram.percentile(99) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await client.close();
}
