import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Collection, type Db, type Document, type MongoClient, MongoServerError } from 'mongodb';
import { aggregateArrow, findArrow, MongoArrowError, type SchemaDefinition } from '../lib/index.js';
import { openTestDb } from './helpers/server.js';

describe('errors', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;

  before(async () => {
    ({ client, db } = await openTestDb('errors'));
    collection = db.collection('conflicts');
    await collection.insertMany([
      { i: 0, label: 'a' },
      { i: 1, label: 'b' },
      { i: 2, label: null },
      { i: 3, label: 42 },
      { i: 4, label: 'e' },
    ]);
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('names the field, the document index and both types on a type conflict', async () => {
    await assert.rejects(
      findArrow(collection, {}, { schema: { i: 'int32', label: 'string' }, sort: { i: 1 } }),
      (err: unknown) => {
        assert.ok(err instanceof MongoArrowError);
        assert.equal(err.code, 'TYPE_CONFLICT');
        assert.match(err.message, /field 'label'/);
        assert.match(err.message, /document 3/);
        assert.match(err.message, /expects string/);
        assert.match(err.message, /found BSON int/);
        return true;
      },
    );
  });

  it('rejects a schema naming an unknown type', async () => {
    const schema = { label: 'varchar' } as unknown as SchemaDefinition;
    await assert.rejects(findArrow(collection, {}, { schema }), (err: unknown) => {
      assert.ok(err instanceof MongoArrowError);
      assert.equal(err.code, 'INVALID_SCHEMA');
      assert.match(err.message, /'label' has unknown type 'varchar'/);
      return true;
    });
  });

  it('infers the schema when none is given, and a conflict found by inference is an error too', async () => {
    await assert.rejects(findArrow(collection, {}, { sort: { i: 1 } }), (err: unknown) => {
      assert.ok(err instanceof MongoArrowError);
      assert.equal(err.code, 'TYPE_CONFLICT');
      assert.match(err.message, /field 'label' in document 3/);
      return true;
    });
  });

  it('passes the server error of an invalid pipeline through unchanged', async () => {
    const pipeline = [{ $group: { total: { $sum: '$i' } } }];
    const driverError = await collection
      .aggregate(pipeline)
      .toArray()
      .then(
        () => assert.fail('the plain driver accepted an invalid pipeline'),
        (err: unknown) => err,
      );
    assert.ok(driverError instanceof MongoServerError);
    await assert.rejects(aggregateArrow(collection, pipeline, { schema: { i: 'int32' } }), (err: unknown) => {
      assert.ok(err instanceof MongoServerError, `expected MongoServerError, got ${String(err)}`);
      assert.equal(err.code, driverError.code);
      assert.equal(err.message, driverError.message);
      return true;
    });
  });

  it('refuses a pipeline ending in $out or $merge', async () => {
    await assert.rejects(aggregateArrow(collection, [{ $out: 'elsewhere' }], { schema: { i: 'int32' } }), {
      code: 'INVALID_ARGUMENT',
    });
  });

  it('rejects a first argument that is not a collection', async () => {
    for (const notACollection of [null, {}, db, 'conflicts']) {
      await assert.rejects(
        findArrow(notACollection as unknown as Collection<Document>, {}, { schema: { i: 'int32' } }),
        (err: unknown) => {
          assert.ok(err instanceof MongoArrowError);
          assert.equal(err.code, 'INVALID_ARGUMENT');
          assert.match(err.message, /must be a mongodb Collection/);
          return true;
        },
      );
    }
  });

  it('reports the driver error of a closed client and keeps the process alive', async () => {
    const { client: closing, db: otherDb } = await openTestDb('closed');
    const closed = otherDb.collection('conflicts');
    await closing.close();
    const driverError = await closed
      .find({})
      .toArray()
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    const ours = await findArrow(closed, {}, { schema: { i: 'int32' } }).then(
      () => undefined,
      (err: unknown) => err,
    );
    if (driverError === undefined) {
      // This driver reconnects a closed client on demand; then so must we.
      assert.equal(ours, undefined);
    } else {
      assert.ok(ours instanceof Error);
      assert.equal(ours.name, (driverError as Error).name);
      assert.equal(ours.message, (driverError as Error).message);
    }
  });
});
