import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateArrow, findArrow } from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';
import { assertTableMatchesDocuments } from './helpers/compare.js';
import { ALL_TYPES_SCHEMA } from './helpers/documents.js';

const DOCUMENT_COUNT = 10_000;
const BATCH_SIZES = [1, 7, 101, 10_000];
const FIELDS = Object.keys(ALL_TYPES_SCHEMA);

describe('findArrow and aggregateArrow against the plain driver', () => {
  const fixture = useAllTypesCollection('read', DOCUMENT_COUNT);

  for (const batchSize of BATCH_SIZES) {
    it(`findArrow matches find().toArray() at batchSize ${batchSize}`, async () => {
      const table = await findArrow(fixture.collection, {}, { schema: ALL_TYPES_SCHEMA, sort: { i: 1 }, batchSize });
      assertTableMatchesDocuments(table, fixture.driverDocuments, FIELDS);
    });

    it(`aggregateArrow matches find().toArray() at batchSize ${batchSize}`, async () => {
      const table = await aggregateArrow(fixture.collection, [{ $sort: { i: 1 } }], {
        schema: ALL_TYPES_SCHEMA,
        batchSize,
      });
      assertTableMatchesDocuments(table, fixture.driverDocuments, FIELDS);
    });
  }

  it('applies the filter and loads only the schema fields', async () => {
    const filter = { i: { $gte: 100, $lt: 200 } };
    const table = await findArrow(fixture.collection, filter, {
      schema: { i: 'int32', name: 'string' },
      sort: { i: 1 },
    });
    const expected = await fixture.collection.find(filter, { sort: { i: 1 } }).toArray();
    assertTableMatchesDocuments(table, expected, ['i', 'name']);
  });

  it('keeps the order of the schema, not of the documents', async () => {
    const table = await findArrow(
      fixture.collection,
      { i: 0 },
      { schema: { name: 'string', i: 'int32', _id: 'objectId' } },
    );
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      ['name', 'i', '_id'],
    );
  });

  it('returns an empty table with the declared schema when nothing matches', async () => {
    const table = await findArrow(fixture.collection, { i: -1 }, { schema: ALL_TYPES_SCHEMA });
    assert.equal(table.numRows, 0);
    assert.deepEqual(
      table.schema.fields.map((f) => `${f.name}:${f.type}`),
      [
        '_id:Utf8',
        'i:Int32',
        'price:Float64',
        'qty:Int32',
        'big:Int64',
        'active:Bool',
        'name:Utf8',
        'at:Timestamp<MILLISECOND, UTC>',
        'ref:Utf8',
      ],
    );
  });

  it('does not change the caller pipeline', async () => {
    const pipeline = [{ $match: { i: { $lt: 5 } } }];
    const copy = structuredClone(pipeline);
    await aggregateArrow(fixture.collection, pipeline, { schema: { i: 'int32' } });
    assert.deepEqual(pipeline, copy);
  });

  it('lets a user projection win over the schema projection', async () => {
    const table = await findArrow(
      fixture.collection,
      { i: { $lt: 3 } },
      { schema: { i: 'int32', name: 'string' }, projection: { i: 1, _id: 0 }, sort: { i: 1 } },
    );
    assert.deepEqual(table.getChild('i')?.toArray(), Int32Array.from([0, 1, 2]));
    assert.equal(table.getChild('name')?.nullCount, 3);
  });
});
