/** The recorded form of a benchmark run (bench/results/<date>.json). */
import type { ContenderId, GroupSpec, Mode } from './cell.js';
import type { Machine } from './machine.js';
import type { CellMeasurement } from './measure.js';
import type { ShapeName } from './shapes.js';
import { type Summary, summarize } from './stats.js';

export type { Mode } from './cell.js';
export type Status = 'ok' | 'failed' | 'unavailable';

export interface CellResult {
  readonly contender: ContenderId;
  readonly mode: Mode;
  readonly shape: ShapeName;
  readonly documents: number;
  readonly status: Status;
  readonly note?: string;
  readonly bsonBytes: number;
  readonly summary?: Summary;
  readonly docsPerSecond?: number;
  readonly mbPerSecond?: number;
  readonly measurement?: CellMeasurement;
}

export interface RunRecord {
  readonly date: string;
  readonly command: string;
  readonly quick: boolean;
  readonly durationSeconds: number;
  /** The 1/5/15-minute load averages when the run ended (the start is in `machine`). */
  readonly loadAverageAtEnd?: readonly number[];
  readonly machine: Machine;
  readonly server: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
  readonly cells: readonly CellResult[];
}

export function okResult(
  spec: GroupSpec,
  contender: ContenderId,
  bsonBytes: number,
  measurement: CellMeasurement,
): CellResult {
  const summary = summarize(measurement.timesMs);
  const seconds = summary.medianMs / 1000;
  const base = { contender, mode: spec.mode, shape: spec.shape, documents: spec.documents, bsonBytes };
  if (measurement.documents !== spec.documents) {
    return { ...base, status: 'failed', note: `returned ${measurement.documents} rows, ${spec.documents} expected` };
  }
  return {
    ...base,
    status: 'ok',
    summary,
    docsPerSecond: spec.documents / seconds,
    mbPerSecond: bsonBytes / 1e6 / seconds,
    measurement,
  };
}
