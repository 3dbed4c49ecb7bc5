/**
 * What a model adds to a read: `model(c, schema).loadArrowTable({ filter, sort })`
 * against `aggregateArrow(c, [$match, $sort], { schema })` with the same schema,
 * on the fast server (scripts/fast-server.sh). The two send the same pipeline
 * (checked here through command monitoring), so any difference is the model's
 * own work, which is per read (options, pipeline), never per document. Modes
 * alternate, with aggregateArrow run twice (the second as a control of the noise); medians of wall time and of this process's CPU time are
 * recorded.
 *
 *   bash scripts/fast-server.sh run node --expose-gc --import tsx bench/model.ts [documents] [runs]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Collection, type Document, Double, Int32, Long, MongoClient, ObjectId } from 'mongodb';
import { aggregateArrow, model, Schema } from '../lib/index.js';
import { describeMachine } from './machine.js';
import { Random } from './random.js';
import { summarize } from './stats.js';

const SCHEMA = new Schema({
  _id: 'objectId',
  customer: 'string',
  total: 'double',
  qty: 'int32',
  cents: 'int64',
  paid: 'bool',
  placedAt: 'date',
  address: { city: 'string', zip: 'string' },
  items: [{ sku: 'string', qty: 'int32', price: 'double' }],
});
const FILTER = { paid: true };
const SORT = { placedAt: 1 } as const;
const INSERT_BATCH = 10_000;

function order(i: number, random: Random): Document {
  return {
    _id: new ObjectId(),
    customer: `customer-${random.int(0, 5000)}`,
    total: new Double(random.int(100, 999_999) / 100),
    qty: new Int32(random.int(1, 20)),
    cents: Long.fromNumber(random.int(0, 2 ** 40)),
    paid: i % 4 !== 0,
    placedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    address: { city: random.word(5, 12), zip: String(random.int(10_000, 99_999)) },
    items: Array.from({ length: random.int(1, 4) }, () => ({
      sku: `SKU-${random.int(10_000, 99_999)}`,
      qty: new Int32(random.int(1, 9)),
      price: new Double(random.int(100, 9999) / 100),
    })),
  };
}

// The control runs aggregateArrow again: how far two runs of the same code differ here is the noise.
type Mode = 'aggregateArrow' | 'model.loadArrowTable' | 'aggregateArrow (control)';
const MODES: readonly Mode[] = ['aggregateArrow', 'model.loadArrowTable', 'aggregateArrow (control)'];

async function once(collection: Collection, mode: Mode): Promise<number> {
  const table =
    mode !== 'model.loadArrowTable'
      ? await aggregateArrow(collection, [{ $match: FILTER }, { $sort: SORT }], { schema: SCHEMA })
      : await model(collection, SCHEMA).loadArrowTable({ filter: FILTER, sort: SORT });
  return table.numRows;
}

async function main(): Promise<void> {
  const documents = Number(process.argv[2] ?? 200_000);
  const runs = Number(process.argv[3] ?? 7);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/fast-server.sh run');
  const machine = describeMachine('python3');
  const client = await new MongoClient(uri, { monitorCommands: true }).connect();
  const pipelines = new Map<Mode, string>();
  let current: Mode = 'aggregateArrow';
  client.on('commandStarted', (e) => {
    if (e.commandName === 'aggregate') pipelines.set(current, JSON.stringify(e.command.pipeline));
  });
  try {
    const collection = client.db('bench_model').collection('orders');
    await collection.drop().catch(() => undefined);
    const random = new Random(23);
    for (let start = 0; start < documents; start += INSERT_BATCH) {
      const batch = Array.from({ length: Math.min(INSERT_BATCH, documents - start) }, (_, k) =>
        order(start + k, random),
      );
      await collection.insertMany(batch, { ordered: false });
    }
    const expectedRows = await collection.countDocuments(FILTER);
    const wall = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
    const cpu = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
    for (let round = -1; round < runs; round++) {
      // The order alternates: no mode always runs right after another's garbage.
      for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
        current = mode;
        (globalThis as { gc?: () => void }).gc?.();
        const cpuStart = process.cpuUsage();
        const started = performance.now();
        const rows = await once(collection, mode);
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpuStart);
        if (rows !== expectedRows) throw new Error(`${mode}: ${rows} rows, ${expectedRows} expected`);
        if (round >= 0) {
          wall.get(mode)?.push(ms);
          cpu.get(mode)?.push((used.user + used.system) / 1000);
        }
      }
      process.stderr.write(`model bench: round ${round + 1}/${runs}\n`);
    }
    if (new Set(pipelines.values()).size !== 1) {
      throw new Error(`the modes sent different pipelines: ${JSON.stringify([...pipelines])}`);
    }
    await collection.drop();
    const date = new Date().toISOString().slice(0, 10);
    const command = `bash scripts/fast-server.sh run node --expose-gc --import tsx bench/model.ts ${documents} ${runs}`;
    const rows = MODES.map((mode) => {
      const w = summarize(wall.get(mode) ?? []);
      const c = summarize(cpu.get(mode) ?? []);
      return { mode, wall: w, cpu: c, docsPerSecond: Math.round((expectedRows / w.medianMs) * 1000) };
    });
    const [base, withModel, control] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    const lines = [
      `# Model benchmark, ${date}`,
      '',
      `Command: \`${command}\` — ${documents.toLocaleString('en-US')} orders inserted, ${expectedRows.toLocaleString('en-US')} loaded per read (filter ${JSON.stringify(FILTER)}, sort ${JSON.stringify(SORT)}), median of ${runs} runs after a warm-up, the order of modes reversed every other round; "control" runs aggregateArrow again, so its distance from aggregateArrow is the noise of this machine. Server: mongo-java-server 1.47.0 via scripts/fast-server.sh (aggregate answers in one batch).`,
      '',
      `Every mode sent the same pipeline: \`${pipelines.get('aggregateArrow')}\``,
      '',
      `Machine: \`${JSON.stringify(machine)}\``,
      '',
      '| mode | median ms | min ms | max ms | docs/s | median CPU ms (this process) |',
      '|---|--:|--:|--:|--:|--:|',
      ...rows.map(
        (r) =>
          `| ${r.mode} | ${Math.round(r.wall.medianMs)} | ${Math.round(r.wall.minMs)} | ${Math.round(r.wall.maxMs)} | ${r.docsPerSecond.toLocaleString('en-US')} | ${Math.round(r.cpu.medianMs)} |`,
      ),
      '',
      `model.loadArrowTable / aggregateArrow: ${(withModel.wall.medianMs / base.wall.medianMs).toFixed(3)}× wall, ${(withModel.cpu.medianMs / base.cpu.medianMs).toFixed(3)}× CPU; the control (the same aggregateArrow again) / aggregateArrow: ${(control.wall.medianMs / base.wall.medianMs).toFixed(3)}× wall, ${(control.cpu.medianMs / base.cpu.medianMs).toFixed(3)}× CPU.`,
      '',
    ];
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `model-${date}.md`), lines.join('\n'));
    writeFileSync(
      join(dir, `model-${date}.json`),
      `${JSON.stringify({ date, command, documents, runs, machine, rows, pipeline: pipelines.get('aggregateArrow') }, null, 2)}\n`,
    );
    process.stdout.write(lines.join('\n'));
  } finally {
    await client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
