import type { Document } from 'mongodb';
import type { WriteFailure } from '../errors/write-result.js';

/** One record batch's rows as documents for the driver, by either path (write-encode.ts, write-columns.ts). */
export interface EncodedBatch {
  /** The rows that could be encoded, in row order. */
  readonly documents: Document[];
  /** The input row of each document. */
  readonly rows: Int32Array;
  /** The BSON size of each document. */
  readonly sizes: Int32Array;
  /** The rows that could not be encoded (`INVALID_VALUE`), in row order. */
  readonly failures: WriteFailure[];
}
