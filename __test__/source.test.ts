import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AbstractCursor, Collection, Db, Document, MongoClient } from 'mongodb';
import { Reader } from '../index.js';
import { batchesFromIpc } from '../lib/native/ipc.js';
import { settleFinish, settlePush } from '../lib/native/native.js';
import { Schema } from '../lib/schema/schema.js';
import { cursorSource, takeReplyBatch } from '../lib/sources/cursor.js';
import type { RawBatch } from '../lib/sources/raw-batch.js';
import { openTestDb } from './helpers/server.js';

const COUNT = 1_000;
const SCHEMA = new Schema({ i: 'int32', s: 'string' });

function rawCursor(collection: Collection, batchSize: number): AbstractCursor<Uint8Array> {
  return collection.find({}, { sort: { i: 1 }, batchSize, raw: true }) as unknown as AbstractCursor<Uint8Array>;
}

async function readAll(collection: Collection, batchSize: number, useReplyBatches: boolean): Promise<RawBatch[]> {
  const source = cursorSource(rawCursor(collection, batchSize), useReplyBatches);
  const batches: RawBatch[] = [];
  for (let batch = await source.next(); batch; batch = await source.next()) batches.push(batch);
  await source.close();
  return batches;
}

async function decodeAll(batches: readonly RawBatch[]): Promise<Document[]> {
  const reader = new Reader(SCHEMA.native);
  const streams: Uint8Array[] = [];
  for (const batch of batches) {
    const { ipc } = await settlePush(reader.pushAsync(batch.input));
    streams.push(...ipc);
  }
  const { ipc } = await settleFinish(reader.finishAsync());
  if (ipc) streams.push(ipc);
  return streams.flatMap((s) => batchesFromIpc(s)).flatMap((b) => b.toArray().map((row) => row.toJSON()));
}

describe('cursorSource: server batches', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection;

  before(async () => {
    ({ client, db } = await openTestDb('source'));
    collection = db.collection('docs');
    await collection.insertMany(Array.from({ length: COUNT }, (_, i) => ({ i, s: `v${i}`.repeat(1 + (i % 5)) })));
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it("takes each reply's batch array whole with the installed driver", async () => {
    const batches = await readAll(collection, 300, true);
    assert.deepEqual(
      batches.map((b) => [b.input.form, b.input.count]),
      [
        ['replyBatch', 300],
        ['replyBatch', 300],
        ['replyBatch', 300],
        ['replyBatch', 100],
      ],
    );
  });

  for (const batchSize of [1, 7, 1_000]) {
    it(`decodes the same rows from reply arrays as from readBufferedDocuments at batchSize ${batchSize}`, async () => {
      const viaReply = await decodeAll(await readAll(collection, batchSize, true));
      const viaDocuments = await decodeAll(await readAll(collection, batchSize, false));
      assert.equal(viaReply.length, COUNT);
      assert.deepEqual(viaReply, viaDocuments);
      assert.deepEqual(viaReply[7], { i: 7, s: 'v7v7v7' });
    });
  }

  it('skips the documents the driver already handed out', async () => {
    const cursor = rawCursor(collection, 50);
    assert.ok(await cursor.hasNext());
    const handedOut = cursor.readBufferedDocuments(20);
    assert.equal(handedOut.length, 20);
    const batch = takeReplyBatch(cursor);
    assert.equal(batch?.input.form, 'replyBatch');
    assert.equal(batch?.input.skip, 20);
    assert.equal(batch?.input.count, 30);
    assert.equal(cursor.bufferedCount(), 0, 'the driver no longer holds the taken documents');
    const rows = await decodeAll(batch ? [batch] : []);
    assert.deepEqual(
      rows.map((r) => r.i),
      Array.from({ length: 30 }, (_, k) => 20 + k),
    );
    await cursor.close();
  });

  it('falls back to readBufferedDocuments when the response is not the one it knows', async () => {
    const cursor = rawCursor(collection, 10);
    assert.ok(await cursor.hasNext());
    const internals = cursor as unknown as { documents: { iterated: number } };
    const iterated = internals.documents.iterated;
    // A response whose counts do not add up is not trusted.
    Object.defineProperty(internals.documents, 'batchSize', { value: -1 });
    assert.equal(takeReplyBatch(cursor), undefined);
    assert.equal(internals.documents.iterated, iterated, 'nothing was consumed');
    await cursor.close();
  });
});
