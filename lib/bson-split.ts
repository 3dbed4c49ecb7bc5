import { MongoArrowError } from './errors.js';
import { type RawBatch, spanBatch, toRawBatch } from './raw-batch.js';
import type { RawBatchSource } from './source.js';

/** Bytes of BSON per raw batch handed to the decoder (and per file read). */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

/** The smallest BSON document: an int32 length and the terminating zero. */
const MIN_DOCUMENT_BYTES = 5;

/** The complete documents found at the start of a byte range. */
export interface ScannedDocuments {
  /** Start of each complete document, relative to the scanned range's start. */
  readonly offsets: Uint32Array;
  /** End of the last complete document, relative to the range's start. */
  readonly end: number;
}

/**
 * The length prefix of the document at `at`, or `undefined` when fewer than
 * four bytes remain. `base` is the absolute offset of `bytes[0]` (in a file or
 * the caller's buffer), so that errors name the offset the user can look at.
 */
export function documentLength(bytes: Uint8Array, at: number, base: number): number | undefined {
  if (bytes.byteLength - at < 4) return undefined;
  const length =
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0;
  if (length < MIN_DOCUMENT_BYTES || length > 0x7fffffff) {
    throw new MongoArrowError(
      'INVALID_BSON',
      `invalid BSON document length ${length | 0} at byte offset ${base + at}: not concatenated BSON documents`,
    );
  }
  return length;
}

/**
 * Finds the complete documents from `start`, stopping once `maxBytes` is
 * reached (a first document larger than that is still taken whole). The
 * documents' own structure is checked later by the native decoder.
 */
export function scanDocuments(bytes: Uint8Array, start: number, maxBytes: number, base: number): ScannedDocuments {
  // Runs once per document on the JS thread, so it reads length prefixes
  // through one DataView and writes offsets straight into a typed array that
  // grows by doubling; `documentLength` only runs to report a bad prefix.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = bytes.byteLength;
  let offsets = new Uint32Array(1024);
  let count = 0;
  let at = start;
  while (at - start < maxBytes || count === 0) {
    if (total - at < 4) break;
    const length = view.getInt32(at, true);
    if (length < MIN_DOCUMENT_BYTES) documentLength(bytes, at, base);
    if (at + length > total) break;
    if (count === offsets.length) {
      const grown = new Uint32Array(count * 2);
      grown.set(offsets);
      offsets = grown;
    }
    offsets[count++] = at - start;
    at += length;
  }
  return { offsets: offsets.subarray(0, count), end: at - start };
}

/** The error of bytes that end inside a document. */
export function truncatedError(offset: number, available: number, expected: number | undefined): MongoArrowError {
  const what = expected === undefined ? 'its length prefix' : `its ${expected} bytes`;
  return new MongoArrowError(
    'INVALID_BSON',
    `truncated BSON: the document at byte offset ${offset} is cut off after ${available} bytes, before the end of ${what}`,
  );
}

/**
 * Raw batches over concatenated BSON held in memory: views of the caller's
 * buffer (no copy), about `chunkBytes` each so that progress is reported and
 * record batches are flushed as the decoding goes.
 */
export function concatenatedSource(bytes: Uint8Array, chunkBytes = DEFAULT_CHUNK_BYTES): RawBatchSource {
  let at = 0;
  let closed = false;
  return {
    async next(): Promise<RawBatch | undefined> {
      if (closed || at >= bytes.byteLength) return undefined;
      const { offsets, end } = scanDocuments(bytes, at, chunkBytes, 0);
      if (offsets.length === 0) {
        throw truncatedError(at, bytes.byteLength - at, documentLength(bytes, at, 0));
      }
      const span = bytes.subarray(at, at + end);
      at += end;
      return spanBatch(span, offsets, end);
    },
    async close() {
      closed = true;
    },
  };
}

/**
 * Raw batches over one buffer per document (as js-bson `serialize` or a raw
 * driver cursor gives them), grouped into about `chunkBytes` per batch.
 * Each buffer must be exactly one document: its length prefix is checked,
 * since the decoder finds documents by offset and would read past a short one.
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
      return toRawBatch(group);
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
  const length = documentLength(document, 0, 0);
  if (length !== document.byteLength) {
    throw new MongoArrowError(
      'INVALID_BSON',
      length === undefined || length > document.byteLength
        ? `truncated BSON: document ${index} has ${document.byteLength} bytes, fewer than its length prefix says`
        : `document ${index} has ${document.byteLength} bytes but its length prefix says ${length}: pass one buffer per document, or one buffer of concatenated documents`,
    );
  }
}
