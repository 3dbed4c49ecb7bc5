import type { DecodeOutcome } from '../index.js';
import type { BatchDecoder, SchemaInferrer } from './native.js';

/**
 * One batch of documents as the native decoder takes it, in one of two forms:
 * documents at offsets in one byte span, or a server reply's whole batch
 * array, which the decoder walks itself so that no per-document work happens
 * on the JavaScript thread.
 */
export type RawBatch = SpanBatch | ReplyBatch;

/** Documents at `offsets` in `span` (a file chunk, or per-document views of one buffer). */
export interface SpanBatch {
  readonly kind: 'span';
  readonly span: Uint8Array;
  readonly offsets: Uint32Array;
  /** Number of documents: `offsets.length`. */
  readonly documents: number;
  /** Total BSON bytes of the documents (the span may hold bytes between them). */
  readonly bytes: number;
}

/**
 * A server reply's `firstBatch`/`nextBatch` BSON array (length prefix through
 * terminator): its `documents` documents after the first `skip`.
 */
export interface ReplyBatch {
  readonly kind: 'reply';
  readonly array: Uint8Array;
  readonly skip: number;
  readonly documents: number;
  /** The array's bytes: the documents plus a few bytes of framing each. */
  readonly bytes: number;
}

/** A batch of documents at offsets in one span. */
export function spanBatch(span: Uint8Array, offsets: Uint32Array, bytes: number): SpanBatch {
  return { kind: 'span', span, offsets, documents: offsets.length, bytes };
}

/**
 * With `raw: true` the driver hands out each document as a view into the one
 * buffer of the server's reply, so the whole batch crosses into Rust as a
 * single span without copying. Documents that do not share a buffer (other
 * drivers, user-built arrays) are concatenated instead.
 */
export function toRawBatch(documents: readonly Uint8Array[]): SpanBatch {
  const count = documents.length;
  const offsets = new Uint32Array(count);
  if (count === 0) return spanBatch(new Uint8Array(0), offsets, 0);
  const first = documents[0] as Uint8Array;
  const shared = first.buffer;
  let start = first.byteOffset;
  let end = start;
  let bytes = 0;
  let sharesBuffer = true;
  // One pass, reading each view's properties once: this runs per document on the JS thread.
  for (let i = 0; i < count; i++) {
    const doc = documents[i] as Uint8Array;
    if (doc.buffer !== shared) {
      sharesBuffer = false;
      break;
    }
    const offset = doc.byteOffset;
    const length = doc.byteLength;
    offsets[i] = offset;
    bytes += length;
    if (offset < start) start = offset;
    if (offset + length > end) end = offset + length;
  }
  if (sharesBuffer) {
    if (start !== 0) for (let i = 0; i < count; i++) offsets[i] = (offsets[i] as number) - start;
    return spanBatch(new Uint8Array(shared, start, end - start), offsets, bytes);
  }
  bytes = documents.reduce((sum, doc) => sum + doc.byteLength, 0);
  const span = new Uint8Array(bytes);
  let offset = 0;
  documents.forEach((doc, i) => {
    offsets[i] = offset;
    span.set(doc, offset);
    offset += doc.byteLength;
  });
  return spanBatch(span, offsets, bytes);
}

/**
 * Decodes a batch on the libuv thread pool. Its memory must not change until
 * the promise settles (reply buffers and file chunks are never reused).
 */
export function decodeRawBatch(decoder: BatchDecoder, batch: RawBatch): Promise<DecodeOutcome> {
  return batch.kind === 'span'
    ? decoder.decodeAsync(batch.span, batch.offsets)
    : decoder.decodeBatchArrayAsync(batch.array, batch.skip, batch.documents);
}

/** Shows the inferrer the first `limit` documents of a batch (all by default), on the libuv thread pool. */
export function observeRawBatch(
  inferrer: SchemaInferrer,
  batch: RawBatch,
  limit = batch.documents,
): Promise<DecodeOutcome> {
  const documents = Math.min(limit, batch.documents);
  return batch.kind === 'span'
    ? inferrer.observeAsync(batch.span, batch.offsets.subarray(0, documents))
    : inferrer.observeBatchArrayAsync(batch.array, batch.skip, documents);
}
