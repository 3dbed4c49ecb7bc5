import { appendFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `npm run test:faults -- --long` sets this: release sizes instead of the CI ones. */
export const LONG = process.env.FAULTS_LONG === '1';

/** One measured scenario, as the README's Reliability table shows it. */
export interface FaultRow {
  readonly scenario: string;
  readonly api: string;
  /** What happened, e.g. `rejects MongoNetworkError` or `200/200 ABORTED or complete`. */
  readonly outcome: string;
  /** Milliseconds from the fault to the rejection, when there is one. */
  readonly rejectMs?: number | undefined;
  /** Handles and resources (sockets, timers) alive after the client closed that were not before; undefined when the work ran in a child process. */
  readonly leakedHandles: number | undefined;
  /** Server cursors opened and neither killed nor exhausted, when the scenario counts them. */
  readonly leakedCursors?: number | undefined;
  readonly rssBeforeMiB: number | undefined;
  readonly rssAfterMiB: number | undefined;
}

/** Prints the row (so a plain `node --test` run shows it) and appends it to `$FAULTS_REPORT` for the runner's table. */
export function record(row: FaultRow): void {
  const line = JSON.stringify(row);
  console.log(`fault-row ${line}`);
  const file = process.env.FAULTS_REPORT;
  if (file) appendFileSync(file, `${line}\n`);
}

/** The resources keeping the event loop alive, by kind (`TCPSocketWrap`, `Timeout`, ...). */
export function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * How many resources the loop holds beyond `before`. Closed sockets take a few
 * turns of the loop to go (longer on a busy machine), so this looks again
 * every 50 ms for up to `ms`: a handle still there after that is a leak.
 */
export async function leakedSince(before: Map<string, number>, ms = 2_000): Promise<number> {
  const leaked = () => {
    let n = 0;
    for (const [kind, count] of resources()) n += Math.max(0, count - (before.get(kind) ?? 0));
    return n;
  };
  const deadline = performance.now() + ms;
  await new Promise((resolve) => setTimeout(resolve, 50));
  while (leaked() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return leaked();
}

let collect: (() => void) | undefined;

/** A full collection, with or without `--expose-gc` (node --test does not pass it to its children). */
export function gc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = (globalThis.gc as (() => void) | undefined) ?? (runInNewContext('gc') as () => void);
  }
  collect();
  collect();
}

export function rssMiB(): number {
  return Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
}

export function heapMiB(): number {
  return Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10;
}

/** The error's name and, when it has one, its code: what the table shows as the outcome. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return `non-Error ${String(err)}`;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${err.name} ${code}` : err.name;
}
