/**
 * The write path against the plain driver, end to end and encode-only:
 *
 *   bash scripts/fast-server.sh run node --import tsx bench/write.ts [documents=100000] [runs=5]
 *
 * Per shape (small, mixed, nested), one source collection is read once with
 * findArrow; then, interleaved run by run into freshly dropped collections:
 * writeArrow(table); the pure-JS path a user would write
 * (`table.toArray().map(r => r.toJSON())` + insertMany); and insertMany of the
 * ready-made documents the source was made from (the driver's ceiling).
 * `writeArrow (Rust path)` is the same write with every batch encoded the
 * way writeArrow did before the column-wise path (Rust BSON + js-bson
 * deserialize), for a before/after in one run. Encode-only (no server):
 * the documents built by each path and by toJSON (bench/write/stages.ts
 * splits build and the driver's serialization). Prints a Markdown table;
 * figures are docs/s, median.
 */
import { performance } from 'node:perf_hooks';
import type { Table } from 'apache-arrow';
import { type Collection, type Document, MongoClient } from 'mongodb';
import { findArrow, writeArrow } from '../lib/index.js';
import { columnwiseBatch, planColumns } from '../lib/pipeline/write-columns.js';
import { encodeBatch, writeEncoder } from '../lib/pipeline/write-encode.js';
import { planWrite } from '../lib/pipeline/write-options.js';
import { runWrite } from '../lib/pipeline/write-run.js';
import { Random } from './random.js';
import { SHAPES, type ShapeName, schemaOf } from './shapes.js';
import { summarize } from './stats.js';

const documents = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 5);
const shapes: ShapeName[] = ['small', 'mixed', 'nested'];

type Contender = (target: Collection, table: Table, ready: Document[]) => Promise<unknown>;

const endToEnd: Record<string, Contender> = {
  writeArrow: (target, table) => writeArrow(target, table),
  'writeArrow concurrency 2': (target, table) => writeArrow(target, table, { concurrency: 2 }),
  'writeArrow (Rust path, before)': (target, table) => {
    const plan = planWrite({}, 'bench');
    const encoder = writeEncoder(plan);
    return runWrite(target as Collection<Document>, { batches: table.batches, known: true }, plan, (batch, first) =>
      encodeBatch(encoder, batch, first),
    );
  },
  'toArray+toJSON+insertMany': (target, table) =>
    target.insertMany(table.toArray().map((row) => row.toJSON() as Document)),
  'insertMany ready-made': (target, _table, ready) => target.insertMany(ready),
};

const encodeOnly: Record<string, (table: Table) => Promise<unknown>> = {
  'ours: column-wise (now)': async (table) =>
    table.batches.map((b, i) => columnwiseBatch(planColumns(b, undefined) as never, b, i, false)),
  'ours before: Rust BSON + js-bson deserialize': async (table) => {
    const encoder = writeEncoder(planWrite({}, 'bench'));
    let first = 0;
    for (const batch of table.batches) {
      await encodeBatch(encoder, batch, first);
      first += batch.numRows;
    }
  },
  'toArray+toJSON': async (table) => table.toArray().map((row) => row.toJSON()),
};

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/fast-server.sh run');
  const client = await new MongoClient(uri).connect();
  const db = client.db('mongodb_arrow_bench_write');
  await db.dropDatabase();
  const rows: string[] = [];
  for (const name of shapes) {
    const shape = SHAPES.find((s) => s.name === name);
    if (!shape) throw new Error(name);
    const random = new Random(7);
    const ready = Array.from({ length: documents }, (_, i) => shape.generate(i, random));
    const source = db.collection(`source_${name}`);
    await source.insertMany(ready.map((d) => ({ ...d })));
    const table = await findArrow(source, {}, { schema: schemaOf(shape), batchSize: 10_000 });
    // The ready-made documents get their _id from the first insert; later runs reuse them in fresh collections.
    const times = new Map<string, number[]>();
    for (let run = 0; run <= runs; run++) {
      for (const [label, contender] of Object.entries(endToEnd)) {
        const target = db.collection(`target_${name}`);
        await target.drop().catch(() => undefined);
        await db.createCollection(`target_${name}`);
        const ms = await time(() => contender(target, table, ready));
        if (run > 0) times.set(label, [...(times.get(label) ?? []), ms]); // run 0 warms up
      }
      for (const [label, encode] of Object.entries(encodeOnly)) {
        const ms = await time(() => encode(table));
        if (run > 0) times.set(`encode: ${label}`, [...(times.get(`encode: ${label}`) ?? []), ms]);
      }
    }
    const rate = (label: string) => documents / (summarize(times.get(label) ?? []).medianMs / 1000);
    for (const label of times.keys()) {
      const s = summarize(times.get(label) ?? []);
      rows.push(
        `| ${name} | ${label} | ${Math.round(rate(label)).toLocaleString('en-US')} | ` +
          `${s.minMs.toFixed(0)}–${s.maxMs.toFixed(0)} ms |`,
      );
    }
    for (const label of ['writeArrow', 'writeArrow concurrency 2', 'writeArrow (Rust path, before)']) {
      const ours = rate(label);
      rows.push(
        `| ${name} | **${label} vs toJSON path / vs ready-made** | ` +
          `**${(ours / rate('toArray+toJSON+insertMany')).toFixed(2)}× / ${(ours / rate('insertMany ready-made')).toFixed(2)}×** | |`,
      );
    }
  }
  await db.dropDatabase();
  await client.close();
  console.log(`${documents.toLocaleString('en-US')} documents per shape, median of ${runs} runs after a warm-up\n`);
  console.log('| shape | contender | docs/s | range |\n|---|---|--:|---|');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
