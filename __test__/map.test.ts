import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Schema as ArrowSchema, Field, Float64, Int32, Map_, Struct, type Table, Type, Utf8 } from 'apache-arrow';
import { BSON, type Collection, type Db, type Document, type MongoClient } from 'mongodb';
import type pl from 'nodejs-polars';
import {
  decodeBson,
  findArrow,
  findPolars,
  MongoArrowError,
  Schema,
  tableToColumns,
  tableToPolars,
  types,
} from '../lib/index.js';
import { openTestDb } from './helpers/server.js';

const COUNT = 600;

const MAP_SCHEMA = {
  i: 'int32',
  scores: types.map('double'),
  tiers: types.map({ tier: 'string', benefits: ['string'] }),
  lists: types.map(['int32']),
  nested: types.map(types.map('int32')),
} as const;

const MAP_FIELDS = ['scores', 'tiers', 'lists', 'nested'] as const;

/** Documents whose objects have keys that are data: a few distinct ids each, some null, empty or missing. */
function mapDocuments(count: number, keyPrefix = ''): Document[] {
  return Array.from({ length: count }, (_, i) => {
    const id = (n: number) => `${keyPrefix}u${((i * 7919 + n * 104_729) % 100_003).toString(36)}`;
    const doc: Document = { i };
    if (i % 11 !== 3) doc.scores = i % 13 === 0 ? {} : { [id(1)]: i + 0.5, [`y${i % 4}`]: i % 3 === 0 ? null : i };
    if (i % 17 === 5) doc.scores = null;
    doc.tiers =
      i % 9 === 0
        ? null
        : { [id(2)]: { tier: `t${i % 3}`, benefits: ['lounge', `b${i % 5}`] }, [id(3)]: { tier: 'x', benefits: null } };
    doc.lists = { [id(4)]: [i, i + 1], empty: [], none: null };
    if (i % 5 !== 0) doc.nested = { [id(5)]: { a: i, b: i * 2 }, [id(6)]: {} };
    return doc;
  });
}

/** An Arrow value as the driver's: struct rows as objects, vectors as arrays, map rows as [key, value] entries. */
function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  const row = value as { [key: symbol]: unknown; toJSON?: () => unknown };
  if (row[Symbol.for('keys')] !== undefined) {
    return Array.from(value as Iterable<[string, unknown]>, ([k, v]) => [k, plainValue(v)]);
  }
  if (Symbol.iterator in value) return Array.from(value as Iterable<unknown>, plainValue);
  const json = row.toJSON?.() as Record<string, unknown>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, plainValue(v)]));
}

/** The driver's value with the map at `depth` levels (and below) as [key, value] entries, in the driver's order. */
function expectedEntries(value: unknown, mapDepth: number): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => expectedEntries(item, 0));
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value as Document);
  if (mapDepth > 0) return entries.map(([k, v]) => [k, expectedEntries(v, mapDepth - 1)]);
  return Object.fromEntries(entries.map(([k, v]) => [k, expectedEntries(v, 0)]));
}

/** How many map levels each field of {@link MAP_SCHEMA} has. */
const MAP_DEPTH: Record<(typeof MAP_FIELDS)[number], number> = { scores: 1, tiers: 1, lists: 1, nested: 2 };

/** Asserts every map column holds, row by row, the entries of the driver's objects, in their order. */
function assertMapsMatch(table: Table, documents: readonly Document[]): void {
  assert.equal(table.numRows, documents.length);
  for (const field of MAP_FIELDS) {
    const column = table.getChild(field);
    assert.equal(column?.type.typeId, Type.Map, `${field} is an Arrow Map`);
    documents.forEach((doc, row) => {
      assert.deepEqual(plainValue(column?.get(row)), expectedEntries(doc[field], MAP_DEPTH[field]), `${field}[${row}]`);
    });
  }
}

describe('types.map: a declared Map<Utf8, T>', () => {
  it('writes the JSON form for any value type and round-trips through Arrow', () => {
    const schema = new Schema(MAP_SCHEMA);
    assert.deepEqual(schema.toJSON().fields.slice(1), [
      { name: 'scores', type: { type: 'map', values: 'double' } },
      {
        name: 'tiers',
        type: {
          type: 'map',
          values: {
            type: 'document',
            fields: [
              { name: 'tier', type: 'string' },
              { name: 'benefits', type: { type: 'list', items: 'string' } },
            ],
          },
        },
      },
      { name: 'lists', type: { type: 'map', values: { type: 'list', items: 'int32' } } },
      { name: 'nested', type: { type: 'map', values: { type: 'map', values: 'int32' } } },
    ]);
    const arrow = schema.toArrow();
    const scores = arrow.fields[1]?.type as Map_;
    assert.equal(scores.typeId, Type.Map);
    assert.equal(scores.keysSorted, false);
    // apache-arrow names the entries' children key and value whatever the IPC
    // stream says (arrow-rs's keys and values; the Rust tests check those).
    assert.deepEqual(
      scores.children[0]?.type.children.map((f: Field) => [String(f.type), f.nullable]),
      [
        ['Utf8', false],
        ['Float64', true],
      ],
    );
    assert.deepEqual(Schema.fromArrow(arrow).toJSON(), schema.toJSON());
  });

  it('maps an Arrow Map with Utf8 keys back, and refuses other keys naming the field', () => {
    const entries = (key: Utf8 | Int32) =>
      new Field('entries', new Struct([new Field('key', key, false), new Field('value', new Float64(), true)]), false);
    const fromText = Schema.fromArrow(new ArrowSchema([new Field('m', new Map_(entries(new Utf8())), true)]));
    assert.deepEqual(fromText.toJSON().fields, [{ name: 'm', type: { type: 'map', values: 'double' } }]);
    assert.throws(
      () => Schema.fromArrow(new ArrowSchema([new Field('m', new Map_(entries(new Int32())), true)])),
      (err: unknown) => err instanceof MongoArrowError && err.code === 'UNSUPPORTED_TYPE' && /'m'/.test(err.message),
    );
  });
});

