import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BSON, type Collection, type CommandStartedEvent, type Db, type Document, type MongoClient } from 'mongodb';
import { aggregateArrow, decodeBson, findArrow, findArrowStream, findColumns, MongoArrowError } from '../lib/index.js';
import { CursorLedger } from './helpers/cursor-ledger.js';
import { openTestDb } from './helpers/server.js';

type Read = (c: Collection<Document>, signal: AbortSignal) => Promise<unknown>;

const reads: Record<string, { command: string; read: Read }> = {
  findArrow: { command: 'find', read: (c, signal) => findArrow(c, {}, { batchSize: 5, signal }) },
  findArrowStream: {
    command: 'find',
    read: (c, signal) => findArrowStream(c, {}, { batchSize: 5, signal }).toTable(),
  },
  aggregateArrow: {
    command: 'aggregate',
    read: (c, signal) => aggregateArrow(c, [{ $match: {} }], { batchSize: 5, signal }),
  },
  findColumns: { command: 'find', read: (c, signal) => findColumns(c, {}, { batchSize: 5, signal }) },
};

// A timeout: leaked cursors can make the server stop answering, and that must fail, not hang.
describe('an abort while the first command is in flight leaves no server cursor', { timeout: 60_000 }, () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;
  let ledger: CursorLedger;
  /** Aborts the controller when the next command of that name is sent, before its reply. */
  let abortOn: { command: string; controller: AbortController } | undefined;

  before(async () => {
    ({ client, db } = await openTestDb('abort', { monitorCommands: true }));
    ledger = new CursorLedger(client);
    client.on('commandStarted', (e: CommandStartedEvent) => {
      if (abortOn && e.commandName === abortOn.command) {
        abortOn.controller.abort(new Error('abort in flight'));
        abortOn = undefined;
      }
    });
    collection = db.collection('docs');
    await collection.insertMany(Array.from({ length: 300 }, (_, i) => ({ i })));
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  async function abortedInFlight(name: string): Promise<void> {
    const { command, read } = reads[name] as { command: string; read: Read };
    const controller = new AbortController();
    abortOn = { command, controller };
    await assert.rejects(read(collection, controller.signal), (err: unknown) => {
      assert.ok(err instanceof MongoArrowError && err.code === 'ABORTED', String(err));
      return true;
    });
  }

  for (const name of Object.keys(reads)) {
    it(`${name}: rejects with ABORTED at once and kills the cursor its first command opened`, async () => {
      const before = ledger.opened.size;
      const replies = ledger.replies + 1;
      await abortedInFlight(name);
      assert.deepEqual(await ledger.settle(replies), []);
      // The reply did open a cursor (batchSize 5 of 300 documents): the check is not vacuous.
      assert.ok(ledger.opened.size > before, 'the first command opened a server cursor');
    });
  }

  it('a storm of 200 aborted reads leaves none open, and the server answers at once', async () => {
    const names = Object.keys(reads);
    const before = ledger.opened.size;
    const replies = ledger.replies + 200;
    for (let i = 0; i < 200; i++) await abortedInFlight(names[i % names.length] as string);
    assert.deepEqual(await ledger.settle(replies, 20_000), []);
    assert.equal(ledger.opened.size - before, 200, 'each aborted read opened a server cursor');
    const { client: other, db: otherDb } = await openTestDb('abort_other');
    try {
      const started = performance.now();
      await other.db(db.databaseName).collection('docs').find({}).toArray();
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1_000, `another client's find took ${elapsed.toFixed(0)} ms`);
    } finally {
      await otherDb.dropDatabase();
      await other.close();
    }
  });
});

describe('a signal shared by many reads', () => {
  it('keeps no abort listener once each read has ended', async () => {
    const controller = new AbortController();
    const bytes = [{ a: 1 }, { a: 2 }].map((doc) => BSON.serialize(doc));
    for (let i = 0; i < 20; i++) await decodeBson(bytes, { signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});

describe('a long read with a signal', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;
  // 16 MB in replies of 400 kB: a few replies in flight (~2 MB) stay well below what the bug held.
  const documents = 4_000;
  const padding = 'x'.repeat(4_000);

  before(async () => {
    ({ client, db } = await openTestDb('abort_memory'));
    collection = db.collection('docs');
    await collection.insertMany(Array.from({ length: documents }, (_, i) => ({ i, padding })));
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('holds no reply it has decoded', async () => {
    // A regression: each fetch raced one long-lived "aborted" promise, and every race left a
    // reaction on it that kept that reply's bytes alive until the read ended (~115 MB per
    // million small documents).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const signal = new AbortController().signal;
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    let rows = 0;
    const stream = findArrowStream(collection, {}, { batchSize: 100, rowsPerBatch: 100, signal });
    for await (const batch of stream) {
      rows += batch.numRows;
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
    }
    assert.equal(rows, documents);
    const total = documents * padding.length;
    // A few replies in flight at most; the bug held all of them (about `total` bytes) by the end.
    assert.ok(peak < total / 4, `${peak} bytes of ArrayBuffers held while reading ${total} bytes of documents`);
  });
});
