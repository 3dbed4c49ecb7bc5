/**
 * `npm run bench` (through bench/run.sh): loads every shape's data, measures
 * every contender on it in child processes, then writes
 * bench/results/<date>.json, <date>.md, latest.md and latest.svg.
 *
 * Needs MONGODB_URI (run.sh starts a FerretDB when it is unset).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Document, MongoClient } from 'mongodb';
import { decodeDocuments, type Options, parseOptions } from './args.js';
import { type CellSpec, CONTENDER_LABELS, type ContenderId, DECODE_ONLY, END_TO_END } from './cell.js';
import { renderChart } from './chart.js';
import { ensureDataFile, loadCollection } from './data.js';
import { describeMachine } from './machine.js';
import { renderMarkdown } from './report.js';
import { type CellResult, type Mode, okResult, type RunRecord } from './results.js';
import { type Shape, shapeByName } from './shapes.js';
import { type ChildOutcome, runNodeCell, runPythonCell } from './spawn.js';

const BENCH_DIR = __dirname;
const DATA_DIR = join(BENCH_DIR, '.data');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const VENV_PYTHON = join(BENCH_DIR, '.venv', 'bin', 'python');
const DATABASE = 'mongodb_arrow_bench';
/** FerretDB's getMore batch; a real mongod sends up to 16 MiB per batch instead. */
const SERVER_BATCH_DOCUMENTS = 250;

interface PythonSide {
  readonly python?: string;
  readonly versions: Record<string, string>;
  readonly unavailable?: string;
}

function pythonSide(options: Options): PythonSide {
  if (!options.python) return { versions: {}, unavailable: 'skipped (--no-python)' };
  const status = join(BENCH_DIR, '.venv', 'install-status.txt');
  if (!existsSync(VENV_PYTHON)) {
    const why = existsSync(status) ? readFileSync(status, 'utf8').trim() : 'bench/.venv was not created';
    return { versions: {}, unavailable: why };
  }
  try {
    const out = execFileSync(
      VENV_PYTHON,
      [
        '-c',
        'import pymongoarrow, pyarrow, pymongo; print(pymongoarrow.__version__, pyarrow.__version__, pymongo.__version__)',
      ],
      { encoding: 'utf8' },
    ).trim();
    const [pma = '?', pa = '?', pm = '?'] = out.split(' ');
    return { python: VENV_PYTHON, versions: { pymongoarrow: pma, pyarrow: pa, pymongo: pm } };
  } catch (err) {
    const why = existsSync(status) ? readFileSync(status, 'utf8').trim() : String(err);
    return { versions: {}, unavailable: `pymongoarrow cannot be imported: ${why}` };
  }
}

