import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Table } from 'apache-arrow';
import { Collection, type Document } from 'mongodb';
import {
  aggregateArrow,
  aggregateColumns,
  findArrow,
  findColumns,
  inferSchema,
  MongoArrowError,
  withArrow,
} from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';
import { assertTableMatchesDocuments } from './helpers/compare.js';
import { ALL_TYPES_SCHEMA } from './helpers/documents.js';

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
  const fixture = useAllTypesCollection('with_arrow', 500);

  it('adds the methods without changing the collection or the driver prototype', () => {
    const ownKeys = Reflect.ownKeys(fixture.collection);
    const wrapped = withArrow(fixture.collection);
    for (const method of METHODS) {
      assert.equal(typeof wrapped[method], 'function', method);
      assert.ok(method in wrapped, `${method} in wrapped`);
      assert.ok(!(method in fixture.collection), `${method} not on the collection`);
      assert.ok(!(method in Collection.prototype), `${method} not on Collection.prototype`);
    }
    assert.deepEqual(Reflect.ownKeys(fixture.collection), ownKeys);
    assert.ok(wrapped instanceof Collection);
    assert.equal(wrapped.collectionName, fixture.collection.collectionName);
    assert.equal(wrapped.find, wrapped.find, 'driver methods keep their identity between reads');
  });

  it('every method reads what the plain function reads', async () => {
    const wrapped = withArrow(fixture.collection);
    const options = { schema: ALL_TYPES_SCHEMA, sort: { i: 1 } } as const;
    const pipeline = [{ $sort: { i: 1 } }];

    const tables: Table[] = [
      await wrapped.findArrow({}, options),
      await wrapped.aggregateArrow(pipeline, { schema: ALL_TYPES_SCHEMA }),
      await wrapped.findArrowStream({}, options).toTable(),
      await wrapped.aggregateArrowStream(pipeline, { schema: ALL_TYPES_SCHEMA }).toTable(),
    ];
    for (const table of tables) assertTableMatchesDocuments(table, fixture.driverDocuments, FIELDS);
    assert.deepEqual(
      (await findArrow(fixture.collection, {}, options)).toArray().map(String),
      tables[0]?.toArray().map(String),
    );
    assert.deepEqual(
      (await aggregateArrow(fixture.collection, pipeline, { schema: ALL_TYPES_SCHEMA })).toArray().map(String),
      tables[1]?.toArray().map(String),
    );

    assert.deepEqual(await wrapped.findColumns({}, options), await findColumns(fixture.collection, {}, options));
    assert.deepEqual(
      await wrapped.aggregateColumns(pipeline, { schema: ALL_TYPES_SCHEMA }),
      await aggregateColumns(fixture.collection, pipeline, { schema: ALL_TYPES_SCHEMA }),
    );

    const df = await wrapped.findPolars({ i: { $lt: 10 } }, { schema: { i: 'int32' }, sort: { i: 1 } });
    assert.deepEqual(
      df.getColumn('i').toArray(),
      fixture.driverDocuments.slice(0, 10).map((d) => d.i),
    );
    const aggregated = await wrapped.aggregatePolars([{ $match: { i: { $lt: 3 } } }], { schema: { i: 'int32' } });
    assert.equal(aggregated.height, 3);

    assert.deepEqual((await wrapped.inferSchema()).toJSON(), (await inferSchema(fixture.collection)).toJSON());
  });

  it('keeps the driver methods working on the real collection', async () => {
    const wrapped = withArrow(fixture.collection);
    assert.equal(await wrapped.countDocuments({ i: { $lt: 100 } }), 100);
    const first = await wrapped.find({}, { sort: { i: 1 }, limit: 1, useBigInt64: true }).toArray();
    assert.deepEqual(first, fixture.driverDocuments.slice(0, 1));
    await wrapped.insertOne({ i: -1 });
    assert.equal(await fixture.collection.countDocuments({ i: -1 }), 1);
    await wrapped.deleteOne({ i: -1 });
  });

  it('rejects what is not a collection with INVALID_ARGUMENT', () => {
    assert.throws(
      () => withArrow({ find: () => undefined } as unknown as Collection<Document>),
      (err: unknown) => err instanceof MongoArrowError && err.code === 'INVALID_ARGUMENT',
    );
  });
});
