/**
 * The measuring loop every Node contender runs inside its own child process:
 * a warm-up, then timed runs, with a GC between runs (so one run's garbage
 * doesn't inflate the next run's peak RSS), the event loop's max delay during
 * the timed runs, and the peak RSS of the process.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Data, Table } from 'apache-arrow';

/** What a child prints (as the last line of its stdout) for the parent. */
export interface CellMeasurement {
  readonly timesMs: number[];
  readonly documents: number;
  readonly tableBytes: number;
  readonly peakRssBytes: number;
  readonly baselineRssBytes: number;
  readonly eventLoopMaxDelayMs?: number;
}

export interface RunOutput {
  readonly documents: number;
  readonly tableBytes: number;
}

declare const gc: (() => void) | undefined;

function collect(): void {
  if (typeof gc === 'function') gc();
}

/**
 * Runs `warmUp` once, then `run` `runs` times. `watchEventLoop` is for the
 * end-to-end contenders: decode-only ones never yield, so a delay means nothing.
 */
export async function measure(
  runs: number,
  warmUp: () => Promise<unknown>,
  run: () => Promise<RunOutput>,
  watchEventLoop: boolean,
): Promise<CellMeasurement> {
  collect();
  const baselineRssBytes = process.memoryUsage().rss;
  await warmUp();
  collect();
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const timesMs: number[] = [];
  let last: RunOutput = { documents: 0, tableBytes: 0 };
  for (let i = 0; i < runs; i++) {
    if (watchEventLoop) histogram.enable();
    const started = performance.now();
    last = await run();
    timesMs.push(performance.now() - started);
    histogram.disable();
    collect();
  }
  return {
    timesMs,
    ...last,
    // resourceUsage().maxRSS is in KiB: the kernel's high-water mark for this process.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    baselineRssBytes,
    ...(watchEventLoop && { eventLoopMaxDelayMs: histogram.max / 1e6 }),
  };
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
