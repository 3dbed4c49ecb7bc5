/**
 * One category of hostile input, run in a child process by
 * faults-fuzz.test.ts so that a crash, an abort or a hang is counted rather
 * than taking the test runner down. Prints one JSON summary line last.
 *
 *   node --import tsx __test__/helpers/fuzz-child.ts <category> <seed> <cases>
 */
import { BSON, MongoClient } from 'mongodb';
import {
  aggregateArrow,
  decodeBson,
  findArrow,
  findArrowStream,
  findColumns,
  MongoArrowError,
  Schema,
  type SchemaDefinition,
  tableToColumns,
} from '../../lib/index.js';
import { anyValue, nested, pick, prng, type Random, readOptions } from './fuzz.js';

type Case = () => Promise<unknown>;

/** What a category opened (a client) and must close before the summary, or the process would not exit. */
const cleanups: (() => Promise<void>)[] = [];

const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '',
  '$a',
  'a.b',
];
const HUGE = 'n'.repeat(1 << 20);

/** A document `levels` deep as BSON bytes, built iteratively (the bson library recurses, and would overflow first). */
function deepBson(levels: number): Uint8Array {
  let inner = BSON.serialize({ x: 1 });
  for (let i = 0; i < levels; i++) {
    // { a: <inner> }: int32 length, type 0x03, "a\0", inner, 0x00.
    const out = new Uint8Array(4 + 1 + 2 + inner.length + 1);
    new DataView(out.buffer).setInt32(0, out.length, true);
    out[4] = 0x03;
    out[5] = 0x61;
    out.set(inner, 7);
    inner = out;
  }
  return inner;
}

/** An object with own enumerable `__proto__`-like keys (an object literal would set the prototype instead). */
function hostileDefinition(random: Random): unknown {
  const fields = HOSTILE_KEYS.filter(() => random() < 0.5).map((k) => `${JSON.stringify(k)}:"double"`);
  return JSON.parse(`{${fields.join(',')}${fields.length ? ',' : ''}"ok":"int32"}`);
}

function mutate(random: Random, bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const roll = random();
  if (roll < 0.25) return out.subarray(0, Math.floor(random() * out.length));
  const at = Math.floor(random() * out.length);
  if (roll < 0.5) out[at] = Math.floor(random() * 256);
  else if (roll < 0.7)
    new DataView(out.buffer).setInt32(
      Math.min(at, out.length - 4),
      pick(random, [-1, 0, 4, 5, 2 ** 31 - 1, out.length + 1]),
      true,
    );
  else if (roll < 0.85) for (let i = at; i < Math.min(out.length, at + 8); i++) out[i] = 0xff;
  else return Buffer.concat([out.subarray(0, at), Buffer.from([0x03, 0x00, 0x10]), out.subarray(at)]);
  return out;
}

const VALID_DOCS = [
  { a: 1.5, b: [1, 2, { c: 'x' }], d: new Date(0), e: { f: true, g: null } },
  { a: 'text', b: [], s: 'é', n: BSON.Long.fromNumber(5), o: new BSON.ObjectId() },
].map((d) => BSON.serialize(d));

