import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Collection, type Document, Long, ObjectId } from 'mongodb';
import {
  aggregateColumns,
  type Columns,
  findArrow,
  findColumns,
  MongoArrowError,
  tableToColumns,
} from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';
import { ALL_TYPES_SCHEMA } from './helpers/documents.js';

const DOCUMENT_COUNT = 3000;

/** The value a column must hold for a driver value, per the documented column types. */
function expectedColumnValue(value: unknown): unknown {
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Date) return BigInt(value.getTime());
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Asserts every column and validity entry against the driver's documents. */
function assertColumnsMatch(result: Columns, documents: readonly Document[], fields: readonly string[]): void {
  assert.equal(result.length, documents.length);
  assert.deepEqual(Object.keys(result.columns), [...fields]);
  for (const field of fields) {
    const column = result.columns[field];
    const validity = result.validity[field];
    assert.ok(column, `column ${field}`);
    assert.equal(column.length, documents.length, `${field} length`);
    const nulls = documents.filter((doc) => doc[field] === null || doc[field] === undefined).length;
    assert.equal(validity === undefined, nulls === 0, `${field} has validity exactly when it has nulls`);
    documents.forEach((doc, row) => {
      const value = doc[field];
      const present = value !== null && value !== undefined;
      if (validity) assert.equal(validity[row], present ? 1 : 0, `${field} validity at row ${row}`);
      if (present) assert.deepEqual(column[row], expectedColumnValue(value), `${field} at row ${row}`);
      else if (Array.isArray(column)) assert.equal(column[row], null, `${field} null at row ${row}`);
    });
  }
}

describe('findColumns and aggregateColumns against the plain driver', () => {
  const fixture = useAllTypesCollection('columns', DOCUMENT_COUNT);

  it('gives typed arrays for numbers, timestamps and booleans, plain arrays for the rest', async () => {
    const result = await findColumns(fixture.collection, {}, { schema: ALL_TYPES_SCHEMA, sort: { i: 1 } });
    const { columns } = result;
    assert.ok(columns.price instanceof Float64Array);
    assert.ok(columns.i instanceof Int32Array);
    assert.ok(columns.qty instanceof Int32Array);
    assert.ok(columns.big instanceof BigInt64Array);
    assert.ok(columns.at instanceof BigInt64Array);
    assert.ok(columns.active instanceof Uint8Array);
    assert.ok(Array.isArray(columns.name) && Array.isArray(columns._id) && Array.isArray(columns.ref));
    assertColumnsMatch(result, fixture.driverDocuments, Object.keys(ALL_TYPES_SCHEMA));
  });

  it('shares memory with a single-batch table and copies a multi-batch one', async () => {
    const single = await findArrow(fixture.collection, {}, { schema: ALL_TYPES_SCHEMA, sort: { i: 1 } });
    assert.equal(single.batches.length, 1);
    const shared = tableToColumns(single);
    for (const field of ['price', 'qty', 'big', 'at'] as const) {
      const values = single.getChild(field)?.data[0]?.values as ArrayBufferView;
      assert.equal((shared.columns[field] as ArrayBufferView).buffer, values.buffer, `${field} is a view`);
    }
    assert.notEqual((shared.columns.active as Uint8Array).buffer, single.getChild('active')?.data[0]?.values.buffer);

    const chunked = await findArrow(
      fixture.collection,
      {},
      { schema: ALL_TYPES_SCHEMA, sort: { i: 1 }, rowsPerBatch: 500 },
    );
    assert.ok(chunked.batches.length > 1);
    const copied = tableToColumns(chunked);
    assert.ok(copied.columns.price instanceof Float64Array);
    assert.notEqual((copied.columns.price as Float64Array).buffer, chunked.getChild('price')?.data[0]?.values.buffer);
    assertColumnsMatch(copied, fixture.driverDocuments, Object.keys(ALL_TYPES_SCHEMA));
  });

  it('applies the filter and options like findArrow', async () => {
    const filter = { i: { $gte: 10, $lt: 20 } };
    const result = await findColumns(fixture.collection, filter, {
      schema: { i: 'int32', price: 'double' },
      sort: { i: -1 },
    });
    const expected = await fixture.collection.find(filter, { sort: { i: -1 }, useBigInt64: true }).toArray();
    assertColumnsMatch(result, expected, ['i', 'price']);
  });

  it('aggregateColumns matches the driver aggregate', async () => {
    const pipeline = [
      { $match: { qty: { $ne: null } } },
      { $group: { _id: '$active', total: { $sum: '$qty' }, count: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ];
    const expected = await fixture.collection.aggregate(pipeline).toArray();
    const result = await aggregateColumns(fixture.collection, pipeline, {
      schema: { _id: 'bool', total: 'int64', count: 'int32' },
    });
    // The server may sum int32s to an int32 or an int64; the int64 column holds either.
    const normalized = expected.map((doc) => ({ ...doc, total: BigInt(doc.total) }));
    assertColumnsMatch(result, normalized, ['_id', 'total', 'count']);
  });

  it('turns nested documents and arrays into plain objects and arrays', async () => {
    const nested = fixture.db.collection('nested');
    await nested.insertMany([
      { k: 0, sub: { x: 1, tags: ['a', 'b'] }, list: [1, 2, 3] },
      { k: 1, sub: null, list: [] },
      { k: 2, sub: { x: 2, tags: [] } },
    ]);
    const expected = await nested.find({}, { sort: { k: 1 }, projection: { _id: 0 } }).toArray();
    const { columns, validity } = await aggregateColumns(nested, [{ $sort: { k: 1 } }, { $project: { _id: 0 } }]);
    assert.deepEqual(columns.sub, [{ x: 1, tags: ['a', 'b'] }, null, { x: 2, tags: [] }]);
    assert.deepEqual(columns.list, [[1, 2, 3], [], null]);
    assert.deepEqual(
      columns.sub,
      expected.map((doc) => doc.sub ?? null),
    );
    assert.deepEqual(validity.sub, Uint8Array.from([1, 0, 1]));
    assert.equal(validity.k, undefined);
  });

  it('rejects what is not a collection with INVALID_ARGUMENT', async () => {
    await assert.rejects(findColumns({} as Collection<Document>), (err: unknown) => {
      assert.ok(err instanceof MongoArrowError);
      assert.equal(err.code, 'INVALID_ARGUMENT');
      assert.match(err.message, /findColumns/);
      return true;
    });
  });
});
