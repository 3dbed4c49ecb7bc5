/**
 * One server batch as the native decoder takes it: a byte span holding every
 * document and the offset of each document in it.
 */
export interface RawBatch {
  readonly span: Uint8Array;
  readonly offsets: Uint32Array;
  /** Total BSON bytes of the documents (the span may hold bytes between them). */
  readonly bytes: number;
}

/**
 * With `raw: true` the driver hands out each document as a view into the one
 * buffer of the server's reply, so the whole batch crosses into Rust as a
 * single span without copying. Documents that do not share a buffer (other
 * drivers, user-built arrays) are concatenated instead.
 */
export function toRawBatch(documents: readonly Uint8Array[]): RawBatch {
  const offsets = new Uint32Array(documents.length);
  if (documents.length === 0) return { span: new Uint8Array(0), offsets, bytes: 0 };
  const first = documents[0] as Uint8Array;
  const shared = first.buffer;
  let start = first.byteOffset;
  let end = first.byteOffset + first.byteLength;
  let sharesBuffer = true;
  let bytes = 0;
  for (const doc of documents) {
    bytes += doc.byteLength;
    if (doc.buffer !== shared) {
      sharesBuffer = false;
      break;
    }
    start = Math.min(start, doc.byteOffset);
    end = Math.max(end, doc.byteOffset + doc.byteLength);
  }
  if (sharesBuffer) {
    documents.forEach((doc, i) => {
      offsets[i] = doc.byteOffset - start;
    });
    return { span: new Uint8Array(shared, start, end - start), offsets, bytes };
  }
  bytes = documents.reduce((sum, doc) => sum + doc.byteLength, 0);
  const span = new Uint8Array(bytes);
  let offset = 0;
  documents.forEach((doc, i) => {
    offsets[i] = offset;
    span.set(doc, offset);
    offset += doc.byteLength;
  });
  return { span, offsets, bytes };
}