function nodePackageVersion(name: string): string {
  const path = join(BENCH_DIR, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

class Runner {
  readonly cells: CellResult[] = [];

  constructor(
    private readonly options: Options,
    private readonly py: PythonSide,
  ) {}

  async cell(contender: ContenderId, mode: Mode, shape: Shape, spec: CellSpec, bsonBytes: number): Promise<void> {
    const base = { contender, mode, shape: shape.name, documents: spec.documents, bsonBytes };
    let outcome: ChildOutcome;
    if (contender.startsWith('pymongoarrow')) {
      if (!this.py.python) {
        this.cells.push({ ...base, status: 'unavailable', note: this.py.unavailable ?? 'no Python' });
        return;
      }
      outcome = await runPythonCell(this.py.python, spec, shape.fields);
    } else {
      outcome = await runNodeCell(spec);
    }
    const result: CellResult =
      outcome.kind === 'measured'
        ? okResult(spec, mode, bsonBytes, outcome.measurement)
        : { ...base, status: outcome.kind, note: outcome.reason };
    this.cells.push(result);
    const figure =
      result.status === 'ok'
        ? `${Math.round(result.docsPerSecond ?? 0).toLocaleString('en-US')} docs/s, ${result.mbPerSecond?.toFixed(1)} MB/s`
        : `${result.status}: ${result.note ?? ''}`;
    log(`${mode} ${shape.name} ${spec.documents} ${CONTENDER_LABELS[contender]}: ${figure}`);
  }

  spec(contender: ContenderId, shape: Shape, documents: number, extra: Partial<CellSpec>): CellSpec {
    return {
      contender,
      shape: shape.name,
      documents,
      runs: this.options.runs,
      warmUpDocuments: this.options.warmUpDocuments,
      ...extra,
    };
  }
}

/** PyMongoArrow keeps Decimal128 as 16 raw bytes; ours formats exact text unless told otherwise. */
const DECIMAL_SHAPES: ReadonlySet<string> = new Set(['extension']);

async function serverVersion(client: MongoClient): Promise<string> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  const ferret = (info as Document).ferretdb as Document | undefined;
  return ferret
    ? `FerretDB ${String(ferret.version)} (wire version of MongoDB ${String(info.version)})`
    : `MongoDB ${String(info.version)}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set; run `npm run bench`, which starts a FerretDB server');
  const py = pythonSide(options);
  const machine = describeMachine(py.python ?? 'python3');
  const runner = new Runner(options, py);
  const client = await new MongoClient(uri).connect();
  let server: string;
  try {
    server = await serverVersion(client);
    const allSizes = [...new Set([...options.sizes, ...options.endToEndSizes])].sort((a, b) => a - b);
    for (const documents of allSizes) {
      for (const name of options.sizes.includes(documents) ? options.shapes : []) {
        const shape = shapeByName(name);
        const count = decodeDocuments(options, shape.name, documents);
        log(`data: ${shape.name} × ${count}`);
        const file = ensureDataFile(shape, count, DATA_DIR);
        for (const contender of DECODE_ONLY) {
          if (contender === 'ours-decode-decimal-bytes' && !DECIMAL_SHAPES.has(shape.name)) continue;
          await runner.cell(
            contender,
            'decode-only',
            shape,
            runner.spec(contender, shape, count, { dataFile: file.path }),
            file.bytes,
          );
        }
      }
      if (!options.endToEndSizes.includes(documents)) continue;
      for (const name of options.endToEndShapes) {
        const shape = shapeByName(name);
        const file = ensureDataFile(shape, documents, DATA_DIR);
        const collectionName = `${shape.name}_${documents}`;
        const collection = client.db(DATABASE).collection(collectionName);
        const loadStarted = performance.now();
        await loadCollection(collection, shape, documents);
        log(`loaded ${collectionName} in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
        const target = { uri, database: DATABASE, collection: collectionName };
        for (const contender of END_TO_END) {
          await runner.cell(
            contender,
            'end-to-end',
            shape,
            runner.spec(contender, shape, documents, target),
            file.bytes,
          );
        }
        // The SQLite file would otherwise grow by every shape and size.
        await collection.drop();
      }
    }
  } finally {
    await client.close();
  }

  const date = new Date().toISOString().replace(/:/g, '-').replace(/\..*/, '');
  const record: RunRecord = {
    date,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    quick: options.quick,
    durationSeconds: (performance.now() - started) / 1000,
    machine,
    server,
    versions: {
      mongodb: nodePackageVersion('mongodb'),
      'apache-arrow': nodePackageVersion('apache-arrow'),
      bson: nodePackageVersion('bson'),
      ...py.versions,
    },
    notes: [
      `${machine.cores} cores shared with the server (FerretDB, SQLite backend, on the same machine) and with whatever else runs: the end-to-end figures measure FerretDB far more than any client.`,
      "Decode-only: the shape's BSON (generated once, bench/.data) is held in memory; ours is the public decodeBson(bytes, { schema }) on it (decoded on the libuv pool in 8 MiB chunks, a record batch per 65,536 rows), PyMongoArrow's process_bson_stream gets the same bytes, the pure-JS contender deserializes them with js-bson.",
      'Extension shape: PyMongoArrow keeps Decimal128 as 16 raw bytes, ours formats each as exact text by default; the "Decimal128 as 16 bytes" row (decimal128: \'binary\') is the like-for-like one, and the PyMongoArrow ratio is taken against it.',
      `End to end: every contender reads the same collection with the same projection (no _id) and the driver's default batch size (FerretDB sends ${SERVER_BATCH_DOCUMENTS} documents per getMore); warm-up is one load with limit ${options.warmUpDocuments}.`,
      'MB/s is BSON bytes of the documents (as generated; the server returns the same documents) per second.',
      'Peak RSS is the child process high-water mark (each cell runs in its own process, GC between runs); it includes the runtime and, for decode-only, the input bytes.',
      'aggregateArrowStream: the rows of every record batch are counted and the batch dropped; its RSS is the streaming figure (no table is kept).',
      `Runs: ${options.runs} timed after a warm-up${options.quick ? ' (quick mode: decode-only at 50,000 documents, the wide shape at 10,000; end to end only the small shape, at 10,000 documents)' : ''}.`,
    ],
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
