/**
 * `npm run bench` (through bench/run.sh): loads every shape's data, measures
 * every contender on it in child processes, then writes
 * bench/results/<date>.json, <date>.md, latest.md and latest.svg.
 *
 * Needs MONGODB_URI (run.sh starts the fast server when it is unset, and then
 * names its process in MONGODB_ARROW_BENCH_SERVER_PID so its CPU time is read).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Document, MongoClient } from 'mongodb';
import { decodeDocuments, type Options, parseOptions, warmUpDocuments } from './args.js';
import {
  CONTENDER_LABELS,
  type ContenderId,
  DECODE_ONLY,
  END_TO_END,
  FULL_MODE_ONLY,
  type GroupSpec,
  type ServerProcess,
} from './cell.js';
import { renderChart } from './chart.js';
import { ensureDataFile, loadCollection } from './data.js';
import { describeMachine } from './machine.js';
import { runNotes } from './notes.js';
import { renderMarkdown } from './report.js';
import { type CellResult, okResult, type RunRecord } from './results.js';
import { type Shape, shapeByName } from './shapes.js';
import { type ChildOutcome, runNodeGroups, runPythonGroups } from './spawn.js';
import { nodePackageVersion, type PythonSide, pythonSide } from './versions.js';

const BENCH_DIR = __dirname;
const DATA_DIR = join(BENCH_DIR, '.data');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const DATABASE = 'mongodb_arrow_bench';

const STARTED = performance.now();

function log(message: string): void {
  process.stderr.write(`bench +${((performance.now() - STARTED) / 1000).toFixed(1)} s: ${message}\n`);
}

/** PyMongoArrow keeps Decimal128 as 16 raw bytes; ours formats exact text unless told otherwise. */
const DECIMAL_SHAPES: ReadonlySet<string> = new Set(['extension']);

interface PlannedGroup {
  readonly spec: GroupSpec;
  readonly bsonBytes: number;
}

class Runner {
  readonly cells: CellResult[] = [];

  constructor(private readonly py: PythonSide) {}

  /** Runs every group's Node contenders in one child, then PyMongoArrow's in one Python child. */
  async groups(planned: readonly PlannedGroup[]): Promise<void> {
    const only = (spec: GroupSpec, python: boolean): GroupSpec => ({
      ...spec,
      contenders: spec.contenders.filter((c) => c.startsWith('pymongoarrow') === python),
    });
    const node = planned.map((p) => ({ ...p, spec: only(p.spec, false) })).filter((p) => p.spec.contenders.length);
    const python = planned.map((p) => ({ ...p, spec: only(p.spec, true) })).filter((p) => p.spec.contenders.length);
    this.record(node, await runNodeGroups(node.map((p) => p.spec)), false);
    if (python.length === 0) return;
    const outcomes: ChildOutcome[] = this.py.python
      ? await runPythonGroups(
          this.py.python,
          python.map((p) => p.spec),
        )
      : python.map(() => ({ kind: 'failed', reason: this.py.unavailable ?? 'no Python' }));
    this.record(python, outcomes, !this.py.python);
  }

  private record(planned: readonly PlannedGroup[], outcomes: readonly ChildOutcome[], unavailable: boolean): void {
    for (const [i, { spec, bsonBytes }] of planned.entries()) {
      const outcome = outcomes[i] ?? { kind: 'failed', reason: 'no outcome' };
      for (const contender of spec.contenders) {
        const base = { contender, mode: spec.mode, shape: spec.shape, documents: spec.documents, bsonBytes };
        const measurement = outcome.kind === 'measured' ? outcome.measurements[contender] : undefined;
        const result: CellResult = measurement
          ? okResult(spec, contender, bsonBytes, measurement)
          : {
              ...base,
              status: unavailable ? 'unavailable' : 'failed',
              note: outcome.kind === 'failed' ? outcome.reason : 'no measurement',
            };
        this.cells.push(result);
        const figure =
          result.status === 'ok'
            ? `${Math.round(result.docsPerSecond ?? 0).toLocaleString('en-US')} docs/s, ${result.summary?.medianMs.toFixed(1)} ms`
            : `${result.status}: ${result.note ?? ''}`;
        log(`${spec.mode} ${spec.shape} ${spec.documents} ${CONTENDER_LABELS[contender]}: ${figure}`);
      }
    }
  }
}

