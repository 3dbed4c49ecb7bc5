import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BSON, Long, ObjectId } from 'mongodb';
import { type BsonInput, type NativeSchema, Reader } from '../index.js';
import { batchesFromIpc } from '../lib/native/ipc.js';
import { settleFinish, settlePush } from '../lib/native/native.js';
import { Schema } from '../lib/schema/schema.js';
import type { SchemaDefinition } from '../lib/schema/schema-types.js';
import { documentsBatch } from '../lib/sources/raw-batch.js';

function schemaOf(schema: SchemaDefinition): NativeSchema {
  return new Schema(schema).native;
}

/** Pushes every input to one reader and returns each IPC stream it gave back, in order. */
async function read(schema: NativeSchema, inputs: readonly BsonInput[], rowsPerBatch?: number) {
  const reader = new Reader(schema, { rowsPerBatch });
  const streams: Uint8Array[] = [];
  for (const input of inputs) {
    const { ipc } = await settlePush(reader.pushAsync(input));
    streams.push(...ipc);
  }
  const { ipc, report } = await settleFinish(reader.finishAsync());
  if (ipc) streams.push(ipc);
  return { streams, batches: streams.flatMap((s) => batchesFromIpc(s)), report };
}

async function decodeAll(schema: SchemaDefinition, documents: Uint8Array[]) {
  const { streams, batches } = await read(schemaOf(schema), [documentsBatch(documents).input]);
  const ipc = streams[0];
  assert.ok(ipc);
  return { ipc, batches };
}

const A_INT32: SchemaDefinition = { a: 'int32' };

