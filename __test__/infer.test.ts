import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BSON, type Collection, type Db, type Document, type MongoClient } from 'mongodb';
import { decodeBson, findArrow, inferSchema, inferSchemaCounts, MongoArrowError } from '../lib/index.js';
import { allTypesDocuments } from './helpers/documents.js';
import { openTestDb } from './helpers/server.js';

const DOCUMENT_COUNT = 1500;
const LATE_ROW = 1200;

function assertCode(code: string) {
  return (err: unknown) => {
    assert.ok(err instanceof MongoArrowError, `expected a MongoArrowError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

/** Top-level field names of the driver's documents, in first-seen order. */
function fieldNames(documents: readonly Document[]): string[] {
  const names = new Set<string>();
  for (const doc of documents) for (const key of Object.keys(doc)) names.add(key);
  return [...names];
}

describe('inferSchema', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;
  let driverDocuments: Document[];

  before(async () => {
    ({ client, db } = await openTestDb('infer'));
    collection = db.collection('all_types');
    const docs = allTypesDocuments(DOCUMENT_COUNT);
    (docs[LATE_ROW] as Document).late = 'only here';
    await collection.insertMany(docs);
    driverDocuments = await collection.find({}, { sort: { i: 1 } }).toArray();
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('over a collection: every field of every document, the same schema findArrow infers', async () => {
    const schema = await inferSchema(collection);
    assert.deepEqual(schema.fields.map((f) => f.name).sort(), fieldNames(driverDocuments).sort());
    const byName = Object.fromEntries(schema.fields.map((f) => [f.name, f.type]));
    assert.deepEqual(
      { price: byName.price, qty: byName.qty, big: byName.big, at: byName.at, _id: byName._id, late: byName.late },
      { price: 'double', qty: 'int32', big: 'int64', at: 'date', _id: 'objectId', late: 'string' },
    );
    const table = await findArrow(collection);
    assert.deepEqual(schema.toArrow().fields.map(String), table.schema.fields.map(String));
  });

  it('the inferred schema reads the collection back', async () => {
    const schema = await inferSchema(collection, { filter: { i: { $lt: 10 } } });
    const table = await findArrow(collection, { i: { $lt: 10 } }, { schema, sort: { i: 1 } });
    assert.equal(table.numRows, 10);
    assert.deepEqual(
      [...(table.getChild('name') ?? [])],
      driverDocuments.slice(0, 10).map((d) => d.name ?? null),
    );
  });

  it('sampleSize limits the documents looked at', async () => {
    const sampled = await inferSchema(collection, { filter: { i: { $gte: LATE_ROW - 10 } }, sampleSize: 5 });
    // A find without sort returns FerretDB's insertion order; `late` is in row LATE_ROW.
    assert.ok(!sampled.fields.some((f) => f.name === 'late'));
    const wider = await inferSchema(collection, { filter: { i: { $gte: LATE_ROW - 10 } }, sampleSize: 50 });
    assert.ok(wider.fields.some((f) => f.name === 'late'));
  });

  it('over a pipeline: the fields of its output', async () => {
    const pipeline = [{ $group: { _id: '$active', n: { $sum: 1 } } }];
    const schema = await inferSchema(collection, { pipeline });
    const expected = await collection.aggregate(pipeline).toArray();
    assert.deepEqual(
      schema.fields.map((f) => f.name),
      fieldNames(expected),
    );
  });

  it('over BSON bytes: the schema decodeBson infers, for concatenated and per-document input', async () => {
    const parts = [{ a: 1 }, { a: 2.5, b: { c: 'x' } }, { d: [1, 2] }].map((doc) => BSON.serialize(doc));
    const fromParts = await inferSchema(parts);
    const fromConcatenated = await inferSchema(new Uint8Array(Buffer.concat(parts)));
    const table = await decodeBson(parts);
    assert.deepEqual(fromParts.toJSON(), fromConcatenated.toJSON());
    assert.deepEqual(fromParts.toArrow().fields.map(String), table.schema.fields.map(String));
    assert.deepEqual(
      fromParts.fields.map((f) => f.name),
      ['a', 'b', 'd'],
    );
    const firstOnly = await inferSchema(parts, { sampleSize: 1 });
    assert.deepEqual(firstOnly.toJSON(), { fields: [{ name: 'a', type: 'int32' }] });
  });

  it('a field of mixed types is text by default, an error with conflicts: "error", its most common type with "null"', async () => {
    const parts = [{ a: 1 }, { a: 'text' }, { a: 'more' }].map((doc) => BSON.serialize(doc));
    assert.equal((await inferSchema(parts)).fields[0]?.type, 'text');
    assert.equal((await inferSchema(parts, { conflicts: 'string' })).fields[0]?.type, 'text');
    await assert.rejects(inferSchema(parts, { conflicts: 'error' }), assertCode('TYPE_CONFLICT'));
    assert.equal((await inferSchema(parts, { conflicts: 'null' })).fields[0]?.type, 'string');
  });

  it('inferSchemaCounts: documents, nulls and conflicts per field, nested ones too', async () => {
    const parts = [
      { a: 1, d: { x: 'k.1', 'y.z': null } },
      { a: 'text', d: null },
      { a: 2.5, d: { x: 2 } },
      { a: null, late: [{ v: 1 }] },
    ].map((doc) => BSON.serialize(doc));
    const { schema, counts } = await inferSchemaCounts(parts);
    assert.deepEqual(schema, await inferSchema(parts));
    assert.deepEqual(counts, {
      documents: 4,
      fields: [
        { path: ['a'], documents: 4, nulls: 1, conflicts: 1 },
        { path: ['d'], documents: 3, nulls: 1, conflicts: 0 },
        { path: ['d', 'x'], documents: 2, nulls: 0, conflicts: 1 },
        { path: ['d', 'y.z'], documents: 1, nulls: 1, conflicts: 0 },
        { path: ['late'], documents: 1, nulls: 0, conflicts: 0 },
        { path: ['late', 'v'], documents: 1, nulls: 0, conflicts: 0 },
      ],
    });
    // Over a collection: every field of the fixture once, in schema order.
    const fromCollection = await inferSchemaCounts(collection);
    assert.equal(fromCollection.counts.documents, DOCUMENT_COUNT);
    assert.deepEqual(
      fromCollection.counts.fields.filter((f) => f.path.length === 1).map((f) => f.path[0]),
      fromCollection.schema.fields.map((f) => f.name),
    );
  });

  it('rejects bad arguments with INVALID_ARGUMENT', async () => {
    await assert.rejects(inferSchema(collection, { filter: {}, pipeline: [] }), assertCode('INVALID_ARGUMENT'));
    await assert.rejects(inferSchema(collection, { sampleSize: 0 }), assertCode('INVALID_ARGUMENT'));
    await assert.rejects(inferSchema({} as Collection<Document>), assertCode('INVALID_ARGUMENT'));
  });

  it('passes server errors through', async () => {
    await assert.rejects(inferSchema(collection, { pipeline: [{ $bogusStage: {} }] }), (err: unknown) => {
      assert.ok(!(err instanceof MongoArrowError));
      assert.equal((err as Error).name, 'MongoServerError');
      return true;
    });
  });
});
