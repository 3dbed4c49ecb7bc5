import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RecordBatch, Table } from 'apache-arrow';
import { BSON, type Document } from 'mongodb';
import { decodeBsonChunked, readBsonFileChunked } from '../lib/api/bson-input.js';
import { decodeBson, MongoArrowError, type Progress, readBsonFile, readBsonFileTable } from '../lib/index.js';
import { assertTableMatchesDocuments } from './helpers/compare.js';
import { ALL_TYPES_SCHEMA, allTypesDocuments } from './helpers/documents.js';

const FIELDS = Object.keys(ALL_TYPES_SCHEMA);
const CHUNK_BYTES = 4096;

function serializeAll(documents: readonly Document[]): Uint8Array[] {
  return documents.map((doc) => BSON.serialize(doc));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** What the plain driver would hand back for these bytes: js-bson's own decoding. */
function deserializeAll(parts: readonly Uint8Array[]): Document[] {
  return parts.map((part) => BSON.deserialize(part, { useBigInt64: true }));
}

function assertCode(code: string, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof MongoArrowError, `expected a MongoArrowError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

describe('decodeBson', () => {
  const parts = serializeAll(allTypesDocuments(3000));
  const expected = deserializeAll(parts);

  it('decodes one buffer per document like js-bson deserialize', async () => {
    const table = await decodeBson(parts, { schema: ALL_TYPES_SCHEMA });
    assertTableMatchesDocuments(table, expected, FIELDS);
  });

  it('decodes one buffer of concatenated documents, split into many raw batches', async () => {
    const progress: Progress[] = [];
    const table = await decodeBsonChunked(
      concat(parts),
      { schema: ALL_TYPES_SCHEMA, rowsPerBatch: 500, onProgress: (p) => progress.push(p) },
      { chunkBytes: CHUNK_BYTES },
    );
    assertTableMatchesDocuments(table, expected, FIELDS);
    assert.ok(progress.length > 10, `expected many chunks, got ${progress.length}`);
    assert.equal(progress.at(-1)?.documents, parts.length);
    assert.equal(
      progress.at(-1)?.bytes,
      parts.reduce((sum, p) => sum + p.byteLength, 0),
    );
    assert.ok(table.batches.length >= 6, `rowsPerBatch 500 gives several record batches (${table.batches.length})`);
  });

  it('infers the schema from every document, including a field first seen in the last one', async () => {
    // js-bson writes 2 ** 40 as a double, so the int64 is spelled out to see int32 widen to int64.
    const docs = [{ a: 1 }, { a: 2, b: 'x' }, { a: BSON.Long.fromNumber(2 ** 40) }, { c: true }];
    const table = await decodeBson(concat(serializeAll(docs)));
    assert.deepEqual(
      table.schema.fields.map((f) => `${f.name}:${f.type}`),
      ['a:Int64', 'b:Utf8', 'c:Bool'],
    );
    assert.deepEqual(
      table.toArray().map((row) => row.toJSON()),
      [
        { a: 1n, b: null, c: null },
        { a: 2n, b: 'x', c: null },
        { a: 2n ** 40n, b: null, c: null },
        { a: null, b: null, c: true },
      ],
    );
  });

  it('returns an empty table for no bytes', async () => {
    const empty = await decodeBson(new Uint8Array(0), { schema: { a: 'int32' } });
    assert.equal(empty.numRows, 0);
    assert.deepEqual(
      empty.schema.fields.map((f) => f.name),
      ['a'],
    );
    assert.equal((await decodeBson([])).numRows, 0);
  });

  it('rejects truncated concatenated BSON with INVALID_BSON naming the offset', async () => {
    const whole = concat(parts.slice(0, 3));
    const cutAt = (parts[0]?.byteLength ?? 0) + (parts[1]?.byteLength ?? 0);
    await assert.rejects(
      decodeBson(whole.subarray(0, whole.byteLength - 3)),
      assertCode('INVALID_BSON', new RegExp(`offset ${cutAt}\\b`)),
    );
    await assert.rejects(decodeBson(whole.subarray(0, cutAt + 2)), assertCode('INVALID_BSON', /length prefix/));
  });

  it('rejects a per-document buffer whose length prefix does not match', async () => {
    const short = (parts[1] as Uint8Array).subarray(0, 10);
    await assert.rejects(decodeBson([parts[0] as Uint8Array, short]), assertCode('INVALID_BSON', /document 1/));
    await assert.rejects(
      decodeBson([concat(parts.slice(0, 2))]),
      assertCode('INVALID_BSON', /one buffer per document/),
    );
  });

  it('rejects a corrupt length prefix and corrupt document bodies', async () => {
    await assert.rejects(
      decodeBson(new Uint8Array([1, 0, 0, 0, 0])),
      assertCode('INVALID_BSON', /length 1 at byte offset 0/),
    );
    const bad = concat([BSON.serialize({ a: 'text' })]);
    bad[bad.byteLength - 1] = 7; // the terminating zero
    await assert.rejects(decodeBson(bad), assertCode('INVALID_BSON'));
  });

  it('rejects bad arguments with INVALID_ARGUMENT', async () => {
    await assert.rejects(decodeBson('not bytes' as unknown as Uint8Array), assertCode('INVALID_ARGUMENT'));
    await assert.rejects(
      decodeBson(parts, { sort: { a: 1 } } as unknown as Parameters<typeof decodeBson>[1]),
      assertCode('INVALID_ARGUMENT', /unknown option\(s\) sort/),
    );
  });

  it('rejects with ABORTED when the signal is aborted', async () => {
    await assert.rejects(decodeBson(parts, { signal: AbortSignal.abort() }), assertCode('ABORTED'));
  });

  it('applies the conflict policy', async () => {
    const docs = serializeAll([{ a: 1.5 }, { a: 'text' }]);
    await assert.rejects(decodeBson(docs, { schema: { a: 'double' } }), assertCode('TYPE_CONFLICT', /\ba\b/));
    const table = await decodeBson(docs, { schema: { a: 'double' }, conflicts: 'null' });
    assert.deepEqual([...(table.getChild('a') ?? [])], [1.5, null]);
  });
});

describe('readBsonFile', () => {
  let dir: string;
  let path: string;
  let parts: Uint8Array[];
  let expected: Document[];
  let bigDocumentBytes: number;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-bson-'));
    path = join(dir, 'all_types.bson');
    const docs = allTypesDocuments(2000, 7);
    // One document several times the chunk size, in the middle of the file.
    (docs[1000] as Document).name = 'x'.repeat(CHUNK_BYTES * 3);
    // A field that only appears late: a stream inferring from the first chunk drops it.
    (docs[1999] as Document).late = 1;
    parts = serializeAll(docs);
    bigDocumentBytes = (parts[1000] as Uint8Array).byteLength;
    expected = deserializeAll(parts);
    await writeFile(path, concat(parts));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a file of many chunks with one document larger than a chunk, in bounded pieces', async () => {
    const progress: Progress[] = [];
    const stream = readBsonFileChunked(
      path,
      { schema: ALL_TYPES_SCHEMA, rowsPerBatch: 256, onProgress: (p) => progress.push(p) },
      { chunkBytes: CHUNK_BYTES },
    );
    const batches: RecordBatch[] = [];
    for await (const batch of stream) batches.push(batch);
    // A record batch is flushed once 256 rows are buffered, so it may hold one chunk's documents more.
    assert.ok(batches.length >= 2000 / (256 + CHUNK_BYTES / 50), `${batches.length} record batches`);
    const table = new Table(batches);
    assertTableMatchesDocuments(table, expected, FIELDS);
    // Every read is at most one chunk, even those holding the document larger than a chunk (the native framer joins its pieces).
    const fileBytes = parts.reduce((sum, p) => sum + p.byteLength, 0);
    assert.equal(progress.at(-1)?.bytes, fileBytes);
    let previous = 0;
    let largest = 0;
    for (const p of progress) {
      largest = Math.max(largest, p.bytes - previous);
      previous = p.bytes;
    }
    assert.equal(largest, CHUNK_BYTES, 'no read exceeds a chunk');
    assert.ok(bigDocumentBytes > 2 * CHUNK_BYTES, 'the big document spans chunks');
    assert.ok(progress.length >= Math.floor(fileBytes / CHUNK_BYTES));
    assert.deepEqual(Object.fromEntries(stream.droppedFields), { extra: expected.length, late: 1 });
  });

  it('infers the schema from the first chunk and reports the fields it dropped', async () => {
    const stream = readBsonFileChunked(path, undefined, { chunkBytes: CHUNK_BYTES });
    const table = await stream.toTable();
    assert.equal(table.numRows, expected.length);
    assert.ok(!table.schema.fields.some((f) => f.name === 'late'));
    assert.equal(stream.droppedFields.get('late'), 1);
    assert.deepEqual(
      [...(table.getChild('i') ?? [])],
      expected.map((d) => d.i),
    );
  });

  it('reads the whole file into a table, inferring from every document', async () => {
    const table = await readBsonFileTable(path);
    assert.ok(table.schema.fields.some((f) => f.name === 'late'));
    assertTableMatchesDocuments(table.select(FIELDS), expected, FIELDS);
    const withSchema = await readBsonFile(path, { schema: ALL_TYPES_SCHEMA }).toTable();
    assertTableMatchesDocuments(withSchema, expected, FIELDS);
  });

  it('rejects a truncated file with INVALID_BSON naming the offset of the cut document', async () => {
    const truncated = join(dir, 'truncated.bson');
    const whole = concat(parts.slice(0, 50));
    const lastStart = whole.byteLength - (parts[49] as Uint8Array).byteLength;
    await writeFile(truncated, whole.subarray(0, whole.byteLength - 5));
    const stream = readBsonFileChunked(truncated, { schema: ALL_TYPES_SCHEMA }, { chunkBytes: 64 });
    await assert.rejects(stream.toTable(), assertCode('INVALID_BSON', new RegExp(`offset ${lastStart}\\b`)));
  });

  it('hands on every record batch of the chunks before a corrupt one, then fails with INVALID_BSON', async () => {
    const corrupt = join(dir, 'corrupt.bson');
    const bad = 1500;
    const bytes = concat(parts);
    const badStart = parts.slice(0, bad).reduce((sum, p) => sum + p.byteLength, 0);
    // The first element's type byte: 0x7e is no BSON type.
    bytes[badStart + 4] = 0x7e;
    await writeFile(corrupt, bytes);
    const rowsPerBatch = 64;
    const stream = readBsonFileChunked(
      corrupt,
      { schema: ALL_TYPES_SCHEMA, rowsPerBatch },
      { chunkBytes: CHUNK_BYTES },
    );
    let seen = 0;
    await assert.rejects(async () => {
      for await (const batch of stream) seen += batch.numRows;
    }, assertCode('INVALID_BSON'));
    // The chunks before the corrupt document's chunk were pushed whole: every batch they filled is handed on.
    const pushedBefore = Math.floor(badStart / CHUNK_BYTES) * CHUNK_BYTES;
    let ends = 0;
    let whole = 0;
    for (const part of parts) {
      ends += part.byteLength;
      if (ends > pushedBefore) break;
      whole += 1;
    }
    assert.ok(whole > 1000, `${whole} documents before the corrupt chunk`);
    assert.ok(seen >= Math.floor(whole / rowsPerBatch) * rowsPerBatch, `${seen} rows handed on of ${whole}`);
    assert.ok(seen < bad, `${seen} rows: none at or after the corrupt document`);
  });

  it('passes a missing file through as ENOENT', async () => {
    await assert.rejects(readBsonFileTable(join(dir, 'missing.bson')), { code: 'ENOENT' });
  });

  it('stops with ABORTED when the signal is aborted mid-stream', async () => {
    const controller = new AbortController();
    const stream = readBsonFileChunked(
      path,
      { schema: ALL_TYPES_SCHEMA, rowsPerBatch: 64, signal: controller.signal },
      { chunkBytes: CHUNK_BYTES },
    );
    let seen = 0;
    await assert.rejects(async () => {
      for await (const batch of stream) {
        seen += batch.numRows;
        controller.abort();
      }
    }, assertCode('ABORTED'));
    assert.ok(seen > 0 && seen < expected.length);
  });
});
