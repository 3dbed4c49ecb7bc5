import type { AbstractCursor } from 'mongodb';
import { documentsBatch, type RawBatch, type RawBatchSource } from './raw-batch.js';

/**
 * The parts of the driver's internal cursor response (`CursorResponse`, in
 * drivers 6.8 and later) that `takeReplyBatch` reads. Nothing here is public
 * driver API, so every part is checked before it is used.
 */
interface CursorResponseParts {
  /** The reply's `firstBatch`/`nextBatch` array, as an on-demand BSON document. */
  readonly batch: { readonly bson: Uint8Array; readonly offset: number; readonly isArray: boolean };
  /** Documents of the batch the driver already handed out. */
  readonly iterated: number;
  /** Documents still buffered. */
  readonly length: number;
  readonly batchSize: number;
  readonly encryptedResponse?: unknown;
  /** Marks the whole batch as handed out. */
  clear(): void;
}

function cursorResponseOf(cursor: AbstractCursor<Uint8Array>): CursorResponseParts | undefined {
  const response: unknown = (cursor as unknown as { documents?: unknown }).documents;
  if (typeof response !== 'object' || response === null) return undefined;
  const parts = response as Partial<CursorResponseParts>;
  if (typeof parts.clear !== 'function' || parts.encryptedResponse != null) return undefined;
  try {
    const { batch, iterated, length, batchSize } = parts;
    const wellFormed =
      batch?.isArray === true &&
      batch.bson instanceof Uint8Array &&
      Number.isInteger(batch.offset) &&
      Number.isInteger(iterated) &&
      Number.isInteger(length) &&
      (iterated as number) + (length as number) === batchSize;
    return wellFormed ? (parts as CursorResponseParts) : undefined;
  } catch {
    // A response without a batch (an explain) throws from `batch`.
    return undefined;
  }
}

/**
 * Takes the documents the cursor has buffered as the reply's whole batch
 * array, without the driver making a view (and parsing the elements) of each
 * document on the JavaScript thread. Returns undefined when the driver's
 * internals are not the ones this knows, and the caller falls back to
 * `readBufferedDocuments`.
 */
export function takeReplyBatch(cursor: AbstractCursor<Uint8Array>): RawBatch | undefined {
  const response = cursorResponseOf(cursor);
  if (!response || response.length === 0) return undefined;
  const { bson, offset } = response.batch;
  if (offset < 0 || offset + 4 > bson.byteLength) return undefined;
  const arrayLength = new DataView(bson.buffer, bson.byteOffset + offset, 4).getInt32(0, true);
  if (arrayLength < 5 || offset + arrayLength > bson.byteLength) return undefined;
  const array = bson.subarray(offset, offset + arrayLength);
  const batch: RawBatch = {
    input: { form: 'replyBatch', bytes: array, skip: response.iterated, count: response.length },
    bytes: array.byteLength,
  };
  response.clear();
  return batch;
}

/**
 * Calls `onError` with the error of a failed getMore as soon as it fails.
 * `getMore` is the driver's internal method (AbstractCursor, drivers 6 and
 * 7); a driver without it is left alone, and reports the error when its
 * cleanup is done.
 */
function watchGetMore(cursor: AbstractCursor<Uint8Array>, onError: (error: unknown) => void): void {
  const internals = cursor as unknown as { getMore?: (...args: unknown[]) => Promise<unknown> };
  const getMore = internals.getMore;
  if (typeof getMore !== 'function') return;
  internals.getMore = async function (this: unknown, ...args: unknown[]) {
    try {
      return await getMore.apply(this, args);
    } catch (error) {
      onError(error);
      throw error;
    }
  };
}

/**
 * One raw batch per server reply. `hasNext` makes the driver run getMore
 * (on the same server, in the same session) only when its buffer is empty;
 * the reply's batch array is then handed over whole (see `takeReplyBatch`),
 * or, with driver internals this does not know, as `readBufferedDocuments`.
 */
export function cursorSource(cursor: AbstractCursor<Uint8Array>, useReplyBatches = true): RawBatchSource {
  let pending: Promise<unknown> | undefined;
  let failGetMore: ((error: unknown) => void) | undefined;
  watchGetMore(cursor, (error) => failGetMore?.(error));
  const next = async (): Promise<RawBatch | undefined> => {
    const hasNext = cursor.hasNext();
    // When a getMore fails, the driver first tries to kill the cursor, and on a dead
    // server that waits for server selection (30 s by default) before hasNext rejects
    // with the getMore's error. Reject with that error at once; the driver's cleanup
    // goes on in the background and its late rejection is expected.
    const failed = new Promise<never>((_, reject) => {
      failGetMore = reject;
    });
    hasNext.catch(() => undefined);
    try {
      if (!(await Promise.race([hasNext, failed]))) return undefined;
    } finally {
      failGetMore = undefined;
    }
    return (useReplyBatches && takeReplyBatch(cursor)) || documentsBatch(cursor.readBufferedDocuments());
  };
  return {
    next() {
      const batch = next();
      pending = batch;
      const settled = () => {
        if (pending === batch) pending = undefined;
      };
      batch.then(settled, settled);
      return batch;
    },
    // The driver sends killCursors when the server cursor is open. Closed
    // while its first command is in flight, it sends nothing, and the cursor
    // that command then opens would stay open on the server: wait for the
    // reply (the read has already rejected), then close.
    close() {
      const inFlight = pending;
      if (!inFlight) return cursor.close();
      const close = () => cursor.close();
      return inFlight.then(close, close);
    },
  };
}
