/**
 * Parallel decoding of concatenated BSON: `decodeBson` of ~200 MB with
 * `threads: 1` and with `threads: N`, interleaved (the order reversed every
 * other round), and a control that runs `threads: 1` twice, so that its
 * distance from 1.00× is the noise of the machine. Records medians.
 *
 *   UV_THREADPOOL_SIZE=4 node --expose-gc --import tsx bench/parallel.ts [--mb 200] [--threads 2] [--runs 7] [--shape sensor]
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BSON, type Document, Long, ObjectId } from 'mongodb';
import { decodeBson, type SchemaDefinition } from '../lib/index.js';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200' },
    threads: { type: 'string', default: '2' },
    runs: { type: 'string', default: '7' },
    shape: { type: 'string', default: 'sensor' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const targetBytes = Number(values.mb) * 1e6;
const threads = Number(values.threads);
const runs = Number(values.runs);

/** The realistic shapes of the criterion benches (crates/bson-arrow/benches/shapes). */
const SHAPES: Record<string, { schema: SchemaDefinition; make: (i: number) => Document }> = {
  sensor: {
    schema: {
      ts: 'date',
      sensor: 'int32',
      site: 'string',
      ...Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`v${k}`, 'double'])),
    },
    make: (i) => ({
      ts: new Date(1_700_000_000_000 + i * 1000),
      sensor: i % 10_000,
      site: `site-${i % 100}`,
      ...Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`v${k}`, Math.random() * 1000])),
    }),
  },
  events: {
    schema: {
      _id: 'objectId',
      kind: 'string',
      user: 'string',
      at: 'date',
      ok: 'bool',
      seq: 'int64',
      meta: { source: 'string', version: 'int32' },
    },
    make: (i) => ({
      _id: new ObjectId(),
      kind: ['click', 'view', 'purchase', 'signup'][i % 4],
      user: `user-${String(i % 1_000_000).padStart(6, '0')}`,
      at: new Date(1_700_000_000_000 + i * 37),
      ok: i % 2 === 0,
      seq: Long.fromNumber(i),
      meta: { source: i % 3 ? 'web' : 'mobile', version: i % 10 },
    }),
  },
};

const found = SHAPES[values.shape as string];
if (!found) throw new Error(`unknown shape ${values.shape}`);
const shape = found;
const parts: Uint8Array[] = [];
let size = 0;
for (let i = 0; size < targetBytes; i++) {
  const bytes = BSON.serialize(shape.make(i));
  parts.push(bytes);
  size += bytes.byteLength;
}
const bytes = new Uint8Array(Buffer.concat(parts));
parts.length = 0;

async function time(threadCount: number): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  const table = await decodeBson(bytes, { schema: shape.schema, threads: threadCount });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (table.numRows === 0) throw new Error('no rows');
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const loadBefore = load();
  await time(1);
  await time(threads);
  const one: number[] = [];
  const many: number[] = [];
  const control: number[] = [];
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['one', 'many', 'control'] : ['control', 'many', 'one'];
    for (const which of order) {
      if (which === 'one') one.push(await time(1));
      if (which === 'many') many.push(await time(threads));
      if (which === 'control') control.push(await time(1));
    }
  }
  const loadAfter = load();
  const mbps = (ms: number) => (bytes.byteLength / 1e6 / (ms / 1000)).toFixed(0);
  const date = new Date().toISOString();
  const command = `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(unset)'} node --expose-gc --import tsx bench/parallel.ts --mb ${values.mb} --threads ${threads} --runs ${runs} --shape ${values.shape}`;
  let commit = '';
  try {
    commit = execSync('git rev-parse --short HEAD').toString().trim();
  } catch {}
  const lines = [
    `# Parallel decodeBson, ${date}`,
    '',
    `Command: \`${command}\` (commit ${commit}). ${(bytes.byteLength / 1e6).toFixed(0)} MB of the ${values.shape} shape with a declared schema; ${availableParallelism()} cores; load average ${loadBefore} before, ${loadAfter} after (the machine is shared). Median of ${runs} interleaved rounds after a warm-up; "control" is threads: 1 again.`,
    '',
    '| run | median ms | MB/s | vs threads: 1 | all runs (ms) |',
    '|---|--:|--:|--:|---|',
    `| threads: 1 | ${median(one).toFixed(0)} | ${mbps(median(one))} | 1.00× | ${one.map((x) => x.toFixed(0)).join(', ')} |`,
    `| threads: ${threads} | ${median(many).toFixed(0)} | ${mbps(median(many))} | ${(median(one) / median(many)).toFixed(2)}× | ${many.map((x) => x.toFixed(0)).join(', ')} |`,
    `| control (threads: 1) | ${median(control).toFixed(0)} | ${mbps(median(control))} | ${(median(one) / median(control)).toFixed(2)}× | ${control.map((x) => x.toFixed(0)).join(', ')} |`,
    '',
  ];
  const text = lines.join('\n');
  console.log(text);
  writeFileSync(join(values.out as string, `parallel-${values.shape}-${date.slice(0, 16).replace(':', '-')}.md`), text);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
