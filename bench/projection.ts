/**
 * What a projection costs the server and the client.
 * On the fast server (scripts/fast-server.sh), for a nested and a flat shape,
 * findArrow (batchSize 10,000) with (1) the schema and its dotted leaf paths
 * as `projection`, (2) the schema and top-level names as `projection`, (3) no
 * schema and no projection; and the server's share: the same finds drained
 * raw (each reply taken whole, as findArrow fetches) with nothing decoded. Modes run round-robin; medians are recorded.
 *
 *   npm run build && bash scripts/fast-server.sh run node --expose-gc --import tsx bench/projection.ts [documents] [runs]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type AbstractCursor, BSON, type Collection, type Document, Double, Int32, Long, MongoClient } from 'mongodb';
import { describeMachine } from './machine.js';
import { Random } from './random.js';
import { summarize } from './stats.js';

type Api = typeof import('../lib/index.js') & typeof import('../lib/sources/cursor.js');
type Definition = ConstructorParameters<Api['Schema']>[0];
type Projection = Record<string, 1>;

interface Shape {
  readonly name: string;
  readonly description: string;
  readonly schema: Definition;
  readonly dotted: Projection;
  readonly topLevel: Projection;
  generate(i: number, random: Random): Document;
}

const nested: Shape = {
  name: 'nested',
  description: '_id int64, d {x int32, y string}, a [1–5 × {sku string, qty int32, price double}], v double',
  schema: {
    _id: 'int64',
    d: { x: 'int32', y: 'string' },
    a: [{ sku: 'string', qty: 'int32', price: 'double' }],
    v: 'double',
  },
  dotted: { _id: 1, 'd.x': 1, 'd.y': 1, 'a.sku': 1, 'a.qty': 1, 'a.price': 1, v: 1 },
  topLevel: { _id: 1, d: 1, a: 1, v: 1 },
  generate(i, random) {
    const items = Array.from({ length: random.int(1, 5) }, () => ({
      sku: `SKU-${random.int(10_000_000, 99_999_999)}`,
      qty: new Int32(random.int(1, 50)),
      price: new Double(random.int(100, 99999) / 100),
    }));
    return {
      _id: Long.fromNumber(i),
      d: { x: new Int32(random.int(0, 1000)), y: random.word(20, 40) },
      a: items,
      v: new Double(random.next()),
    };
  },
};

const flatNames = Array.from({ length: 10 }, (_, k) => `f${k}`);
const flat: Shape = {
  name: 'flat',
  description: '_id int64 and 10 scalars: f0–f3 double, f4–f5 int32, f6–f7 string, f8 int64, f9 bool',
  schema: Object.fromEntries([
    ['_id', 'int64'],
    ...flatNames.map((name, k) => [
      name,
      ['double', 'double', 'double', 'double', 'int32', 'int32', 'string', 'string', 'int64', 'bool'][k],
    ]),
  ]) as Definition,
  dotted: Object.fromEntries(['_id', ...flatNames].map((name) => [name, 1 as const])),
  topLevel: Object.fromEntries(['_id', ...flatNames].map((name) => [name, 1 as const])),
  generate(i, random) {
    const doc: Document = { _id: Long.fromNumber(i) };
    for (let k = 0; k < 4; k++) doc[`f${k}`] = new Double(random.next() * 1000);
    for (let k = 4; k < 6; k++) doc[`f${k}`] = new Int32(random.int(-1e6, 1e6));
    for (let k = 6; k < 8; k++) doc[`f${k}`] = random.word(8, 24);
    doc.f8 = Long.fromNumber(random.int(0, 2 ** 40));
    doc.f9 = random.chance(0.5);
    return doc;
  },
};

type Mode = 'dotted' | 'top-level' | 'none' | 'floor dotted' | 'floor top-level' | 'floor none';
const MODES: readonly Mode[] = ['dotted', 'top-level', 'none', 'floor dotted', 'floor top-level', 'floor none'];
const BATCH_SIZE = 10_000;

async function fill(collection: Collection, shape: Shape, documents: number): Promise<number> {
  await collection.drop().catch(() => undefined);
  const random = new Random(19);
  let bytes = 0;
  for (let start = 0; start < documents; start += BATCH_SIZE) {
    const docs = Array.from({ length: Math.min(BATCH_SIZE, documents - start) }, (_, k) =>
      shape.generate(start + k, random),
    );
    for (const doc of docs) bytes += BSON.calculateObjectSize(doc);
    await collection.insertMany(docs, { ordered: false });
  }
  return bytes / documents;
}

async function once(api: Api, collection: Collection, shape: Shape, mode: Mode): Promise<number> {
  const projection = mode.endsWith('dotted') ? shape.dotted : mode.endsWith('top-level') ? shape.topLevel : undefined;
  if (mode.startsWith('floor')) {
    // As findArrow fetches (each reply's batch array taken whole), with nothing decoded.
    const cursor = collection.find({}, { batchSize: BATCH_SIZE, raw: true, ...(projection && { projection }) });
    const source = api.cursorSource(cursor as unknown as AbstractCursor<Uint8Array>);
    let rows = 0;
    for (let batch = await source.next(); batch; batch = await source.next()) rows += batch.input.count ?? 0;
    await source.close();
    return rows;
  }
  const options = projection ? { schema: shape.schema, projection } : {};
  const table = await api.findArrow(collection, {}, { batchSize: BATCH_SIZE, ...options });
  return table.numRows;
}

async function measureShape(api: Api, collection: Collection, shape: Shape, documents: number, runs: number) {
  const avgBytes = await fill(collection, shape, documents);
  const times = new Map<Mode, number[]>(MODES.map((mode) => [mode, []]));
  for (let round = -1; round < runs; round++) {
    for (const mode of MODES) {
      (globalThis as { gc?: () => void }).gc?.();
      const started = performance.now();
      const rows = await once(api, collection, shape, mode);
      const ms = performance.now() - started;
      if (rows !== documents) throw new Error(`${shape.name} ${mode}: ${rows} rows, ${documents} expected`);
      if (round >= 0) times.get(mode)?.push(ms);
    }
    process.stderr.write(`projection: ${shape.name} round ${round + 1}/${runs} done\n`);
  }
  await collection.drop();
  return {
    shape: shape.name,
    description: shape.description,
    averageBsonBytes: Math.round(avgBytes),
    derivedProjection: new api.Schema(shape.schema).toProjection() ?? null,
    modes: MODES.map((mode) => ({
      mode,
      timesMs: times.get(mode)?.map((t) => Math.round(t)),
      ...summarize(times.get(mode) ?? []),
    })),
  };
}

type ShapeResult = Awaited<ReturnType<typeof measureShape>>;

function markdown(
  record: { date: string; command: string; server: string; documents: number; runs: number; machine: object },
  shapes: readonly ShapeResult[],
): string {
  const lines = [
    `# Projection benchmark, ${record.date}`,
    '',
    `Command: \`${record.command}\` — ${record.documents.toLocaleString('en-US')} documents, batchSize ${BATCH_SIZE.toLocaleString('en-US')}, median of ${record.runs} runs after a warm-up, modes round-robin. Server: ${record.server}.`,
    '',
    `Machine: \`${JSON.stringify(record.machine)}\``,
    '',
    '"dotted" / "top-level": findArrow with the declared schema and that projection passed explicitly; "none": no schema, no projection (inference). "floor …": the same find drained raw (`raw: true`, batches dropped): the server and the driver only.',
    '',
  ];
  for (const shape of shapes) {
    lines.push(`## ${shape.shape} (${shape.averageBsonBytes} B per document)`, '', shape.description, '');
    lines.push(
      `Projection the library derives from this schema in the build measured: \`${JSON.stringify(shape.derivedProjection)}\``,
      '',
    );
    lines.push('| mode | median ms | min ms | max ms | docs/s |', '|---|--:|--:|--:|--:|');
    for (const m of shape.modes) {
      const rate = Math.round((record.documents / m.medianMs) * 1000).toLocaleString('en-US');
      lines.push(
        `| ${m.mode} | ${Math.round(m.medianMs).toLocaleString('en-US')} | ${Math.round(m.minMs)} | ${Math.round(m.maxMs)} | ${rate} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const documents = Number(process.argv[2] ?? 200_000);
  const runs = Number(process.argv[3] ?? 5);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/fast-server.sh run');
  const dist = join(__dirname, '..', 'dist', 'esm', 'index.js');
  if (!existsSync(dist)) throw new Error('dist/esm is missing: run `npm run build` first');
  const api = {
    ...(await import(pathToFileURL(dist).href)),
    ...(await import(pathToFileURL(join(dist, '..', 'sources', 'cursor.js')).href)),
  } as Api;
  const client = await new MongoClient(uri).connect();
  const started = new Date();
  const machine = describeMachine('python3');
  try {
    const build = await client.db('admin').command({ buildInfo: 1 });
    const server = `mongo-java-server 1.47.0 (memory backend, claims ${build.version}) via scripts/fast-server.sh`;
    const collection = client.db('bench_projection').collection('docs');
    const shapes: ShapeResult[] = [];
    for (const shape of [nested, flat]) shapes.push(await measureShape(api, collection, shape, documents, runs));
    const command = `bash scripts/fast-server.sh run node --expose-gc --import tsx bench/projection.ts ${documents} ${runs}`;
    const record = {
      date: started.toISOString(),
      command,
      server,
      documents,
      runs,
      batchSize: BATCH_SIZE,
      machine,
      shapes,
    };
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const stem = `projection-${started.toISOString().slice(0, 16).replace(':', '-')}`;
    writeFileSync(join(dir, `${stem}.json`), `${JSON.stringify(record, null, 2)}\n`);
    writeFileSync(join(dir, `${stem}.md`), markdown(record, shapes));
    process.stdout.write(`${markdown(record, shapes)}\nwritten: bench/results/${stem}.{json,md}\n`);
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
