/**
 * The first record batch's cost on the event loop: the synchronous time of
 * reading the first IPC stream of a read (65,536 rows of the mixed shape)
 * in a fresh process, with this package's import-time warm-up (`warm`)
 * and with apache-arrow alone (`cold`, what every read paid before the
 * warm-up), each in its own child process, alternated. Records medians.
 *
 *   node --import tsx bench/api/first-batch.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableToIPC } from 'apache-arrow';
import { BSON, Long, ObjectId } from 'mongodb';
import { decodeBson } from '../../lib/index.js';

const runs = Number(process.argv[2] ?? 9);
const CHILD = `
const [mode, file] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const bytes = readFileSync(file);
const read = mode === 'warm'
  ? ((m) => m.batchesFromIpc ?? m.default.batchesFromIpc)(await import(${JSON.stringify(join(process.cwd(), 'lib/native/ipc.ts'))}))
  : ((m) => (b) => m.tableFromIPC(b).batches)(await import('apache-arrow'));
const start = performance.now();
const batches = read(bytes);
for (const f of batches[0].schema.fields) batches[0].getChild(f.name).get(0);
console.log(performance.now() - start);
`;

async function main(): Promise<void> {
  const docs = Array.from({ length: 65_536 }, (_, i) =>
    BSON.serialize({
      _id: new ObjectId(),
      s: `s${i}`,
      at: new Date(i),
      ok: i % 2 === 0,
      n: Long.fromNumber(i),
      x: i / 3,
      sub: { a: i, b: 'b' },
      l: [i, i + 1],
    }),
  );
  const schema = {
    _id: 'objectId',
    s: 'string',
    at: 'date',
    ok: 'bool',
    n: 'int64',
    x: 'double',
    sub: { a: 'int32', b: 'string' },
    l: ['int32'],
  } as const;
  const table = await decodeBson(docs, { schema });
  const file = join(tmpdir(), `first-batch-${process.pid}.arrow`);
  writeFileSync(file, tableToIPC(table, 'stream'));
  const times: Record<string, number[]> = { cold: [], warm: [] };
  const loadBefore = loadavg()[0]?.toFixed(2);
  for (let r = 0; r < runs; r++) {
    for (const mode of r % 2 ? ['warm', 'cold'] : ['cold', 'warm']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, mode, file], {
        encoding: 'utf8',
      });
      times[mode]?.push(Number(out.trim()));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const line = (mode: string) =>
    `| ${mode} | ${median(times[mode] ?? []).toFixed(1)} | ${(times[mode] ?? []).map((t) => t.toFixed(1)).join(', ')} |`;
  const text = [
    `# First record batch on the event loop, ${new Date().toISOString()}`,
    '',
    `Command: \`node --import tsx bench/api/first-batch.ts ${runs}\`; load average ${loadBefore} before, ${loadavg()[0]?.toFixed(2)} after. Synchronous ms to read the first IPC stream (65,536 rows, 8 columns) in a fresh process; median of ${runs}.`,
    '',
    '| mode | median ms | all runs |',
    '|---|--:|---|',
    line('cold'),
    line('warm'),
    '',
  ].join('\n');
  console.log(text);
  writeFileSync(
    join('bench/results', `first-batch-${new Date().toISOString().slice(0, 16).replace(':', '-')}.md`),
    text,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
