import type { AbstractCursor } from 'mongodb';
import { type RawBatch, toRawBatch } from './raw-batch.js';

/**
 * Where raw batches come from: a driver cursor or a BSON file. `close` must
 * be callable while a `next` is pending, so that an abort is prompt.
 */
export interface RawBatchSource {
  next(): Promise<RawBatch | undefined>;
  close(): Promise<void>;
}

/**
 * One raw batch per server reply. `hasNext` makes the driver run getMore
 * (on the same server, in the same session) only when its buffer is empty,
 * and `readBufferedDocuments` hands over the whole reply at once.
 */
export function cursorSource(cursor: AbstractCursor<Uint8Array>): RawBatchSource {
  return {
    async next() {
      if (!(await cursor.hasNext())) return undefined;
      return toRawBatch(cursor.readBufferedDocuments());
    },
    // The driver sends killCursors when the server cursor is still open.
    close: () => cursor.close(),
  };
}
