/** Summary statistics of a cell's timed runs. */
export interface Summary {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function summarize(timesMs: readonly number[]): Summary {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { medianMs: median, minMs: sorted[0] as number, maxMs: sorted[sorted.length - 1] as number };
}
