import { MongoArrowError } from './errors.js';

/**
 * A row of the input that was not written. `code` is the server's error
 * code (a number, e.g. 11000 for a duplicate key), `'INVALID_VALUE'` for a
 * value that cannot be written as BSON (nothing of the row was sent), or
 * `'NOT_ATTEMPTED'` for a row after the first failure of an ordered write.
 */
export interface WriteFailure {
  /** The row's index in the input, from 0, counted across record batches. */
  readonly row: number;
  readonly code: number | 'INVALID_VALUE' | 'NOT_ATTEMPTED';
  readonly message: string;
}

/** What a write did: the server's counts, and every row it did not write. */
export interface WriteResult {
  /** Documents inserted (`mode: 'insert'`). */
  readonly insertedCount: number;
  /** Documents a key matched (`'replace'` and `'upsert'`). */
  readonly matchedCount: number;
  /** Matched documents that changed. */
  readonly modifiedCount: number;
  /** Documents inserted because no document matched their key (`'upsert'`). */
  readonly upsertedCount: number;
  /** Rows not written, by row. */
  readonly failed: readonly WriteFailure[];
  /** Rows read from the input (written, failed or not attempted). */
  readonly rows: number;
  /**
   * Whether the input was left unread after an ordered write stopped. Rows
   * read but not sent are in `failed` as `'NOT_ATTEMPTED'`; rows of an
   * iterable that were never read are not listed (the iterable was closed).
   */
  readonly stoppedEarly: boolean;
}

/**
 * The rejection of a write whose `signal` was aborted: code `ABORTED`, the
 * signal's reason as `cause`, and in `result` what the server had
 * acknowledged by then. No command is sent after the abort; the commands in
 * flight are waited for, so that `result` is exact.
 */
export class WriteAbortedError extends MongoArrowError {
  readonly result: WriteResult;

  constructor(result: WriteResult, signal: AbortSignal) {
    super('ABORTED', `the write was aborted after ${acknowledged(result)} acknowledged rows`, {
      cause: signal.reason,
    });
    this.result = result;
  }
}

function acknowledged(result: WriteResult): number {
  return result.insertedCount + result.matchedCount + result.upsertedCount;
}
