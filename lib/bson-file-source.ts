import { type FileHandle, open } from 'node:fs/promises';
import { documentLength, scanDocuments, truncatedError } from './bson-split.js';
import { MongoArrowError } from './errors.js';
import { type RawBatch, spanBatch } from './raw-batch.js';
import type { RawBatchSource } from './source.js';

/** Below this a chunk could not even hold a length prefix and the document after it. */
const MIN_CHUNK_BYTES = 16;

/**
 * Raw batches read from a file of concatenated BSON documents (a `mongodump`
 * `.bson` file), one chunk at a time. Every chunk is a fresh buffer, because
 * the previous one may still be decoding on the thread pool; the partial
 * document at a chunk's end is copied to the start of the next. So memory is
 * bounded by about two chunks (plus the decoder's pending rows), whatever the
 * file's size; a document larger than a chunk gets a buffer of its own size.
 */
export function bsonFileSource(path: string, chunkBytes: number): RawBatchSource {
  if (!(Number.isInteger(chunkBytes) && chunkBytes >= MIN_CHUNK_BYTES)) {
    throw new MongoArrowError('INVALID_ARGUMENT', `chunkBytes must be an integer of at least ${MIN_CHUNK_BYTES}`);
  }
  let opening: Promise<{ handle: FileHandle; size: number }> | undefined;
  let closed = false;
  /** File offset of the next byte to read. */
  let position = 0;
  /** The unfinished document at the end of the last chunk, and its file offset. */
  let carry = new Uint8Array(0);
  let carryOffset = 0;

  const opened = () => {
    opening ??= open(path, 'r').then(async (handle) => ({ handle, size: (await handle.stat()).size }));
    return opening;
  };

  const readFully = async (handle: FileHandle, into: Uint8Array, from: number): Promise<number> => {
    let filled = from;
    while (filled < into.byteLength) {
      const { bytesRead } = await handle.read(into, filled, into.byteLength - filled, position);
      if (bytesRead === 0) break;
      filled += bytesRead;
      position += bytesRead;
    }
    return filled;
  };

  return {
    async next(): Promise<RawBatch | undefined> {
      const { handle, size } = await opened();
      for (;;) {
        if (closed) return undefined;
        const remaining = size - position;
        if (carry.byteLength === 0 && remaining === 0) return undefined;
        // A chunk, or the whole next document when it is larger than a chunk;
        // never more than the file still holds, so a corrupt length cannot make us allocate it.
        const wanted = Math.max(chunkBytes, documentLength(carry, 0, carryOffset) ?? 0);
        const buffer = new Uint8Array(Math.min(wanted, carry.byteLength + remaining));
        buffer.set(carry);
        const chunkOffset = carryOffset;
        const filled = await readFully(handle, buffer, carry.byteLength);
        const view = buffer.subarray(0, filled);
        const { offsets, end } = scanDocuments(view, 0, Number.POSITIVE_INFINITY, chunkOffset);
        carry = view.subarray(end);
        carryOffset = chunkOffset + end;
        if (offsets.length > 0) return spanBatch(view.subarray(0, end), offsets, end);
        if (position >= size) {
          throw truncatedError(carryOffset, carry.byteLength, documentLength(carry, 0, carryOffset));
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Node waits for a pending read before closing the handle.
      if (opening) await (await opening.catch(() => undefined))?.handle.close();
    },
  };
}
