/**
 * One cell of the result grid: a contender on one shape and size. The parent
 * passes it to a child process as JSON, so each cell gets a fresh process
 * and its own peak RSS.
 */
import type { ShapeName } from './shapes.js';

/** The contenders of each mode, in the order they run and are reported. */
export const END_TO_END = [
  'raw-floor',
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

export type ContenderId = (typeof END_TO_END)[number] | (typeof DECODE_ONLY)[number];

export interface CellSpec {
  readonly contender: ContenderId;
  readonly shape: ShapeName;
  readonly documents: number;
  readonly runs: number;
  /** End to end: the server and the collection holding the shape's documents. */
  readonly uri?: string;
  readonly database?: string;
  readonly collection?: string;
  /** Decode-only: the concatenated BSON documents of the shape. */
  readonly dataFile?: string;
  /** Documents the warm-up loads (a `limit`), so warming up costs little on a slow server. */
  readonly warmUpDocuments: number;
}

export const CONTENDER_LABELS: Readonly<Record<ContenderId, string>> = {
  'ours-find': 'mongodb-arrow findArrow',
  'ours-aggregate': 'mongodb-arrow aggregateArrow',
  'ours-aggregate-stream': 'mongodb-arrow aggregateArrowStream',
  'js-columnar': 'driver toArray + best JS columnar build',
  'js-tableFromJSON': 'driver toArray + tableFromJSON (naive)',
  'raw-floor': 'raw cursor, no decoding (floor)',
  'pymongoarrow-find': 'PyMongoArrow find_arrow_all',
  'ours-decode': 'mongodb-arrow decodeBson',
  'ours-decode-decimal-bytes': 'mongodb-arrow decodeBson, Decimal128 as 16 bytes (as PyMongoArrow)',
  'js-bson-columnar': 'js-bson deserialize + best JS columnar build',
  'pymongoarrow-decode': 'PyMongoArrow process_bson_stream',
};
