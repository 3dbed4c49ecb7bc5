import { type FileHandle, open } from 'node:fs/promises';
import { MongoArrowError } from '../errors/errors.js';
import { concatenatedBatch, type RawBatch, type RawBatchSource } from './raw-batch.js';

/** Below this a chunk is too small to be worth a read. */
const MIN_CHUNK_BYTES = 16;

/**
 * Raw batches read from a file of concatenated BSON documents (a `mongodump`
 * `.bson` file), one chunk at a time, cut anywhere: the native framer keeps
 * the start of a document cut at a chunk's end and completes it with the
 * next chunk, and fails naming the file offset if the file ends inside one.
 * Every chunk is a fresh buffer, because the previous one may still be
 * decoding on the thread pool; so memory is bounded by about two chunks
 * (plus the decoder's pending rows and one document), whatever the file's size.
 */
export function bsonFileSource(path: string, chunkBytes: number): RawBatchSource {
  if (!(Number.isInteger(chunkBytes) && chunkBytes >= MIN_CHUNK_BYTES)) {
    throw new MongoArrowError('INVALID_ARGUMENT', `chunkBytes must be an integer of at least ${MIN_CHUNK_BYTES}`);
  }
  let opening: Promise<FileHandle> | undefined;
  let closed = false;
  /** File offset of the next byte to read. */
  let position = 0;

  return {
    async next(): Promise<RawBatch | undefined> {
      opening ??= open(path, 'r');
      const handle = await opening;
      if (closed) return undefined;
      const buffer = new Uint8Array(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
      if (closed || bytesRead === 0) return undefined;
      position += bytesRead;
      return concatenatedBatch(buffer.subarray(0, bytesRead));
    },
    async close() {
      if (closed) return;
      closed = true;
      // Node waits for a pending read before closing the handle.
      if (opening) await (await opening.catch(() => undefined))?.close();
    },
  };
}
