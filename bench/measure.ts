/**
 * The measuring loop of a Node child: each contender warms up once, then the
 * contenders take turns for `runs` rounds (the first of each round moves on by
 * one, so no contender always follows the same one), with a GC before every
 * run. Per run: wall time, RSS growth, and (end to end) the event loop's max
 * delay and the CPU time the server process spent meanwhile.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Data, Table } from 'apache-arrow';
import type { ContenderId, ServerProcess } from './cell.js';
import { serverCpuMs } from './server-cpu.js';

/** What a child prints (as the last line of its stdout) for the parent, per contender. */
export interface CellMeasurement {
  readonly timesMs: number[];
  readonly documents: number;
  readonly tableBytes: number;
  /** The largest RSS growth over a run (RSS right after it minus RSS after the GC before it). */
  readonly rssGrowthBytes: number;
  readonly baselineRssBytes: number;
  readonly eventLoopMaxDelayMs?: number;
  /** CPU time of the server process during each run (all its threads, JIT and GC included). */
  readonly serverCpuMs?: number[];
}

export interface RunOutput {
  readonly documents: number;
  readonly tableBytes: number;
}

export interface Contender {
  warmUp(): Promise<unknown>;
  run(): Promise<RunOutput>;
}

declare const gc: (() => void) | undefined;

function collect(): void {
  if (typeof gc === 'function') gc();
}

interface Tally {
  readonly timesMs: number[];
  readonly serverCpuMs: number[];
  last: RunOutput;
  rssGrowthBytes: number;
  eventLoopMaxDelayMs: number;
}

/**
 * `endToEnd` watches the event loop (decode-only contenders never yield, so a
 * delay would mean nothing) and, given the server's pid, its CPU time.
 */
export async function measureRounds(
  runs: number,
  contenders: ReadonlyMap<ContenderId, Contender>,
  endToEnd: boolean,
  server: ServerProcess | undefined,
): Promise<Partial<Record<ContenderId, CellMeasurement>>> {
  collect();
  const baselineRssBytes = process.memoryUsage().rss;
  const ids = [...contenders.keys()];
  const tallies = new Map<ContenderId, Tally>();
  for (const id of ids) {
    await contenders.get(id)?.warmUp();
    collect();
    tallies.set(id, {
      timesMs: [],
      serverCpuMs: [],
      last: { documents: 0, tableBytes: 0 },
      rssGrowthBytes: 0,
      eventLoopMaxDelayMs: 0,
    });
  }
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < ids.length; k++) {
      const id = ids[(round + k) % ids.length] as ContenderId;
      const contender = contenders.get(id) as Contender;
      const tally = tallies.get(id) as Tally;
      collect();
      const rssBefore = process.memoryUsage().rss;
      const cpuBefore = server && serverCpuMs(server);
      // A fresh histogram per run: one re-enabled after other contenders ran would count that gap as delay.
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      if (endToEnd) histogram.enable();
      const started = performance.now();
      tally.last = await contender.run();
      tally.timesMs.push(performance.now() - started);
      histogram.disable();
      if (endToEnd) tally.eventLoopMaxDelayMs = Math.max(tally.eventLoopMaxDelayMs, histogram.max / 1e6);
      if (server && cpuBefore !== undefined) tally.serverCpuMs.push(serverCpuMs(server) - cpuBefore);
      tally.rssGrowthBytes = Math.max(tally.rssGrowthBytes, process.memoryUsage().rss - rssBefore);
    }
  }
  const out: Partial<Record<ContenderId, CellMeasurement>> = {};
  for (const [id, t] of tallies) {
    out[id] = {
      timesMs: t.timesMs,
      ...t.last,
      rssGrowthBytes: t.rssGrowthBytes,
      baselineRssBytes,
      ...(endToEnd && { eventLoopMaxDelayMs: t.eventLoopMaxDelayMs }),
      ...(t.serverCpuMs.length > 0 && { serverCpuMs: t.serverCpuMs }),
    };
  }
  return out;
}

function dataBytes(data: Data): number {
  let total = 0;
  for (const buffer of [data.values, data.valueOffsets, data.nullBitmap] as const) {
    if (buffer) total += buffer.byteLength;
  }
  for (const child of data.children) total += dataBytes(child);
  return total;
}

/** Bytes held by a table's buffers (the report's "table MB"). */
export function tableBytes(table: Table): number {
  let total = 0;
  for (const batch of table.batches) total += dataBytes(batch.data);
  return total;
}
