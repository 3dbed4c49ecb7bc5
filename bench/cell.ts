/**
 * The result grid: a cell is a contender on one shape and size. The cells of
 * one shape and mode that run in Node share one child process (a group), so
 * they can take turns run by run: a burst of load from elsewhere then hits
 * every contender alike instead of one of them. Python's contender runs in its
 * own child, right after.
 */
import type { ShapeName } from './shapes.js';

/** The contenders of each mode, in the order they are reported. */
export const END_TO_END = [
  'raw-floor',
  'raw-floor-aggregate',
  'raw-cursor',
  'ours-find',
  'ours-aggregate',
  'ours-aggregate-stream',
  'js-columnar',
  'js-tableFromJSON',
  'pymongoarrow-find',
] as const;
export const DECODE_ONLY = [
  'ours-decode',
  'ours-decode-decimal-bytes',
  'js-bson-columnar',
  'pymongoarrow-decode',
] as const;

/** End-to-end contenders that quick mode leaves out: none is one of the comparisons. */
export const FULL_MODE_ONLY: ReadonlySet<ContenderId> = new Set([
  // The server's CPU time during aggregateArrow says nearly as much, at no cost to quick mode's 2 minutes.
  'raw-floor-aggregate',
  'raw-cursor',
  'ours-aggregate-stream',
  'js-tableFromJSON',
]);

export type ContenderId = (typeof END_TO_END)[number] | (typeof DECODE_ONLY)[number];
export type Mode = 'end-to-end' | 'decode-only';

/** The server process, so a child can read how much CPU it spent serving each load. */
export interface ServerProcess {
  readonly pid: number;
  /** `getconf CLK_TCK`: the unit of /proc/<pid>/stat's CPU times. */
  readonly clockTicks: number;
}

export interface GroupSpec {
  readonly mode: Mode;
  readonly contenders: readonly ContenderId[];
  readonly shape: ShapeName;
  readonly documents: number;
  readonly runs: number;
  /** Documents each contender loads once before the timed rounds. */
  readonly warmUpDocuments: number;
  /** End to end: the server, the collection holding the shape's documents, and find's batchSize. */
  readonly uri?: string;
  readonly database?: string;
  readonly collection?: string;
  readonly batchSize?: number;
  readonly server?: ServerProcess;
  /** Decode-only: the concatenated BSON documents of the shape. */
  readonly dataFile?: string;
}

export const CONTENDER_LABELS: Readonly<Record<ContenderId, string>> = {
  'ours-find': 'mongodb-arrow findArrow',
  'ours-aggregate': 'mongodb-arrow aggregateArrow',
  'ours-aggregate-stream': 'mongodb-arrow aggregateArrowStream',
  'js-columnar': 'driver toArray + best JS columnar build',
  'js-tableFromJSON': 'driver toArray + tableFromJSON (naive)',
  'raw-floor': 'floor: raw find, reply batches taken whole, nothing decoded',
  'raw-floor-aggregate': "aggregate floor: aggregateArrow's raw aggregate, batches taken whole, nothing decoded",
  'raw-cursor': 'driver raw cursor (readBufferedDocuments), nothing decoded',
  'pymongoarrow-find': 'PyMongoArrow find_arrow_all',
  'ours-decode': 'mongodb-arrow decodeBson',
  'ours-decode-decimal-bytes': 'mongodb-arrow decodeBson, Decimal128 as 16 bytes (as PyMongoArrow)',
  'js-bson-columnar': 'js-bson deserialize + best JS columnar build',
  'pymongoarrow-decode': 'PyMongoArrow process_bson_stream',
};
