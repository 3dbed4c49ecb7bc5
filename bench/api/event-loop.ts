/**
 * The event loop's max delay while
 * aggregateArrow loads N documents of ~200 bytes, beside the plain driver
 * path on the same data and beside the floor (the driver fetching the same
 * replies with nothing decoded). Each load runs in its own plain-node child
 * process against the compiled package (bench/api/event-loop-child.mjs);
 * NODE_OPTIONS, when set, reaches the children and is recorded.
 *
 * On a small machine the test server competes with the client for the same
 * cores, and a client starved of CPU shows delay its code did not cause. So
 * each path is measured twice: with the server at normal priority, then with
 * every server thread lowered to nice 10, a stand-in for a server on another
 * machine.
 *
 * Run: npm run build && bash scripts/with-test-server.sh node --import tsx bench/api/event-loop.ts [N] [runs] [paths]
 * where paths is a comma-separated subset of aggregateArrow,driver,fetch,findArrow,driverFind,fetchFind
 * (default: the first three). On the fast server (scripts/fast-server.sh run ...), whose aggregate
 * answers in one reply, use the find paths: findArrow,driverFind,fetchFind (batches of 10,000).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { DOCUMENT200_SCHEMA, runApiBench, runPlainNodeChild } from './dataset.js';

const RUNS = Number(process.argv[3] ?? 1);
const ALL_PATHS = ['aggregateArrow', 'driver', 'fetch', 'findArrow', 'driverFind', 'fetchFind'] as const;
const DEFAULT_PATHS = ALL_PATHS.slice(0, 3);
type Path = (typeof ALL_PATHS)[number];
const PATHS = selectPaths(process.argv[4]);
const LABELS: Record<Path, string> = {
  aggregateArrow: 'aggregateArrow',
  driver: 'driver aggregate().toArray()',
  fetch: 'floor: driver fetch only, same pipeline (raw replies dropped)',
  findArrow: 'findArrow (batchSize 10,000)',
  driverFind: 'driver find().toArray() (batchSize 10,000)',
  fetchFind: 'floor: driver fetch only, same find (raw replies dropped)',
};

interface Load {
  rows: number;
  ms: number;
  maxDelayMs: number;
  p99DelayMs: number;
}

function selectPaths(list: string | undefined): readonly Path[] {
  if (!list) return DEFAULT_PATHS;
  const paths = list.split(',');
  const unknown = paths.filter((p) => !(ALL_PATHS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`unknown path(s) ${unknown.join(', ')}; known: ${ALL_PATHS.join(', ')}`);
  return paths as Path[];
}

/** The pid of the server our scripts started (FerretDB or the fast server), if they started one. */
function testServerPid(): number | undefined {
  const state = process.env.MONGODB_ARROW_SERVER_STATE ?? process.env.MONGODB_ARROW_FAST_SERVER_STATE;
  if (!state || !existsSync(state)) return undefined;
  const line = readFileSync(state, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('pid='));
  return line ? Number(line.slice(4)) : undefined;
}

/**
 * Lowers every thread of the process. On Linux a priority belongs to a thread,
 * and setpriority(pid) changes only the thread whose id is the pid; a Go
 * server runs its work on other threads (threads it starts later inherit the
 * priority of the thread that starts them).
 */
function lowerPriority(pid: number, niceness: number): void {
  for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), niceness);
}

function load(uri: string, database: string, collection: string, path: Path): Load {
  return runPlainNodeChild<Load>('event-loop-child.mjs', [uri, database, collection, path], {
    EVENT_LOOP_SCHEMA: JSON.stringify(DOCUMENT200_SCHEMA),
  });
}

function measureAll(uri: string, database: string, collection: string, server: string) {
  return PATHS.map((path) => {
    const runs = Array.from({ length: RUNS }, () => load(uri, database, collection, path));
    const result = {
      label: LABELS[path],
      server,
      rows: runs[0]?.rows,
      maxDelayMs: Math.max(...runs.map((r) => r.maxDelayMs)),
      runs,
    };
    console.log(JSON.stringify(result));
    return result;
  });
}

const nodeOptions = process.env.NODE_OPTIONS?.trim() || undefined;

// Variants get their own result file rather than overwriting the day's full run.
const variant = [...(PATHS === DEFAULT_PATHS ? [] : PATHS), ...(nodeOptions ? ['node-options'] : [])];
const resultName = ['event-loop', ...variant].join('-');

runApiBench(resultName, async (collection, uri) => {
  const { dbName, collectionName } = collection;
  const results = measureAll(uri, dbName, collectionName, 'normal priority');
  const pid = testServerPid();
  if (pid) {
    lowerPriority(pid, 10);
    results.push(...measureAll(uri, dbName, collectionName, 'lowered priority (nice 10)'));
  }
  return {
    server: uri,
    nodeOptions,
    runsPerPath: RUNS,
    note: 'maxDelayMs is the largest of the runs; each run is a separate plain-node process on dist/esm.',
    results,
  };
});