async function serverVersion(client: MongoClient): Promise<string> {
  const named = process.env.MONGODB_ARROW_BENCH_SERVER;
  const info = await client.db('admin').command({ buildInfo: 1 });
  const ferret = (info as Document).ferretdb as Document | undefined;
  if (named) return `${named} (reports MongoDB ${String(info.version)})`;
  return ferret
    ? `FerretDB ${String(ferret.version)} (wire version of MongoDB ${String(info.version)})`
    : `MongoDB ${String(info.version)}`;
}

/** The server's process when run.sh started it on this machine (a user's MONGODB_URI has none). */
function serverProcess(): ServerProcess | undefined {
  const pid = Number(process.env.MONGODB_ARROW_BENCH_SERVER_PID);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return { pid, clockTicks };
}

function endToEndContenders(options: Options): ContenderId[] {
  return END_TO_END.filter((c) => !options.quick || !FULL_MODE_ONLY.has(c));
}

function decodeOnlyGroup(options: Options, shape: Shape, documents: number): PlannedGroup {
  const count = decodeDocuments(options, shape.name, documents);
  log(`data: ${shape.name} × ${count}`);
  const file = ensureDataFile(shape, count, DATA_DIR);
  const contenders = DECODE_ONLY.filter((c) => c !== 'ours-decode-decimal-bytes' || DECIMAL_SHAPES.has(shape.name));
  const spec: GroupSpec = {
    mode: 'decode-only',
    contenders,
    shape: shape.name,
    documents: count,
    runs: options.runs,
    warmUpDocuments: Math.ceil(count / 10),
    dataFile: file.path,
  };
  return { spec, bsonBytes: file.bytes };
}

/** Loads the shape's collection; the group then reads it. */
async function endToEndGroup(
  options: Options,
  client: MongoClient,
  shape: Shape,
  documents: number,
): Promise<PlannedGroup> {
  const file = ensureDataFile(shape, documents, DATA_DIR);
  const collectionName = `${shape.name}_${documents}`;
  await loadCollection(client.db(DATABASE).collection(collectionName), shape, documents);
  const server = serverProcess();
  const spec: GroupSpec = {
    mode: 'end-to-end',
    contenders: endToEndContenders(options),
    shape: shape.name,
    documents,
    runs: options.runs,
    warmUpDocuments: warmUpDocuments(documents),
    uri: process.env.MONGODB_URI as string,
    database: DATABASE,
    collection: collectionName,
    batchSize: options.batchSize,
    ...(server && { server }),
  };
  return { spec, bsonBytes: file.bytes };
}

async function measureSize(runner: Runner, options: Options, client: MongoClient, documents: number) {
  if (options.sizes.includes(documents)) {
    await runner.groups(options.shapes.map((name) => decodeOnlyGroup(options, shapeByName(name), documents)));
  }
  if (!options.endToEndSizes.includes(documents)) return;
  // Loaded side by side: the server stores one collection while the client generates the next's documents.
  const loadStarted = performance.now();
  const planned = await Promise.all(
    options.endToEndShapes.map((name) => endToEndGroup(options, client, shapeByName(name), documents)),
  );
  log(`loaded ${planned.length} collections in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
  await runner.groups(planned);
  // An in-memory server would otherwise hold every size at once.
  for (const { spec } of planned)
    await client
      .db(DATABASE)
      .collection(spec.collection as string)
      .drop();
}

async function main(): Promise<void> {
  const started = performance.now();
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set; run `npm run bench`, which starts the fast server');
  const py = pythonSide(options.python);
  const machine = describeMachine(py.python ?? 'python3');
  const runner = new Runner(py);
  const client = await new MongoClient(uri).connect();
  let server: string;
  try {
    server = await serverVersion(client);
    const allSizes = [...new Set([...options.sizes, ...options.endToEndSizes])].sort((a, b) => a - b);
    for (const documents of allSizes) await measureSize(runner, options, client, documents);
  } finally {
    await client.close();
  }

  const date = new Date().toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const record: RunRecord = {
    date,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    quick: options.quick,
    durationSeconds: (performance.now() - started) / 1000,
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    machine,
    server,
    versions: {
      mongodb: nodePackageVersion('mongodb'),
      'apache-arrow': nodePackageVersion('apache-arrow'),
      bson: nodePackageVersion('bson'),
      ...py.versions,
    },
    notes: runNotes(options, machine.cores, serverProcess() !== undefined),
    cells: runner.cells,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const markdown = renderMarkdown(record);
  writeFileSync(join(RESULTS_DIR, `${date}.json`), `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${date}.md`), markdown);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  writeFileSync(join(RESULTS_DIR, 'latest.svg'), renderChart(record));
  process.stdout.write(`${markdown}\nbench: wrote bench/results/${date}.{json,md}, latest.md, latest.svg\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
