/**
 * The demo behind `npm run demo`: loads sample orders into the server named by
 * MONGODB_URI (a fresh FerretDB started by scripts/with-test-server.sh), then
 * loads a query result into Arrow with aggregateArrow and, for comparison,
 * with the plain driver path (toArray() then apache-arrow's vectorFromArray).
 *
 * Usage: node --import tsx examples/demo.ts [--documents N]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Bool, Float64, Int32, Int64, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { BSON, type Collection, type Document, Long, MongoClient, ObjectId } from 'mongodb';
import { aggregateArrow, decodeBson, Schema, type SchemaDefinition } from '../lib/index.js';

const { values: args } = parseArgs({ options: { documents: { type: 'string', default: '20000' } } });
const DOCUMENTS = Number(args.documents);
const RUNS = 3;

const SCHEMA = {
  _id: 'objectId',
  customer: 'string',
  amount: 'double',
  quantity: 'int32',
  sequence: 'int64',
  paid: 'bool',
  orderedAt: 'date',
} satisfies SchemaDefinition;

const PIPELINE: Document[] = [{ $match: { amount: { $gte: 0 } } }];

async function loadSampleData(collection: Collection): Promise<void> {
  await collection.drop().catch(() => undefined);
  const customers = ['ada', 'grace', 'edsger', 'barbara', 'donald', 'frances', 'ken', 'margaret'];
  const chunk = 10_000;
  for (let start = 0; start < DOCUMENTS; start += chunk) {
    const docs: Document[] = [];
    for (let i = start; i < Math.min(start + chunk, DOCUMENTS); i++) {
      const doc: Document = {
        _id: new ObjectId(),
        customer: customers[i % customers.length],
        amount: Math.round(((i * 7919) % 100_000) - 5_000) / 100,
        quantity: (i * 31) % 50,
        sequence: Long.fromNumber(i * 1_000_003),
        paid: i % 3 !== 0,
        orderedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      };
      if (i % 10 === 0) delete doc.quantity; // some documents lack a field
      docs.push(doc);
    }
    await collection.insertMany(docs, { ordered: false });
  }
}

/**
 * The path a Node user writes today: hydrate every document, then build
 * columns in JS. It projects the same fields aggregateArrow does, so that
 * both ask the server for the same work.
 */
async function plainDriverTable(collection: Collection): Promise<Table> {
  const projected = [...PIPELINE, { $project: new Schema(SCHEMA).toProjection() }];
  return columnsOf(await collection.aggregate(projected, { useBigInt64: true }).toArray());
}

function columnsOf(docs: Document[]): Table {
  const column = <T>(pick: (d: Document) => T | null | undefined) => docs.map((d) => pick(d) ?? null);
  return new Table({
    _id: vectorFromArray(
      column((d) => (d._id as ObjectId).toHexString()),
      new Utf8(),
    ),
    customer: vectorFromArray(
      column((d) => d.customer as string),
      new Utf8(),
    ),
    amount: vectorFromArray(
      column((d) => d.amount as number),
      new Float64(),
    ),
    quantity: vectorFromArray(
      column((d) => d.quantity as number),
      new Int32(),
    ),
    sequence: vectorFromArray(
      column((d) => d.sequence as bigint),
      new Int64(),
    ),
    paid: vectorFromArray(
      column((d) => d.paid as boolean),
      new Bool(),
    ),
    orderedAt: vectorFromArray(
      column((d) => (d.orderedAt as Date).getTime()),
      new TimestampMillisecond(),
    ),
  });
}

async function medianMs(run: () => Promise<Table>): Promise<{ ms: number; table: Table }> {
  const times: number[] = [];
  let table: Table | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    table = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, table: table as Table };
}

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set; run `npm run demo`, which starts a FerretDB server');
  const client = new MongoClient(uri);
  try {
    const collection = client.db('mongodb_arrow_demo').collection('orders');
    console.log(`Loading ${DOCUMENTS} sample orders into ${uri} ...`);
    await loadSampleData(collection);

    const ours = await medianMs(() => aggregateArrow(collection, PIPELINE, { schema: SCHEMA }));
    const plain = await medianMs(() => plainDriverTable(collection));
    // The same raw BSON held in memory, to show the decoding cost without the server's.
    const raw = (await collection.aggregate(PIPELINE, { raw: true }).toArray()) as unknown as Uint8Array[];
    const oursDecode = await medianMs(() => decodeBson(raw, { schema: SCHEMA }));
    const plainDecode = await medianMs(async () =>
      columnsOf(raw.map((bytes) => BSON.deserialize(bytes, { useBigInt64: true }))),
    );

    const table = ours.table;
    console.log(`\naggregateArrow returned an Arrow table: ${table.numRows} rows × ${table.numCols} columns`);
    console.log(`schema: ${table.schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ')}\n`);
    console.table(
      table
        .slice(0, 8)
        .toArray()
        .map((row) => row.toJSON()),
    );
    console.log(`\nLoad time, median of ${RUNS} runs (server + network + decoding):`);
    console.log(`  aggregateArrow (raw BSON → Rust → Arrow):       ${ours.ms.toFixed(1)} ms`);
    console.log(`  plain driver (toArray → JS objects → Arrow):    ${plain.ms.toFixed(1)} ms`);
    console.log(`  speed-up: ${(plain.ms / ours.ms).toFixed(2)}×`);
    console.log('\nDecode only, the same raw BSON in memory (what the server does not dominate):');
    console.log(`  decodeBson (Rust → Arrow):                       ${oursDecode.ms.toFixed(1)} ms`);
    console.log(`  js-bson deserialize → JS objects → Arrow:         ${plainDecode.ms.toFixed(1)} ms`);
    console.log(`  speed-up: ${(plainDecode.ms / oursDecode.ms).toFixed(2)}×`);
    console.log('\nEnd to end, FerretDB (SQLite) serving the documents is most of the time; see bench/README.md.');
    if (plain.table.numRows !== table.numRows) {
      throw new Error(`row counts differ: plain ${plain.table.numRows}, ours ${table.numRows}`);
    }
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
