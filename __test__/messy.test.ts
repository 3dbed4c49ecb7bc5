import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Collection, type Db, type Document, Double, Int32, type MongoClient, ObjectId } from 'mongodb';
import { findArrow, findArrowStream, inferSchema, readReport, types } from '../lib/index.js';
import { countTypes, plainText } from './helpers/plain-text.js';
import { openTestDb } from './helpers/server.js';

/** Arrow values as plain JS: rows, maps and vectors through their toJSON. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('toJSON' in value && typeof value.toJSON === 'function') return plain(value.toJSON());
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

describe('messy collections load with zero arguments and lose nothing', () => {
  let client: MongoClient;
  let db: Db;

  before(async () => {
    ({ client, db } = await openTestDb('messy'));
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  /** Documents as the driver reads them, with int and double kept apart. */
  async function driverDocuments(c: Collection<Document>): Promise<Document[]> {
    return c.find({}, { sort: { _id: 1 }, promoteValues: false }).toArray();
  }

  it('a field that is "" in 8,518 documents, double in 2,339 and int in 238 becomes text, every value recoverable', async () => {
    const c = db.collection('depths');
    const docs: Document[] = [];
    for (let i = 0; i < 11_095; i++) {
      const depth = i < 8_518 ? '' : i < 8_518 + 2_339 ? new Double(i % 7 === 0 ? 4 : i / 8 + 0.1) : new Int32(i % 50);
      // Interleaved, as in the shipwrecks sample: the order must not matter.
      docs.push({ _id: new Int32((i * 7_919) % 11_095), depth });
    }
    await c.insertMany(docs);
    const expected = await driverDocuments(c);
    const table = await findArrow(c, {}, { sort: { _id: 1 } });
    assert.equal(String(table.schema.fields.find((f) => f.name === 'depth')?.type), 'Utf8');
    const depth = table.getChild('depth')?.toArray() as string[];
    assert.equal(depth.length, expected.length);
    expected.forEach((doc, row) => {
      assert.equal(depth[row], plainText(doc.depth), `row ${row}`);
    });
    const coercions = readReport(table)?.coercions ?? [];
    assert.deepEqual(coercions, [
      {
        field: 'depth',
        column: 'text',
        types: countTypes(
          expected.map((d) => d.depth),
          'string',
        ),
        stored: 8_518,
        coerced: 2_339 + 238,
        nulled: 0,
      },
    ]);
    assert.deepEqual(coercions[0]?.types, { double: 2_339, int: 238 });

    // The explicit recipe: numeric, with "" as null, counted.
    const numeric = await findArrow(c, {}, { sort: { _id: 1 }, emptyStringsAsNull: true });
    assert.equal(String(numeric.schema.fields.find((f) => f.name === 'depth')?.type), 'Float64');
    assert.equal(numeric.getChild('depth')?.nullCount, 8_518);
    assert.deepEqual(readReport(numeric)?.coercions[0]?.types, { string: 8_518 });
    // A partial schema: declare depth, infer the rest.
    const partial = await findArrow(c, {}, { sort: { _id: 1 }, schema: { depth: 'text' }, inferRest: true });
    assert.deepEqual(
      partial.schema.fields.map((f) => `${f.name}:${f.type}`),
      ['_id:Int32', 'depth:Utf8'],
    );
    assert.deepEqual(partial.getChild('depth')?.toArray(), depth);
  });

  it('an _id that is int in 399 documents and ObjectId in 32 becomes text of decimal and hex', async () => {
    const c = db.collection('ids');
    // 32 ObjectIds among 431 documents, spread through the collection.
    const docs: Document[] = Array.from({ length: 431 }, (_, i) => ({
      _id: i % 13 === 0 && i < 416 ? new ObjectId() : new Int32(i),
      i,
    }));
    assert.equal(docs.filter((d) => d._id instanceof ObjectId).length, 32);
    await c.insertMany(docs);
    const expected = await c.find({}, { sort: { i: 1 }, promoteValues: false }).toArray();
    const table = await findArrow(c, {}, { sort: { i: 1 } });
    const ids = table.getChild('_id')?.toArray() as string[];
    expected.forEach((doc, row) => {
      assert.equal(ids[row], plainText(doc._id));
    });
    // Neither an int nor an ObjectId is a string: every value was converted, and counted.
    assert.deepEqual(readReport(table)?.coercions[0]?.types, { objectId: 32, int: 399 });
    assert.equal(readReport(table)?.coercions[0]?.stored, 0);
  });

  it('objects keyed by data become one map column, equal to the driver objects', async () => {
    const c = db.collection('customers');
    const hex = (n: number) => n.toString(16).padStart(32, '0');
    const docs: Document[] = Array.from({ length: 500 }, (_, i) => {
      const tiers: Document = {};
      for (let k = 0; k < 1 + (i % 3); k++) {
        tiers[hex(i * 10 + k)] = { tier: k ? 'Gold' : 'Bronze', benefits: ['a', 'b'].slice(0, k), active: k % 2 === 0 };
      }
      return { _id: i, username: `u${i}`, tier_and_details: tiers };
    });
    await c.insertMany(docs);
    const expected = await c.find({}, { sort: { _id: 1 } }).toArray();
    const table = await findArrow(c, {}, { sort: { _id: 1 } });
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      ['_id', 'username', 'tier_and_details'],
    );
    assert.match(String(table.schema.fields[2]?.type), /^Map<\{key:Utf8, value:Struct</);
    const column = table.getChild('tier_and_details');
    expected.forEach((doc, row) => {
      assert.deepEqual(plain(column?.get(row)), doc.tier_and_details, `row ${row}`);
    });
    // Declared the same way, it reads the same.
    const declared = await findArrow(
      c,
      {},
      {
        sort: { _id: 1 },
        schema: { tier_and_details: types.map({ tier: 'string', benefits: ['string'], active: 'bool' }) },
      },
    );
    assert.deepEqual(plain(declared.getChild('tier_and_details')?.get(7)), expected[7]?.tier_and_details);
  });

  it('an always-empty object is a map of nothing: empty where present, null where missing', async () => {
    const c = db.collection('users');
    const docs: Document[] = Array.from({ length: 20 }, (_, i) => (i % 4 ? { _id: i, preferences: {} } : { _id: i }));
    await c.insertMany(docs);
    const table = await findArrow(c, {}, { sort: { _id: 1 } });
    const column = table.getChild('preferences');
    assert.match(String(table.schema.fields[1]?.type), /^Map<\{key:Utf8, value:Null\}>/);
    for (let row = 0; row < 20; row++) {
      if (row % 4) assert.deepEqual(plain(column?.get(row)), {});
      else assert.equal(column?.get(row), null);
    }
    assert.deepEqual((await inferSchema(c)).fields[1], { name: 'preferences', type: { type: 'map', values: 'null' } });
  });

  it('a stream counts the nested fields its sampled schema cannot hold, by path', async () => {
    const c = db.collection('late');
    const docs: Document[] = Array.from({ length: 300 }, (_, i) => ({
      _id: i,
      meta: i < 100 ? { a: i } : { a: i, late: true },
      items: i < 100 ? [{ x: 1 }] : [{ x: 1, late: 'y' }, { x: 2 }],
      ...(i >= 250 && { top: i }),
    }));
    await c.insertMany(docs);
    const stream = findArrowStream(c, {}, { sort: { _id: 1 }, batchSize: 100 });
    let rows = 0;
    for await (const batch of stream) rows += batch.numRows;
    assert.equal(rows, 300);
    assert.deepEqual([...stream.droppedFields].sort(), [
      ['items[].late', 200],
      ['meta.late', 200],
      ['top', 50],
    ]);
    assert.deepEqual(stream.coercions, []);
  });
});