describe('native reader', () => {
  it('hands Arrow IPC bytes to JavaScript without copying them', async () => {
    const documents = Array.from({ length: 1000 }, (_, i) => BSON.serialize({ x: i * 0.5, n: i }));
    const { ipc, batches } = await decodeAll({ x: 'double', n: 'int32' }, documents);
    const x = batches[0]?.getChild('x');
    assert.ok(x);
    const values = x.data[0]?.values as Float64Array;
    // The column's typed array is a view of the very ArrayBuffer the addon returned.
    assert.equal(values.buffer, ipc.buffer);
    assert.ok(values.byteOffset >= ipc.byteOffset && values.byteOffset < ipc.byteOffset + ipc.byteLength);
    assert.equal(values.byteOffset % 8, 0, 'column buffer is 8-byte aligned');
    assert.equal(values[999], 499.5);
  });

  it('decodes one span holding documents at arbitrary offsets', async () => {
    // Documents with filler between them, as in a server reply's array encoding.
    const docs = [BSON.serialize({ a: 1 }), BSON.serialize({ a: 2 }), BSON.serialize({ a: 3 })];
    const span = new Uint8Array(docs.reduce((n, d) => n + d.length + 3, 0));
    const offsets = new Uint32Array(docs.length);
    let at = 0;
    docs.forEach((d, i) => {
      at += 3;
      offsets[i] = at;
      span.set(d, at);
      at += d.length;
    });
    const reader = new Reader(schemaOf(A_INT32));
    assert.equal((await settlePush(reader.pushAsync({ form: 'documents', bytes: span, offsets }))).documents, 3);
    const { ipc } = await settleFinish(reader.finishAsync());
    assert.ok(ipc);
    assert.deepEqual(batchesFromIpc(ipc)[0]?.getChild('a')?.toArray(), Int32Array.from([1, 2, 3]));
  });

  it('frames concatenated documents cut at any byte, across pushes, as if whole', async () => {
    const docs = Array.from({ length: 12 }, (_, i) => BSON.serialize({ a: i, pad: 'x'.repeat(i * 7) }));
    const bytes = Buffer.concat(docs);
    const whole = await read(schemaOf(A_INT32), [{ form: 'concatenated', bytes }]);
    const expected = [...(whole.batches[0]?.getChild('a')?.toArray() ?? [])];
    assert.deepEqual(
      expected,
      Array.from({ length: 12 }, (_, i) => i),
    );
    for (const piece of [1, 2, 3, 4, 5, 13, 64, 200]) {
      const inputs: BsonInput[] = [];
      for (let at = 0; at < bytes.byteLength; at += piece) {
        inputs.push({ form: 'concatenated', bytes: bytes.subarray(at, at + piece) });
      }
      const { batches } = await read(schemaOf(A_INT32), inputs);
      assert.deepEqual(
        batches.flatMap((b) => [...(b.getChild('a')?.toArray() ?? [])]),
        expected,
        `pieces of ${piece} bytes`,
      );
    }
  });

  it('cuts record batches by rowsPerBatch inside one push, and returns the rest at the end', async () => {
    const docs = Array.from({ length: 25 }, (_, i) => BSON.serialize({ a: i }));
    const { streams, batches } = await read(schemaOf(A_INT32), [documentsBatch(docs).input], 10);
    assert.equal(streams.length, 3, 'a stream per full batch of the push, and one from finish');
    assert.deepEqual(
      batches.map((b) => b.numRows),
      [10, 10, 5],
    );
  });

  it('rejects malformed BSON with INVALID_BSON and the byte offset', async () => {
    const good = BSON.serialize({ a: 1 });
    const truncated = good.subarray(0, good.length - 2);
    const reader = new Reader(schemaOf(A_INT32));
    const outcome = await reader.pushAsync({ form: 'documents', bytes: truncated, offsets: Uint32Array.of(0) });
    assert.equal(outcome.failure?.code, 'INVALID_BSON');
    assert.match(outcome.failure?.message ?? '', /at byte 0/);
    const lying = Uint8Array.from(good);
    lying[0] = 200; // a length prefix longer than the bytes
    const cut = new Reader(schemaOf(A_INT32));
    assert.equal((await cut.pushAsync({ form: 'concatenated', bytes: lying })).failure, undefined);
    const finished = await cut.finishAsync();
    assert.equal(finished.failure?.code, 'INVALID_BSON');
    assert.match(finished.failure?.message ?? '', /document at byte offset 0 is cut off after 12 bytes/);
  });

  it('rejects a bad option or input form with INVALID_ARGUMENT', async () => {
    assert.throws(() => new Reader(schemaOf(A_INT32), { conflicts: 'ignore' as 'null' }), {
      code: 'INVALID_ARGUMENT',
      message: /option 'conflicts' must be 'error' or 'null' or 'string', got 'ignore'/,
    });
    assert.throws(() => new Reader(schemaOf(A_INT32), { rowsPerBatch: 0 }), { code: 'INVALID_ARGUMENT' });
    const reader = new Reader(schemaOf(A_INT32));
    const outcome = await reader.pushAsync({ form: 'replyBatch', bytes: new Uint8Array(5) });
    assert.equal(outcome.failure?.code, 'INVALID_ARGUMENT');
    assert.match(outcome.failure?.message ?? '', /needs a count/);
  });

  it('keeps int64 extremes and datetimes outside the JS Date range exactly', async () => {
    const documents = [
      BSON.serialize({ big: Long.MAX_VALUE, at: new Date(8.64e15) }),
      BSON.serialize({ big: Long.MIN_VALUE, at: new Date(-8.64e15) }),
      BSON.serialize({ big: null }),
    ];
    const { batches } = await decodeAll({ big: 'int64', at: 'date' }, documents);
    const batch = batches[0];
    assert.ok(batch);
    assert.deepEqual([...(batch.getChild('big')?.toArray() ?? [])], [2n ** 63n - 1n, -(2n ** 63n), 0n]);
    assert.equal(batch.getChild('big')?.get(2), null);
    assert.equal(batch.getChild('at')?.get(0), 8.64e15);
    assert.equal(batch.getChild('at')?.get(1), -8.64e15);
  });

  it('renders ObjectIds as lowercase hex', async () => {
    const ids = Array.from({ length: 20 }, () => new ObjectId());
    const { batches } = await decodeAll(
      { id: 'objectId' },
      ids.map((id) => BSON.serialize({ id })),
    );
    assert.deepEqual(
      batches[0]?.getChild('id')?.toArray(),
      ids.map((id) => id.toHexString()),
    );
  });
});
