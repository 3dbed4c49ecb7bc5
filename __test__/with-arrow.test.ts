import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Table } from 'apache-arrow';
import { Collection, type Db, type Document, type MongoClient } from 'mongodb';
import {
  aggregateArrow,
  aggregateColumns,
  findArrow,
  findColumns,
  inferSchema,
  MongoArrowError,
  withArrow,
} from '../lib/index.js';
import { assertTableMatchesDocuments } from './helpers/compare.js';
import { ALL_TYPES_SCHEMA, allTypesDocuments } from './helpers/documents.js';
import { openTestDb } from './helpers/server.js';

const FIELDS = Object.keys(ALL_TYPES_SCHEMA);
const METHODS = [
  'findArrow',
  'aggregateArrow',
  'findArrowStream',
  'aggregateArrowStream',
  'findColumns',
  'aggregateColumns',
  'findPolars',
  'aggregatePolars',
  'inferSchema',
] as const;

describe('withArrow', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;
  let driverDocuments: Document[];

  before(async () => {
    ({ client, db } = await openTestDb('with_arrow'));
    collection = db.collection('all_types');
    await collection.insertMany(allTypesDocuments(500));
    driverDocuments = await collection.find({}, { sort: { i: 1 }, useBigInt64: true }).toArray();
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('adds the methods without changing the collection or the driver prototype', () => {
    const ownKeys = Reflect.ownKeys(collection);
    const wrapped = withArrow(collection);
    for (const method of METHODS) {
      assert.equal(typeof wrapped[method], 'function', method);
      assert.ok(method in wrapped, `${method} in wrapped`);
      assert.ok(!(method in collection), `${method} not on the collection`);
      assert.ok(!(method in Collection.prototype), `${method} not on Collection.prototype`);
    }
    assert.deepEqual(Reflect.ownKeys(collection), ownKeys);
    assert.ok(wrapped instanceof Collection);
    assert.equal(wrapped.collectionName, collection.collectionName);
    assert.equal(wrapped.find, wrapped.find, 'driver methods keep their identity between reads');
  });

  it('every method reads what the plain function reads', async () => {
    const wrapped = withArrow(collection);
    const options = { schema: ALL_TYPES_SCHEMA, sort: { i: 1 } } as const;
    const pipeline = [{ $sort: { i: 1 } }];

    const tables: Table[] = [
      await wrapped.findArrow({}, options),
      await wrapped.aggregateArrow(pipeline, { schema: ALL_TYPES_SCHEMA }),
      await wrapped.findArrowStream({}, options).toTable(),
      await wrapped.aggregateArrowStream(pipeline, { schema: ALL_TYPES_SCHEMA }).toTable(),
    ];
    for (const table of tables) assertTableMatchesDocuments(table, driverDocuments, FIELDS);
    assert.deepEqual(
      (await findArrow(collection, {}, options)).toArray().map(String),
      tables[0]?.toArray().map(String),
    );
    assert.deepEqual(
      (await aggregateArrow(collection, pipeline, { schema: ALL_TYPES_SCHEMA })).toArray().map(String),
      tables[1]?.toArray().map(String),
    );

    assert.deepEqual(await wrapped.findColumns({}, options), await findColumns(collection, {}, options));
    assert.deepEqual(
      await wrapped.aggregateColumns(pipeline, { schema: ALL_TYPES_SCHEMA }),
      await aggregateColumns(collection, pipeline, { schema: ALL_TYPES_SCHEMA }),
    );

    const df = await wrapped.findPolars({ i: { $lt: 10 } }, { schema: { i: 'int32' }, sort: { i: 1 } });
    assert.deepEqual(
      df.getColumn('i').toArray(),
      driverDocuments.slice(0, 10).map((d) => d.i),
    );
    const aggregated = await wrapped.aggregatePolars([{ $match: { i: { $lt: 3 } } }], { schema: { i: 'int32' } });
    assert.equal(aggregated.height, 3);

    assert.deepEqual((await wrapped.inferSchema()).toJSON(), (await inferSchema(collection)).toJSON());
  });

  it('keeps the driver methods working on the real collection', async () => {
    const wrapped = withArrow(collection);
    assert.equal(await wrapped.countDocuments({ i: { $lt: 100 } }), 100);
    const first = await wrapped.find({}, { sort: { i: 1 }, limit: 1, useBigInt64: true }).toArray();
    assert.deepEqual(first, driverDocuments.slice(0, 1));
    await wrapped.insertOne({ i: -1 });
    assert.equal(await collection.countDocuments({ i: -1 }), 1);
    await wrapped.deleteOne({ i: -1 });
  });

  it('rejects what is not a collection with INVALID_ARGUMENT', () => {
    assert.throws(
      () => withArrow({ find: () => undefined } as unknown as Collection<Document>),
      (err: unknown) => err instanceof MongoArrowError && err.code === 'INVALID_ARGUMENT',
    );
  });
});