async function categories(name: string, random: Random): Promise<Case> {
  if (name === 'bytes') {
    return () => {
      const docs = VALID_DOCS.map((d) => (random() < 0.5 ? mutate(random, d) : d));
      return decodeBson(random() < 0.5 ? docs : Buffer.concat(docs));
    };
  }
  if (name === 'deep') {
    return () => {
      const levels = pick(random, [100, 1_000, 10_000]);
      const kind = pick(random, ['document', 'list'] as const);
      switch (pick(random, ['schema', 'json', 'bytes', 'decode'] as const)) {
        case 'schema':
          return Promise.resolve().then(() => new Schema(nested(levels, kind) as SchemaDefinition));
        case 'json': {
          const type = `${'{"type":"list","items":'.repeat(levels)}"double"${'}'.repeat(levels)}`;
          return Promise.resolve().then(() => Schema.fromJSON(`{"fields":[{"name":"a","type":${type}}]}`));
        }
        case 'bytes':
          return decodeBson([deepBson(levels)]);
        default:
          return decodeBson(VALID_DOCS, { schema: { a: nested(levels, kind) } as SchemaDefinition });
      }
    };
  }
  if (name === 'names') {
    return () => {
      const key = pick(random, [...HOSTILE_KEYS, HUGE]);
      const doc = BSON.serialize(JSON.parse(`{${JSON.stringify(key)}:{${JSON.stringify(key)}:1},"ok":2}`));
      switch (pick(random, ['schema', 'decode', 'columns'] as const)) {
        case 'schema':
          return Promise.resolve().then(() => new Schema(hostileDefinition(random) as SchemaDefinition));
        case 'decode':
          return decodeBson([doc], random() < 0.5 ? { schema: hostileDefinition(random) as SchemaDefinition } : {});
        default:
          return decodeBson([doc]).then(tableToColumns);
      }
    };
  }
  if (name === 'options') {
    const uri = process.env.MONGODB_URI;
    if (!uri) throw new Error('the options category reads from MONGODB_URI');
    const client = await new MongoClient(uri).connect();
    const collection = client.db(`mongodb_arrow_test_fuzz_${process.pid}`).collection('docs');
    await collection.insertMany(Array.from({ length: 30 }, (_, i) => ({ a: i * 1.5, b: [i], s: `v${i}` })));
    cleanups.push(async () => {
      await collection.db.dropDatabase();
      await client.close();
    });
    return () => {
      const options = readOptions(random) as Record<string, unknown>;
      // The driver's own options, wrong now and then: its errors pass through.
      if (options && typeof options === 'object' && random() < 0.3) {
        options[pick(random, ['batchSize', 'limit', 'sort', 'projection', 'skip', 'maxTimeMS', 'hint'])] =
          anyValue(random);
      }
      const filter = random() < 0.2 ? anyValue(random) : {};
      switch (pick(random, ['find', 'aggregate', 'stream', 'columns'] as const)) {
        case 'find':
          return findArrow(collection, filter as object, options);
        case 'aggregate':
          return aggregateArrow(collection, random() < 0.2 ? (anyValue(random) as []) : [{ $match: {} }], options);
        case 'stream':
          return Promise.resolve().then(() => findArrowStream(collection, filter as object, options).toTable());
        default:
          return findColumns(collection, filter as object, options);
      }
    };
  }
  throw new Error(`unknown category ${name}`);
}

/** An error of ours with a stable code (INTERNAL is a bug), or the driver's or bson's own. */
function typed(err: unknown): boolean {
  if (err instanceof MongoArrowError) return err.code !== 'INTERNAL';
  return err instanceof Error && /^(Mongo|BSON)/.test(err.name);
}

/**
 * An untyped error thrown inside the driver itself (its first stack frame is in the
 * mongodb package; built-ins such as JSON.stringify are skipped), from options we pass through unchanged: counted apart, as the
 * driver's bug, e.g. `find({}, { sort: 5n })` throws JSON.stringify's TypeError while
 * the driver builds its own MongoInvalidArgumentError message.
 */
function thrownByDriver(err: unknown): boolean {
  const frame = err instanceof Error ? (err.stack ?? '').split('\n').find((line) => /^\s*at .*[\\/]/.test(line)) : '';
  return /node_modules[\\/]mongodb[\\/]/.test(frame ?? '');
}

async function main(): Promise<void> {
  const [category = '', seedText = '1', casesText = '100'] = process.argv.slice(2);
  const random = prng(Number(seedText));
  const run = await categories(category, random);
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).join();
  const summary = {
    category,
    seed: Number(seedText),
    cases: Number(casesText),
    ok: 0,
    codes: {} as Record<string, number>,
    untyped: [] as string[],
    untypedCount: 0,
    driverUntyped: {} as Record<string, number>,
    polluted: false,
  };
  for (let index = 0; index < summary.cases; index++) {
    try {
      await run();
      summary.ok += 1;
    } catch (err) {
      const label = err instanceof MongoArrowError ? err.code : err instanceof Error ? err.name : typeof err;
      summary.codes[label] = (summary.codes[label] ?? 0) + 1;
      if (!typed(err) && thrownByDriver(err)) {
        summary.driverUntyped[label] = (summary.driverUntyped[label] ?? 0) + 1;
        continue;
      }
      if (!typed(err)) summary.untypedCount += 1;
      if (!typed(err) && summary.untyped.length < 5) {
        summary.untyped.push(
          `case ${index}: ${err instanceof Error ? (err.stack ?? err.message).slice(0, 600) : String(err)}`,
        );
      }
    }
  }
  for (const cleanup of cleanups) await cleanup();
  summary.polluted =
    Object.getOwnPropertyNames(Object.prototype).join() !== prototypeKeys ||
    ({} as Record<string, unknown>).a !== undefined ||
    ({} as Record<string, unknown>).ok !== undefined;
  console.log(JSON.stringify(summary));
  process.exitCode = summary.untypedCount > 0 || summary.polluted ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 2;
});
