/**
 * `mongodb-arrow export` to Parquet against the pure-JS path a Node user
 * writes today (driver `toArray()` → our tuned columnar Arrow builder →
 * parquet-wasm, bench/export/pure-js-export.ts), end to end on the fast server,
 * each run a child process timed with its peak RSS by /usr/bin/time; and the
 * export's peak RSS at two collection sizes (flat when it streams). Both write
 * zstd; ours infers its schema from 10,000 documents (the command's default),
 * the pure-JS path is given the shape's fields. mongoexport is not here: the
 * Go module proxy does not serve github.com/mongodb/mongo-tools (403).
 *
 *   npm run build && bash scripts/fast-server.sh run node --import tsx bench/export.ts [SIZES] [RUNS]
 *
 * SIZES: comma-separated document counts (default 100000,1000000); RUNS per
 * contender and size, interleaved (default 3). The pure-JS path runs at the
 * largest size only, and not at all when a third argument `ours-only` is
 * given. Writes bench/results/export-<date>.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { readParquet } from '../lib/index.js';
import { loadCollection } from './data.js';
import { shapeByName } from './shapes.js';
import { summarize } from './stats.js';

const ROOT = join(__dirname, '..');
const SHAPE = 'mixed';
const DB = 'bench_export';
const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const runs = Number(process.argv[3] ?? 3);
const oursOnly = process.argv[4] === 'ours-only';
const uri = process.env.MONGODB_URI;
if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/fast-server.sh run');
const serverUri: string = uri;

interface Run {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly fileMb: number;
  readonly rows: number;
}

/** Runs `node ARGS` under /usr/bin/time: wall seconds and peak RSS (KiB) of the child. */
function timed(args: readonly string[], out: string): Omit<Run, 'rows'> {
  const stats = join(tmpdir(), `mongodb-arrow-export-time-${process.pid}`);
  execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', stats, process.execPath, ...args], {
    cwd: ROOT,
    env: { ...process.env, MONGODB_URI: serverUri },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [seconds, kib] = readFileSync(stats, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  rmSync(stats);
  return { seconds, peakRssMb: kib / 1024, fileMb: statSync(out).size / 1e6 };
}

/** Wall seconds of `node ARGS` (the start-up cost of a contender's runtime). */
function timedStart(args: readonly string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  return (performance.now() - start) / 1000;
}

async function rowsIn(path: string): Promise<number> {
  let rows = 0;
  for await (const batch of readParquet(path)) rows += batch.numRows;
  return rows;
}

function ours(collection: string, out: string): string[] {
  return [
    'dist/cli/main.js',
    'export',
    '--db',
    DB,
    '--collection',
    collection,
    '--out',
    out,
    '--batch-size',
    '10000',
    '--quiet',
  ];
}

function pureJs(collection: string, out: string): string[] {
  return ['--import', 'tsx', 'bench/export/pure-js-export.ts', DB, collection, SHAPE, out];
}

void (async () => {
  const client = await MongoClient.connect(serverUri);
  const dir = mkdtempSync(join(tmpdir(), 'mongodb-arrow-export-bench-'));
  const results = new Map<string, Run[]>();
  const add = (key: string, run: Run) => results.set(key, [...(results.get(key) ?? []), run]);
  const largest = Math.max(...sizes);
  try {
    for (const size of sizes) {
      const name = `${SHAPE}_${size}`;
      console.error(`export bench: loading ${size} ${SHAPE} documents`);
      await loadCollection(client.db(DB).collection(name), shapeByName(SHAPE), size);
      for (let run = 0; run < runs; run++) {
        const contenders: [string, (c: string, o: string) => string[]][] = [['ours', ours]];
        if (size === largest && !oursOnly) contenders.push(['pure-js', pureJs]);
        // Alternate which goes first, so a slow phase of the shared machine hits both.
        if (run % 2 === 1) contenders.reverse();
        for (const [label, args] of contenders) {
          const out = join(dir, `${label}-${size}.parquet`);
          const measured = timed(args(name, out), out);
          const rows = await rowsIn(out);
          if (rows !== size) throw new Error(`${label} at ${size}: ${rows} rows in the file, ${size} expected`);
          add(`${label} ${size}`, { ...measured, rows });
          console.error(
            `export bench: ${label} ${size} run ${run + 1}: ${measured.seconds} s, ${measured.peakRssMb.toFixed(0)} MB`,
          );
          rmSync(out);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await client
      .db(DB)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  }

  // The pure-JS child is TypeScript run through tsx; its start-up is part of its time, so say how much.
  const empty = join(tmpdir(), `mongodb-arrow-export-empty-${process.pid}.ts`);
  writeFileSync(empty, '');
  const tsxStart = timedStart(['--import', 'tsx', empty]);
  const plainStart = timedStart(['-e', '']);
  rmSync(empty);

  const date = new Date().toISOString();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const lines = [
    `# Export to Parquet: \`mongodb-arrow export\` against the pure-JS path`,
    '',
    `Run ${date} at commit ${commit}, load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} (2 shared vCPUs), server mongo-java-server (in memory), shape \`${SHAPE}\`, ${runs} runs per cell, interleaved.`,
    '',
    '```sh',
    `npm run build && bash scripts/fast-server.sh run node --import tsx bench/export.ts ${sizes.join(',')} ${runs}${oursOnly ? ' ours-only' : ''}`,
    '```',
    '',
    '| contender | documents | median s | documents/s | peak RSS MB (max) | file MB |',
    '|---|--:|--:|--:|--:|--:|',
  ];
  for (const [key, list] of results) {
    const [label, size] = key.split(' ') as [string, string];
    const median = summarize(list.map((r) => r.seconds * 1000)).medianMs / 1000;
    const rss = Math.max(...list.map((r) => r.peakRssMb));
    const file = list[0]?.fileMb ?? 0;
    lines.push(
      `| ${label} | ${Number(size).toLocaleString('en')} | ${median.toFixed(2)} | ${Math.round(Number(size) / median).toLocaleString('en')} | ${rss.toFixed(0)} | ${file.toFixed(1)} |`,
    );
  }
  lines.push(
    '',
    `Start-up of an empty script, same run: node ${plainStart.toFixed(2)} s, node with tsx (the pure-JS child's loader) ${tsxStart.toFixed(2)} s; the difference is in the pure-JS times above.`,
  );
  const text = `${lines.join('\n')}\n`;
  const file = join(ROOT, 'bench', 'results', `export-${date.slice(0, 16).replace(':', '-')}.md`);
  writeFileSync(file, text);
  console.log(text);
  console.error(`export bench: wrote ${file}`);
})();
