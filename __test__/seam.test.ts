import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Collection, Db, MongoClient } from 'mongodb';
import { Inference, NativeSchema, Reader } from '../index.js';
import { findArrow } from '../lib/index.js';
import { openTestDb } from './helpers/server.js';

const COUNT = 2_500;
const BATCH_SIZE = 100;

/**
 * Counts every call of a method of the native classes, by `Class.method`:
 * everything the TypeScript layer does across the boundary after making its
 * objects (their constructors run once per read or schema, not per batch).
 */
function countNativeCalls(): { calls: Map<string, number>; restore: () => void } {
  const calls = new Map<string, number>();
  const restores: (() => void)[] = [];
  for (const [className, cls] of [
    ['Reader', Reader],
    ['Inference', Inference],
    ['NativeSchema', NativeSchema],
  ] as const) {
    const prototype = cls.prototype as unknown as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(prototype)) {
      const original = prototype[method];
      if (method === 'constructor' || typeof original !== 'function') continue;
      prototype[method] = function (this: unknown, ...args: unknown[]) {
        calls.set(`${className}.${method}`, (calls.get(`${className}.${method}`) ?? 0) + 1);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      restores.push(() => {
        prototype[method] = original;
      });
    }
  }
  const restore = () => {
    for (const undo of restores) undo();
  };
  return { calls, restore };
}

/** The calls with the reader's two kinds of push (on the thread pool, or on this thread for a small batch) as one. */
function withPushes(calls: Map<string, number>, className: 'Reader' | 'Inference'): Record<string, number> {
  const counted = Object.fromEntries(calls);
  const pushes = (counted[`${className}.push`] ?? 0) + (counted[`${className}.pushAsync`] ?? 0);
  delete counted[`${className}.push`];
  delete counted[`${className}.pushAsync`];
  return { ...counted, [`${className}.push*`]: pushes };
}

describe('the TypeScript ↔ Rust seam', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection;
  /** Server batches holding documents, counted from the driver's command events (find and each getMore). */
  let serverBatches = 0;

  before(async () => {
    ({ client, db } = await openTestDb('seam', { monitorCommands: true }));
    collection = db.collection('docs');
    await collection.insertMany(Array.from({ length: COUNT }, (_, i) => ({ i, x: i / 2, s: `v${i}` })));
    client.on('commandSucceeded', (event) => {
      if (event.commandName !== 'find' && event.commandName !== 'getMore') return;
      const cursor = (event.reply as { cursor?: { firstBatch?: unknown[]; nextBatch?: unknown[] } }).cursor;
      if ((cursor?.firstBatch ?? cursor?.nextBatch ?? []).length > 0) serverBatches += 1;
    });
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('makes one native call per server batch, plus one to finish, with a declared schema', async () => {
    serverBatches = 0;
    const { calls, restore } = countNativeCalls();
    try {
      const table = await findArrow(collection, {}, { schema: { i: 'int32', x: 'double' }, batchSize: BATCH_SIZE });
      assert.equal(table.numRows, COUNT);
    } finally {
      restore();
    }
    assert.ok(serverBatches >= COUNT / BATCH_SIZE, `${serverBatches} server batches`);
    assert.deepEqual(withPushes(calls, 'Reader'), {
      // The projection is derived from the schema once per read.
      'NativeSchema.projection': 1,
      'Reader.push*': serverBatches,
      'Reader.finishAsync': 1,
    });
  });

  it('without a schema, adds one inference call per server batch and one to finish it', async () => {
    serverBatches = 0;
    const { calls, restore } = countNativeCalls();
    try {
      const table = await findArrow(collection, {}, { batchSize: BATCH_SIZE });
      assert.equal(table.numRows, COUNT);
    } finally {
      restore();
    }
    assert.deepEqual(withPushes(calls, 'Reader'), {
      'Inference.pushAsync': serverBatches,
      'Inference.finish': 1,
      // The inferred schema's fields are read back once.
      'NativeSchema.nodes': 1,
      'Reader.push*': serverBatches,
      'Reader.finishAsync': 1,
    });
  });
});
