import { MongoArrowError } from '../errors/errors.js';
import { concatenatedBatch, documentsBatch, type RawBatch, type RawBatchSource } from './raw-batch.js';

/** Bytes of BSON per raw batch handed to the decoder (and per file read). */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

/** Bytes of BSON in memory: one buffer of concatenated documents, or one buffer per document. */
export type BsonBytes = Uint8Array | readonly Uint8Array[];

/** The source over bytes in memory, after checking their shape. */
export function bytesSource(bytes: BsonBytes, caller: string, chunkBytes = DEFAULT_CHUNK_BYTES): RawBatchSource {
  if (bytes instanceof Uint8Array) return concatenatedSource(bytes, chunkBytes);
  if (Array.isArray(bytes)) return documentsSource(bytes, chunkBytes);
  throw new MongoArrowError(
    'INVALID_ARGUMENT',
    `${caller}: expected a Uint8Array of concatenated BSON documents or an array of Uint8Array documents`,
  );
}

/**
 * Raw batches over concatenated BSON held in memory: views of the caller's
 * buffer (no copy) of `chunkBytes` each, cut anywhere (the native framer
 * completes a document cut at a chunk's end), so that progress is reported
 * and record batches come out as the decoding goes.
 */
export function concatenatedSource(bytes: Uint8Array, chunkBytes = DEFAULT_CHUNK_BYTES): RawBatchSource {
  let at = 0;
  let closed = false;
  return {
    async next(): Promise<RawBatch | undefined> {
      if (closed || at >= bytes.byteLength) return undefined;
      const chunk = bytes.subarray(at, at + chunkBytes);
      at += chunk.byteLength;
      return concatenatedBatch(chunk);
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * Raw batches over one buffer per document (as js-bson `serialize` or a raw
 * driver cursor gives them), grouped into about `chunkBytes` per batch.
 * Each buffer must be exactly one document: its length prefix is checked
 * against its size (the argument's shape, not framing: the decoder finds
 * documents by offset and would read past a short one).
 */
export function documentsSource(documents: readonly Uint8Array[], chunkBytes = DEFAULT_CHUNK_BYTES): RawBatchSource {
  let index = 0;
  let closed = false;
  return {
    async next(): Promise<RawBatch | undefined> {
      if (closed || index >= documents.length) return undefined;
      const group: Uint8Array[] = [];
      let bytes = 0;
      while (index < documents.length && (bytes < chunkBytes || group.length === 0)) {
        const document = documents[index] as Uint8Array;
        checkSingleDocument(document, index);
        group.push(document);
        bytes += document.byteLength;
        index += 1;
      }
      return documentsBatch(group);
    },
    async close() {
      closed = true;
    },
  };
}

function checkSingleDocument(document: unknown, index: number): void {
  if (!(document instanceof Uint8Array)) {
    throw new MongoArrowError('INVALID_ARGUMENT', `document ${index} is not a Uint8Array`);
  }
  const size = document.byteLength;
  const length = size < 4 ? undefined : new DataView(document.buffer, document.byteOffset, 4).getInt32(0, true);
  if (length === size) return;
  throw new MongoArrowError(
    'INVALID_BSON',
    length === undefined || length > size
      ? `truncated BSON: document ${index} has ${size} bytes, fewer than its length prefix says`
      : `document ${index} has ${size} bytes but its length prefix says ${length}: pass one buffer per document, or one buffer of concatenated documents`,
  );
}
