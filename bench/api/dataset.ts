import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Collection, type Document, Long, MongoClient, ObjectId } from 'mongodb';

/** Documents of about 200 bytes of BSON: an order with ten scalar fields. */
export function document200(i: number): Document {
  return {
    _id: new ObjectId(),
    i,
    price: ((i * 7919) % 100_000) / 100,
    quantity: i % 1_000,
    sequence: Long.fromNumber(i * 1_000_003),
    paid: i % 3 !== 0,
    at: new Date(Date.UTC(2026, 0, 1) + i * 1_000),
    customer: `customer-${(i % 5_000).toString().padStart(6, '0')}`,
    note: `order ${i} ${'x'.repeat(40 + (i % 20))}`,
    ratio: i / 7,
  };
}

export const DOCUMENT200_SCHEMA = {
  _id: 'objectId',
  i: 'int32',
  price: 'double',
  quantity: 'int32',
  sequence: 'int64',
  paid: 'bool',
  at: 'date',
  customer: 'string',
  note: 'string',
  ratio: 'double',
} as const;

/** Fills the collection with `count` documents unless it already holds exactly that many. */
export async function ensureDocuments(collection: Collection, count: number): Promise<void> {
  if ((await collection.estimatedDocumentCount()) === count) return;
  await collection.deleteMany({});
  const chunk = 20_000;
  for (let start = 0; start < count; start += chunk) {
    const docs: Document[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) docs.push(document200(i));
    await collection.insertMany(docs, { ordered: false });
  }
}

/**
 * Runs one bench/api script: connects to MONGODB_URI, fills the collection of
 * `count` documents, hands it to `measure`, writes what it returns to
 * bench/results/<name>-<date>.json and sets a failing exit code on errors.
 */
export function runApiBench(name: string, measure: (collection: Collection, uri: string) => Promise<object>): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  const main = async () => {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('MONGODB_URI is not set: run through scripts/with-test-server.sh');
    const client = await new MongoClient(uri).connect();
    try {
      const collection = client.db('mongodb_arrow_bench').collection(`doc200_${count}`);
      await ensureDocuments(collection, count);
      const date = new Date().toISOString();
      const record = { date, documents: count, ...(await measure(collection, uri)) };
      console.log(JSON.stringify(record));
      const file = `bench/results/${name}-${date.slice(0, 10)}.json`;
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`wrote ${file}`);
    } finally {
      await client.close();
    }
  };
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/**
 * Runs one of bench/api's plain-JavaScript children under plain `node` against
 * the compiled package (dist/esm), as a user's application runs it, and
 * returns the JSON it prints last. `env` adds to the environment.
 */
export function runPlainNodeChild<T>(script: string, args: readonly string[], env: Record<string, string>): T {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'esm', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first');
  }
  const out = execFileSync(process.execPath, [join(__dirname, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as T;
}
