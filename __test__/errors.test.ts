import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Collection, type Db, type Document, type MongoClient, MongoServerError } from 'mongodb';
import { aggregateArrow, findArrow, MongoArrowError, type SchemaDefinition, TypeConflictError } from '../lib/index.js';
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

  it('names the field, the document, its _id and both types on a conflict with a declared schema', async () => {
    const id = (await collection.findOne({ i: 3 }))?._id?.toHexString();
    await assert.rejects(
      findArrow(collection, {}, { schema: { i: 'int32', label: 'string' }, sort: { i: 1 } }),
      (err: unknown) => {
        assert.ok(err instanceof TypeConflictError);
        assert.equal(err.code, 'TYPE_CONFLICT');
        assert.deepEqual(
          [err.field, err.expected, err.found, err.index, err.documentId, err.source],
          ['label', 'string', 'int', 3, id, 'declared'],
        );
        assert.match(err.message, /your schema says 'label' is string/);
        assert.match(err.message, new RegExp(`document 3 \\(_id ${id}\\) has a BSON int`));
        assert.match(err.message, /conflicts: 'string'/);
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

  it('without a schema loads a mixed field as text; conflicts: "error" makes inference fail, saying what it saw', async () => {
    const table = await findArrow(collection, {}, { sort: { i: 1 }, projection: { _id: 0 } });
    assert.deepEqual(table.getChild('label')?.toArray(), ['a', 'b', null, '42', 'e']);
    await assert.rejects(findArrow(collection, {}, { sort: { i: 1 }, conflicts: 'error' }), (err: unknown) => {
      assert.ok(err instanceof TypeConflictError);
      assert.equal(err.source, 'inference');
      assert.deepEqual([err.field, err.index, err.found, err.seen], ['label', 3, 'int', { string: 2 }]);
      assert.match(err.message, /field 'label' holds values of types that cannot share a column: string \(2 values\)/);
      assert.match(err.message, /Without conflicts: 'error' it loads as a 'text' column/);
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
