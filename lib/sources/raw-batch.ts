import type { BsonInput } from '../native/native.js';

/**
 * One arrival of BSON — a server reply's batch, or a chunk of a file or of
 * bytes in memory — as the native reader takes it. Documents are framed in
 * Rust, never walked on the JavaScript thread. Its memory must not change
 * until the push settles (reply buffers and chunks are never reused).
 */
export interface RawBatch {
  readonly input: BsonInput;
  /** BSON bytes received (from a server: the reply batch's, i.e. the documents plus a few bytes of framing each). */
  readonly bytes: number;
}

/**
 * Where raw batches come from: a driver cursor, a BSON file or bytes in memory. `close` must
 * be callable while a `next` is pending, so that an abort is prompt.
 */
export interface RawBatchSource {
  next(): Promise<RawBatch | undefined>;
  close(): Promise<void>;
}

/** Concatenated documents, cut anywhere: the native framer completes a cut document with the next chunk. */
export function concatenatedBatch(bytes: Uint8Array): RawBatch {
  return { input: { form: 'concatenated', bytes }, bytes: bytes.byteLength };
}

/**
 * With `raw: true` the driver hands out each document as a view into the one
 * buffer of the server's reply, so the whole batch crosses into Rust as a
 * single span with the documents' offsets, without copying. Documents that
 * do not share a buffer (other drivers, user-built arrays) are concatenated.
 */
export function documentsBatch(documents: readonly Uint8Array[]): RawBatch {
  const count = documents.length;
  const first = documents[0];
  if (!first) return concatenatedBatch(new Uint8Array(0));
  const offsets = new Uint32Array(count);
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
    return { input: { form: 'documents', bytes: new Uint8Array(shared, start, end - start), offsets }, bytes };
  }
  return concatenatedBatch(Buffer.concat(documents as Uint8Array[]));
}