describe('decodeBson with declared maps', () => {
  it('gives Map columns whose entries are the documents objects, keys in stored order', async () => {
    const documents = mapDocuments(300);
    const parts = documents.map((doc) => BSON.serialize(doc));
    const table = await decodeBson(parts, { schema: MAP_SCHEMA });
    assertMapsMatch(
      table,
      parts.map((part) => BSON.deserialize(part)),
    );
  });

  it("keeps keys with '.', '$' and unicode as they are", async () => {
    const scores = { 'a.b': 1.5, $set: 2, 'ключ 日本 🎉': 3, '': 4 };
    const table = await decodeBson([BSON.serialize({ scores })], { schema: { scores: types.map('double') } });
    assert.deepEqual(plainValue(table.getChild('scores')?.get(0)), Object.entries(scores));
    assert.deepEqual(tableToColumns(table).columns.scores, [scores]);
  });

  it('names the key of a conflicting value', async () => {
    const parts = [BSON.serialize({ scores: { ok: 1.5, 'x.y': 'text' } })];
    await assert.rejects(
      decodeBson(parts, { schema: { scores: types.map('double') } }),
      (err: unknown) =>
        err instanceof MongoArrowError && err.code === 'TYPE_CONFLICT' && err.message.includes('scores["x.y"]'),
    );
  });

  it('columns: a map row is a plain object of key to value, null for a null map', async () => {
    const documents = mapDocuments(200);
    const parts = documents.map((doc) => BSON.serialize(doc));
    const { columns, validity } = tableToColumns(await decodeBson(parts, { schema: MAP_SCHEMA }));
    const driver = parts.map((part) => BSON.deserialize(part));
    for (const field of MAP_FIELDS) {
      driver.forEach((doc, row) => {
        assert.deepEqual(columns[field]?.[row], doc[field] ?? null, `${field}[${row}]`);
        assert.equal(validity[field]?.[row] ?? 1, doc[field] == null ? 0 : 1, `${field} validity at ${row}`);
      });
    }
  });

  it('Polars: a map is a list of {key, value} structs, null maps stay null', async () => {
    const documents = mapDocuments(200);
    const parts = documents.map((doc) => BSON.serialize(doc));
    const df = await tableToPolars(await decodeBson(parts, { schema: MAP_SCHEMA }));
    const driver = parts.map((part) => BSON.deserialize(part));
    assertPolarsScores(df, driver);
  });
});

/** The `scores` column of a DataFrame against the driver's objects, and every map column's dtype. */
function assertPolarsScores(df: pl.DataFrame, documents: readonly Document[]): void {
  for (const field of MAP_FIELDS) {
    assert.match(
      String(df.getColumn(field).dtype),
      /^DataType\(List\(DataType\(Struct\(Field\("key", DataType\(String\)\),Field\("value"/,
      field,
    );
  }
  const scores = df.getColumn('scores');
  assert.equal(scores.nullCount(), documents.filter((doc) => doc.scores == null).length);
  assert.deepEqual(
    scores.toArray(),
    documents.map((doc) =>
      doc.scores == null ? null : Object.entries(doc.scores as Document).map(([key, value]) => ({ key, value })),
    ),
  );
}

describe('declared maps against the plain driver', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;
  let expected: Document[];

  before(async () => {
    ({ client, db } = await openTestDb('map'));
    collection = db.collection('maps');
    await collection.insertMany(mapDocuments(COUNT, 'ключ-'));
    expected = await collection.find({}, { sort: { i: 1 }, projection: { _id: 0 } }).toArray();
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('findArrow with a map schema holds the driver documents', async () => {
    const table = await findArrow(collection, {}, { schema: MAP_SCHEMA, sort: { i: 1 }, batchSize: 101 });
    assertMapsMatch(table, expected);
  });

  it('findPolars with a map schema holds the driver documents', async () => {
    const df = await findPolars(collection, {}, { schema: MAP_SCHEMA, sort: { i: 1 } });
    assertPolarsScores(df, expected);
  });
});
