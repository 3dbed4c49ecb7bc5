/**
 * One write contender on one shape, repeated, under V8's CPU profiler (the
 * one `node --cpu-prof` runs, started here through node:inspector so that
 * only the timed writes are sampled, not the setup); the profile is split by bench/write/profile-summary.ts into our encode,
 * apache-arrow, the driver's BSON serialization, the rest of the driver, GC,
 * and idle time (the event loop waiting: the server's share).
 *
 *   bash scripts/fast-server.sh run node --import tsx bench/write/profile.ts \
 *     nested writeArrow [documents=100000] [runs=3] [out=/tmp/write-nested-writeArrow.cpuprofile]
 *
 * Contenders: writeArrow, toJSON (`table.toArray().map(r => r.toJSON())` +
 * insertMany), ready (insertMany of ready-made objects).
 */
import { performance } from 'node:perf_hooks';
import type { Table } from 'apache-arrow';
import { type Collection, type Document, MongoClient } from 'mongodb';
import { findArrow, writeArrow } from '../../lib/index.js';
import { withCpuProfile } from '../cpu-profile.js';
import { Random } from '../random.js';
import { schemaOf, shapeByName } from '../shapes.js';

const [shapeName = 'nested', contender = 'writeArrow'] = process.argv.slice(2);
const documents = Number(process.argv[4] ?? 100_000);
const runs = Number(process.argv[5] ?? 3);
const out = process.argv[6] ?? `/tmp/write-${shapeName}-${contender}.cpuprofile`;

const contenders: Record<string, (target: Collection, table: Table, ready: Document[]) => Promise<unknown>> = {
  writeArrow: (target, table) => writeArrow(target, table),
  toJSON: (target, table) => target.insertMany(table.toArray().map((row) => row.toJSON() as Document)),
  ready: (target, _table, ready) => target.insertMany(ready),
};

async function main(): Promise<void> {
  const run = contenders[contender];
  if (!run) throw new Error(`unknown contender '${contender}' (known: ${Object.keys(contenders).join(', ')})`);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/fast-server.sh run');
  const client = await new MongoClient(uri).connect();
  const db = client.db('mongodb_arrow_bench_write_profile');
  await db.dropDatabase();
  const shape = shapeByName(shapeName);
  const random = new Random(7);
  const ready = Array.from({ length: documents }, (_, i) => shape.generate(i, random));
  const source = db.collection('source');
  await source.insertMany(ready.map((d) => ({ ...d })));
  const table = await findArrow(source, {}, { schema: schemaOf(shape), batchSize: 10_000 });
  await withCpuProfile(out, async () => {
    for (let i = 0; i < runs; i++) {
      await db
        .collection('target')
        .drop()
        .catch(() => undefined);
      const target = db.collection('target');
      const start = performance.now();
      await run(target, table, ready);
      console.log(`${shapeName} ${contender} run ${i}: ${(performance.now() - start).toFixed(0)} ms`);
    }
  });
  await db.dropDatabase();
  await client.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
