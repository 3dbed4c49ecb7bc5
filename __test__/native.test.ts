import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BSON, Long, ObjectId } from 'mongodb';
import { BatchDecoder } from '../index.js';
import { batchesFromIpc } from '../lib/ipc.js';
import { toRawBatch } from '../lib/raw-batch.js';

function decodeAll(schema: Record<string, string>, documents: Uint8Array[]) {
  const decoder = new BatchDecoder(
    JSON.stringify({ fields: Object.entries(schema).map(([name, type]) => ({ name, type })) }),
  );
  const { span, offsets } = toRawBatch(documents);
  decoder.decode(span, offsets);
  const ipc = decoder.flush();
  assert.ok(ipc);
  return { ipc, batches: batchesFromIpc(ipc) };
}

describe('native decoder', () => {
  it('hands Arrow IPC bytes to JavaScript without copying them', () => {
    const documents = Array.from({ length: 1000 }, (_, i) => BSON.serialize({ x: i * 0.5, n: i }));
    const { ipc, batches } = decodeAll({ x: 'double', n: 'int32' }, documents);
    const x = batches[0]?.getChild('x');
    assert.ok(x);
    const values = x.data[0]?.values as Float64Array;
    // The column's typed array is a view of the very ArrayBuffer the addon returned.
    assert.equal(values.buffer, ipc.buffer);
    assert.ok(values.byteOffset >= ipc.byteOffset && values.byteOffset < ipc.byteOffset + ipc.byteLength);
    assert.equal(values.byteOffset % 8, 0, 'column buffer is 8-byte aligned');
    assert.equal(values[999], 499.5);
  });

  it('decodes one span holding documents at arbitrary offsets', () => {
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
    const decoder = new BatchDecoder('{"fields":[{"name":"a","type":"int32"}]}');
    assert.equal(decoder.decode(span, offsets), 3);
    const ipc = decoder.flush();
    assert.ok(ipc);
    assert.deepEqual(batchesFromIpc(ipc)[0]?.getChild('a')?.toArray(), Int32Array.from([1, 2, 3]));
  });

  it('rejects malformed BSON with INVALID_BSON and the byte offset', () => {
    const good = BSON.serialize({ a: 1 });
    const truncated = good.subarray(0, good.length - 2);
    const decoder = new BatchDecoder('{"fields":[{"name":"a","type":"int32"}]}');
    assert.throws(
      () => decoder.decode(truncated, Uint32Array.of(0)),
      (err: unknown) => {
        assert.equal((err as { code?: string }).code, 'INVALID_BSON');
        assert.match((err as Error).message, /at byte 0/);
        return true;
      },
    );
    const lying = Uint8Array.from(good);
    lying[0] = 200; // a length prefix longer than the bytes
    assert.throws(() => new BatchDecoder('{"fields":[{"name":"a","type":"int32"}]}').decodeConcatenated(lying), {
      code: 'INVALID_BSON',
    });
  });

  it('keeps int64 extremes and datetimes outside the JS Date range exactly', () => {
    const documents = [
      BSON.serialize({ big: Long.MAX_VALUE, at: new Date(8.64e15) }),
      BSON.serialize({ big: Long.MIN_VALUE, at: new Date(-8.64e15) }),
      BSON.serialize({ big: null }),
    ];
    const { batches } = decodeAll({ big: 'int64', at: 'date' }, documents);
    const batch = batches[0];
    assert.ok(batch);
    assert.deepEqual([...(batch.getChild('big')?.toArray() ?? [])], [2n ** 63n - 1n, -(2n ** 63n), 0n]);
    assert.equal(batch.getChild('big')?.get(2), null);
    assert.equal(batch.getChild('at')?.get(0), 8.64e15);
    assert.equal(batch.getChild('at')?.get(1), -8.64e15);
  });

  it('renders ObjectIds as lowercase hex', () => {
    const ids = Array.from({ length: 20 }, () => new ObjectId());
    const { batches } = decodeAll(
      { id: 'objectId' },
      ids.map((id) => BSON.serialize({ id })),
    );
    assert.deepEqual(
      batches[0]?.getChild('id')?.toArray(),
      ids.map((id) => id.toHexString()),
    );
  });
});
