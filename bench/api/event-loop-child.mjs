// One measured load for bench/api/event-loop.ts. Plain JavaScript on purpose:
// it runs under plain `node` against the compiled package (dist/), as a
// user's application does, with no TypeScript loader in the measured process.
//
//   node bench/api/event-loop-child.mjs <uri> <database> <collection> <aggregateArrow|driver|fetch|findArrow|driverFind|fetchFind>
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { aggregateArrow, findArrow, Schema } from '../../dist/esm/index.js';
import { cursorSource } from '../../dist/esm/sources/cursor.js';

/**
 * The floor: the same query as aggregateArrow's (its appended `$project`
 * included), each reply fetched by the driver (`raw: true`) and its batch
 * taken whole and dropped, as aggregateArrow fetches, with no decoding and no
 * per-document work. Any delay seen here is the driver's, V8's and the
 * machine's, not the decoder's.
 */
async function fetchOnly(collection, schema) {
  const pipeline = [{ $project: Schema.from(schema).toProjection() }];
  const source = cursorSource(collection.aggregate(pipeline, { raw: true }));
  let rows = 0;
  for (let batch = await source.next(); batch; batch = await source.next()) rows += documentsIn(batch.input);
  return rows;
}

/** The floor of the find paths: `fetchOnly` with the same find as findArrow's. */
async function fetchFindOnly(collection, schema) {
  const projection = Schema.from(schema).toProjection();
  const source = cursorSource(collection.find({}, { projection, batchSize: FIND_BATCH, raw: true }));
  let rows = 0;
  for (let batch = await source.next(); batch; batch = await source.next()) rows += documentsIn(batch.input);
  return rows;
}

/** How many documents a raw batch holds, read off its framing (nothing decoded). */
function documentsIn(input) {
  if (input.form === 'replyBatch') return input.count;
  if (input.form === 'documents') return input.offsets.length;
  throw new Error(`unexpected batch form ${input.form}`);
}

// The find paths name a batch size: the fast benchmark server (scripts/fast-server.sh)
// answers a find without one in a single reply, and its aggregate always does.
const FIND_BATCH = 10_000;

const [uri, database, name, path] = process.argv.slice(2);
const schema = JSON.parse(process.env.EVENT_LOOP_SCHEMA ?? '{}');
const client = await new MongoClient(uri).connect();
try {
  const collection = client.db(database).collection(name);
  const loads = {
    aggregateArrow: async () => (await aggregateArrow(collection, [], { schema })).numRows,
    driver: async () => (await collection.aggregate([]).toArray()).length,
    fetch: () => fetchOnly(collection, schema),
    findArrow: async () => (await findArrow(collection, {}, { schema, batchSize: FIND_BATCH })).numRows,
    driverFind: async () => (await collection.find({}, { batchSize: FIND_BATCH }).toArray()).length,
    fetchFind: () => fetchFindOnly(collection, schema),
  };
  const load = loads[path];
  if (!load) throw new Error(`unknown path ${path}`);
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
