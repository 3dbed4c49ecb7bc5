/**
 * Issue #4's event-loop check: the event loop's max delay while
 * aggregateArrow loads N documents of ~200 bytes, beside the plain driver
 * path on the same data. Each load runs in its own plain-node child process
 * against the compiled package (bench/api/event-loop-child.mjs).
 *
 * On a small machine the test server competes with the client for the same
 * cores, and a client starved of CPU shows delay its code did not cause. So
 * each path is measured twice: with the server at normal priority, then with
 * it lowered (nice 10), which stands in for a server on another machine.
 *
 * Run: npm run build && bash scripts/with-test-server.sh node --import tsx bench/api/event-loop.ts [N] [runs]
 */
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { DOCUMENT200_SCHEMA, runApiBench, runPlainNodeChild } from './dataset.js';

const RUNS = Number(process.argv[3] ?? 1);
const PATHS = ['aggregateArrow', 'driver'] as const;
const LABELS = { aggregateArrow: 'aggregateArrow', driver: 'driver aggregate().toArray()' };

interface Load {
  rows: number;
  ms: number;
  maxDelayMs: number;
  p99DelayMs: number;
}

/** The pid of the FerretDB that scripts/with-test-server.sh started, if it started one. */
function testServerPid(): number | undefined {
  const state = process.env.MONGODB_ARROW_SERVER_STATE;
  if (!state || !existsSync(state)) return undefined;
  const line = readFileSync(state, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('pid='));
  return line ? Number(line.slice(4)) : undefined;
}

function load(uri: string, database: string, collection: string, path: (typeof PATHS)[number]): Load {
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

runApiBench('event-loop', async (collection, uri) => {
  const { dbName, collectionName } = collection;
  const results = measureAll(uri, dbName, collectionName, 'normal priority');
  const pid = testServerPid();
  if (pid) {
    setPriority(pid, 10);
    results.push(...measureAll(uri, dbName, collectionName, 'lowered priority (nice 10)'));
  }
  return {
    server: uri,
    runsPerPath: RUNS,
    note: 'maxDelayMs is the largest of the runs; each run is a separate plain-node process on dist/esm.',
    results,
  };
});
