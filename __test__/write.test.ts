import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DurationSecond,
  Float16,
  Float64,
  IntervalDayTime,
  makeData,
  makeVector,
  Table,
  TimeMillisecond,
  TimestampMillisecond,
  tableFromArrays,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import {
  Binary,
  type BSON,
  BSONRegExp,
  type Collection,
  type Db,
  type Document,
  Double,
  Int32,
  Long,
  type MongoClient,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb';
import {
  findArrow,
  findArrowStream,
  findColumns,
  MongoArrowError,
  tableToColumns,
  tableToPolars,
  WriteAbortedError,
  type WriteResult,
  withArrow,
  writeArrow,
} from '../lib/index.js';
import { ALL_TYPES_SCHEMA, allTypesDocuments } from './helpers/documents.js';

const FIELDS = Object.keys(ALL_TYPES_SCHEMA);

import { openTestDb } from './helpers/server.js';

/** The driver's view with every BSON type told apart: wrappers for Int32, Double and Long, BSONRegExp. */
const EXACT: BSON.DeserializeOptions = { promoteValues: false, bsonRegExp: true };

/** Arrow cannot tell a null field from a missing one, so neither side keeps null fields. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object' || '_bsontype' in value || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

async function exactDocuments(
  collection: Collection,
  widened: readonly string[] = [],
  fields?: readonly string[],
): Promise<unknown[]> {
  const projection = fields && Object.fromEntries(fields.map((f) => [f, 1]));
  const documents = await collection
    .find({}, { sort: { i: 1 }, ...EXACT, ...(projection && { projection }) })
    .toArray();
  return documents.map((d) => {
    for (const name of widened) if (d[name] instanceof Int32) d[name] = new Double(d[name].value);
    return withoutNulls(d);
  });
}

/**
 * Every column's values and every field's type and metadata, comparable with
 * deepEqual. Fields by name: inference orders them as the documents first
 * show them, and written documents have the table's order.
 */
function tableShape(table: Table) {
  return {
    fields: table.schema.fields
      .map((f) => [f.name, String(f.type), [...f.metadata].sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
    columns: tableToColumns(table).columns,
  };
}

/** Documents of the BSON types FerretDB 1.24 stores beyond the scalar fixture: binaries, regexes, timestamps, nesting. */
function richDocuments(count: number): Document[] {
  return Array.from({ length: count }, (_, i) => {
    const doc: Document = {
      i,
      whole: new Double(i % 7), // a double holding an integer stays a double
      small: Long.fromNumber(i * 3), // an int64 within int32's range stays an int64
      blob: new Binary(Uint8Array.from([i & 255, 1, 2]), 0x80),
      uuid: new UUID(`0000${(i % 10_000).toString().padStart(4, '0')}-0000-4000-8000-000000000000`),
      re: new BSONRegExp(`^a${i % 5}`, i % 2 ? 'i' : 'ms'),
      ts: new Timestamp({ t: 1_700_000_000 + i, i: i % 4 }),
      meta: { by: `user${i % 9}`, at: new Date(1_600_000_000_000 + i * 1000), score: new Double(i / 4) },
      tags: i % 4 === 0 ? [] : [`t${i % 3}`, `t${i % 5}`],
      items: [{ sku: `s${i}`, qty: new Int32(i % 3) }],
    };
    if (i % 6 === 0) delete doc.meta;
    if (i % 5 === 0) doc.blob = null;
    return doc;
  });
}

describe('writeArrow', () => {
  let client: MongoClient;
  let db: Db;
  let original: Collection;
  let rich: Collection;

  before(async () => {
    ({ client, db } = await openTestDb('write'));
    original = db.collection('all_types');
    await original.insertMany(allTypesDocuments(2_000));
    rich = db.collection('rich');
    await rich.insertMany(richDocuments(500));
  });
  after(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  for (const objectId of ['hex', 'binary'] as const) {
    it(`round-trips the all-types fixture, types and values (objectId: '${objectId}')`, async () => {
      const read = await findArrow(original, {}, { sort: { i: 1 }, objectId });
      const copy = db.collection(`all_types_copy_${objectId}`);
      const result = await writeArrow(copy, read);
      assert.deepEqual(result, {
        insertedCount: 2_000,
        matchedCount: 0,
        modifiedCount: 0,
        upsertedCount: 0,
        failed: [],
        rows: 2_000,
        stoppedEarly: false,
      });
      assert.deepEqual(tableShape(await findArrow(copy, {}, { sort: { i: 1 }, objectId })), tableShape(read));
      // The fixture's price is a double but 0 where it was written as the JS number 0, an int32: the
      // read widened the column to double, and a double column goes back as doubles.
      assert.deepEqual(await exactDocuments(copy), await exactDocuments(original, ['price']));
    });
  }

  it('round-trips binaries with subtypes, UUIDs, regexes, timestamps, documents and lists', async () => {
    const read = await findArrow(rich, {}, { sort: { i: 1 } });
    const copy = db.collection('rich_copy');
    await writeArrow(copy, read);
    assert.deepEqual(tableShape(await findArrow(copy, {}, { sort: { i: 1 } })), tableShape(read));
    const documents = await exactDocuments(copy);
    assert.deepEqual(documents, await exactDocuments(rich));
    const first = documents[1] as Record<string, { _bsontype?: string; sub_type?: number }>;
    assert.equal(first.whole?._bsontype, 'Double');
    assert.equal(first.small?._bsontype, 'Long');
    assert.equal(first.blob?.sub_type, 0x80);
    assert.equal(first.uuid?.sub_type, 4);
    assert.equal(first.re?._bsontype, 'BSONRegExp');
    assert.equal(first.ts?._bsontype, 'Timestamp');
  });

  it('pipes findArrowStream into another collection, batch by batch', async () => {
    const copy = db.collection('streamed_copy');
    let progress = { rows: 0, bytes: 0, batches: 0 };
    const result = await writeArrow(copy, findArrowStream(original, {}, { sort: { i: 1 }, rowsPerBatch: 300 }), {
      batchSize: 250,
      concurrency: 2,
      onProgress: (p) => {
        progress = p;
      },
    });
    assert.equal(result.insertedCount, 2_000);
    assert.equal(progress.rows, 2_000);
    assert.equal(progress.batches, 13); // six 300-row batches cut into 250 + 50, then 200
    assert.ok(progress.bytes > 2_000 * 50);
    assert.deepEqual(await exactDocuments(copy), await exactDocuments(original, ['price']));
  });

  it('writes a nodejs-polars DataFrame, ObjectIds named by objectIdFields (Polars drops field metadata)', async () => {
    const read = await findArrow(original, {}, { sort: { i: 1 }, schema: ALL_TYPES_SCHEMA });
    const copy = db.collection('polars_copy');
    const result = await writeArrow(copy, await tableToPolars(read), { objectIdFields: ['_id', 'ref'] });
    assert.equal(result.insertedCount, 2_000);
    assert.deepEqual(await exactDocuments(copy, ['price'], FIELDS), await exactDocuments(original, ['price'], FIELDS));
  });

  it('writes Columns, the schema saying which integer arrays are dates and booleans', async () => {
    const columns = await findColumns(original, {}, { sort: { i: 1 }, schema: ALL_TYPES_SCHEMA });
    const copy = db.collection('columns_copy');
    const result = await writeArrow(copy, columns, { schema: ALL_TYPES_SCHEMA });
    assert.equal(result.insertedCount, 2_000);
    assert.deepEqual(await exactDocuments(copy, ['price'], FIELDS), await exactDocuments(original, ['price'], FIELDS));
  });

  it('is a method of withArrow(collection)', async () => {
    const copy = withArrow(db.collection('method_copy'));
    const result = await copy.writeArrow(tableFromArrays({ i: Int32Array.from([1, 2, 3]) }));
    assert.equal(result.insertedCount, 3);
    assert.equal(await copy.countDocuments(), 3);
  });

  it("writes null fields as BSON null with nulls: 'null'", async () => {
    const copy = db.collection('nulls');
    const table = new Table({ i: vectorFromArray([0, 1], new Float64()), s: vectorFromArray(['a', null], new Utf8()) });
    await writeArrow(copy, table, { nulls: 'null' });
    const documents = await copy.find({}, { projection: { _id: 0 }, sort: { i: 1 } }).toArray();
    assert.deepEqual(documents, [
      { i: 0, s: 'a' },
      { i: 1, s: null },
    ]);
  });

  describe('replace and upsert by a compound key', () => {
    const key = ['region', 'sku'];
    // Doubles, as the table's prices are: a replacement equal to the stored document modifies nothing.
    const seed = [
      { region: 'eu', sku: 'a', price: new Double(1) },
      { region: 'eu', sku: 'b', price: new Double(2) },
      { region: 'us', sku: 'a', price: new Double(3) },
    ];
    const update = () =>
      tableFromArrays({
        region: ['eu', 'us', 'us'],
        sku: ['b', 'a', 'z'],
        price: Float64Array.from([20, 3, 99]),
      });
    const prices = async (collection: Collection) =>
      (await collection.find({}, { projection: { _id: 0 }, sort: { region: 1, sku: 1 } }).toArray()).map(
        (d) => `${d.region}/${d.sku}=${d.price}`,
      );

    /** What the plain driver reports for the same replacements on a twin collection: the server decides "modified". */
    const driverCounts = async (name: string, upsert: boolean) => {
      const twin = db.collection(name);
      await twin.insertMany(seed.map((d) => ({ ...d })));
      const rows = [
        { region: 'eu', sku: 'b', price: new Double(20) },
        { region: 'us', sku: 'a', price: new Double(3) },
        { region: 'us', sku: 'z', price: new Double(99) },
      ];
      const r = await twin.bulkWrite(
        rows.map((replacement) => ({
          replaceOne: { filter: { region: replacement.region, sku: replacement.sku }, replacement, upsert },
        })),
      );
      return [r.matchedCount, r.modifiedCount, r.upsertedCount];
    };

    it("mode 'replace' replaces the matched documents and leaves unmatched rows out", async () => {
      const collection = db.collection('replace');
      await collection.insertMany(seed.map((d) => ({ ...d })));
      const result = await writeArrow(collection, update(), { mode: 'replace', key });
      const expected = await driverCounts('replace_driver', false);
      assert.equal(expected[0], 2);
      assert.deepEqual([result.matchedCount, result.modifiedCount, result.upsertedCount], expected);
      assert.equal(result.insertedCount, 0);
      assert.deepEqual(await prices(collection), ['eu/a=1', 'eu/b=20', 'us/a=3']);
    });

    it("mode 'upsert' also inserts the rows whose key matches nothing", async () => {
      const collection = db.collection('upsert');
      await collection.insertMany(seed.map((d) => ({ ...d })));
      const result = await writeArrow(collection, update(), { mode: 'upsert', key });
      const expected = await driverCounts('upsert_driver', true);
      assert.deepEqual(
        expected.filter((_, i) => i !== 1),
        [2, 1],
      );
      assert.deepEqual([result.matchedCount, result.modifiedCount, result.upsertedCount], expected);
      assert.deepEqual(await prices(collection), ['eu/a=1', 'eu/b=20', 'us/a=3', 'us/z=99']);
    });

    it('reports a row whose key is missing instead of matching any document', async () => {
      const collection = db.collection('upsert_null_key');
      const table = new Table({
        region: vectorFromArray(['eu', null], new Utf8()),
        sku: vectorFromArray(['a', 'b'], new Utf8()),
      });
      const result = await writeArrow(collection, table, { mode: 'upsert', key });
      assert.equal(result.upsertedCount, 1);
      assert.deepEqual(
        result.failed.map((f) => [f.row, f.code]),
        [[1, 'INVALID_VALUE']],
      );
    });
  });

  describe('a duplicate key in the middle', () => {
    const ids = () => tableFromArrays({ _id: Array.from({ length: 10 }, (_, i) => `k${i}`) });
    const prepare = async (name: string) => {
      const collection = db.collection(name);
      await collection.insertOne({ _id: 'k5' } as Document);
      return collection;
    };

    it('ordered: false writes every other row and reports exactly the refused one', async () => {
      const collection = await prepare('dup_unordered');
      const result = await writeArrow(collection, ids(), { batchSize: 3 });
      assert.equal(result.insertedCount, 9);
      assert.deepEqual(
        result.failed.map((f) => [f.row, f.code]),
        [[5, 11000]],
      );
      assert.equal(await collection.countDocuments(), 10);
    });

    it('ordered: true stops there and reports the rows after it as not attempted', async () => {
      const collection = await prepare('dup_ordered');
      const result = await writeArrow(collection, ids(), { batchSize: 3, ordered: true });
      assert.equal(result.insertedCount, 5);
      assert.deepEqual(
        result.failed.map((f) => [f.row, f.code]),
        [
          [5, 11000],
          [6, 'NOT_ATTEMPTED'],
          [7, 'NOT_ATTEMPTED'],
          [8, 'NOT_ATTEMPTED'],
          [9, 'NOT_ATTEMPTED'],
        ],
      );
      assert.equal(await collection.countDocuments(), 6);
    });

    it('ordered: true lists every row of an array of batches after the failure', async () => {
      const collection = await prepare('dup_ordered_array');
      const result = await writeArrow(collection, [...ids().batches, ...ids().batches], {
        batchSize: 3,
        ordered: true,
      });
      assert.equal(result.insertedCount, 5);
      assert.equal(result.failed[0]?.row, 5);
      assert.equal(result.stoppedEarly, false);
      assert.deepEqual(
        result.failed.map((f) => f.row),
        Array.from({ length: 15 }, (_, i) => 5 + i),
      );
    });

    it('ordered: true closes a stream there and says so', async () => {
      const collection = await prepare('dup_ordered_stream');
      let closed = false;
      let read = 0;
      async function* batches() {
        try {
          for (let n = 0; n < 100; n++) {
            read++;
            yield* ids().batches;
          }
        } finally {
          closed = true;
        }
      }
      const result = await writeArrow(collection, batches(), { batchSize: 3, ordered: true });
      assert.equal(result.insertedCount, 5);
      assert.equal(result.stoppedEarly, true);
      assert.ok(closed && read < 100);
      assert.deepEqual(
        result.failed.map((f) => f.row),
        Array.from({ length: result.rows - 5 }, (_, i) => 5 + i),
      );
    });
  });

  it('an abort stops the write and reports what was acknowledged', async () => {
    const collection = db.collection('aborted');
    const table = tableFromArrays({ i: Int32Array.from({ length: 3_000 }, (_, i) => i) });
    const controller = new AbortController();
    const error = await writeArrow(collection, table, {
      batchSize: 100,
      signal: controller.signal,
      onProgress: ({ batches }) => {
        if (batches === 3) controller.abort(new Error('enough'));
      },
    }).then(
      () => assert.fail('the write should have been aborted'),
      (err: unknown) => err,
    );
    assert.ok(error instanceof WriteAbortedError);
    assert.equal(error.code, 'ABORTED');
    assert.equal((error.cause as Error).message, 'enough');
    const result: WriteResult = error.result;
    assert.equal(result.insertedCount, await collection.countDocuments());
    assert.ok(result.insertedCount >= 300 && result.insertedCount < 3_000, `${result.insertedCount}`);
  });

  it('an aborted signal writes nothing', async () => {
    const collection = db.collection('aborted_before');
    const table = tableFromArrays({ i: Int32Array.from([1]) });
    await assert.rejects(writeArrow(collection, table, { signal: AbortSignal.abort() }), WriteAbortedError);
    assert.equal(await collection.countDocuments(), 0);
  });

  describe('Arrow types with no BSON form are refused before anything is written', () => {
    const unsupported = [
      ['Float16', new Float16(), new Uint16Array(2)],
      ['Duration', new DurationSecond(), new BigInt64Array(2)],
      ['Interval', new IntervalDayTime(), new Int32Array(4)],
      ['Time', new TimeMillisecond(), new Int32Array(2)],
    ] as const;
    for (const [name, type, data] of unsupported) {
      it(name, async () => {
        const collection = db.collection(`unsupported_${name}`);
        const table = new Table({
          ok: vectorFromArray([1, 2], new Float64()),
          bad: makeVector(makeData({ type: type as Float16, length: 2, data: data as Uint16Array })),
        });
        await assert.rejects(
          writeArrow(collection, table),
          (err: unknown) =>
            err instanceof MongoArrowError && err.code === 'UNSUPPORTED_TYPE' && err.message.includes("'bad'"),
        );
        assert.equal(await collection.countDocuments(), 0);
      });
    }
  });

  describe('a value that cannot be written fails its row only', () => {
    it('an unparsable ObjectId string, a date beyond a JS Date, a uint64 beyond int64, a map key with NUL', async () => {
      const collection = db.collection('invalid_values');
      const at = makeVector(
        makeData({
          type: new TimestampMillisecond('UTC'),
          length: 5,
          data: BigInt64Array.from([0n, 0n, 9_000_000_000_000_000n, 0n, 0n]),
        }),
      );
      const big = makeVector(
        makeData({ type: new Uint64(), length: 5, data: BigUint64Array.from([1n, 2n, 3n, 2n ** 63n, 5n]) }),
      );
      const table = new Table({
        _id: vectorFromArray(
          [
            '00000000000000000000000a',
            'not hex',
            '00000000000000000000000c',
            '00000000000000000000000d',
            'e'.repeat(24),
          ],
          new Utf8(),
        ),
        at,
        big,
      });
      const result = await writeArrow(collection, table, { objectIdFields: ['_id'] });
      assert.equal(result.insertedCount, 2);
      assert.deepEqual(
        result.failed.map((f) => [f.row, f.code]),
        [
          [1, 'INVALID_VALUE'],
          [2, 'INVALID_VALUE'],
          [3, 'INVALID_VALUE'],
        ],
      );
      assert.match(result.failed[0]?.message ?? '', /_id.*hex/);
      const stored = await collection.find({}, { sort: { _id: 1 } }).toArray();
      assert.deepEqual(
        stored.map((d) => d._id),
        [new ObjectId('00000000000000000000000a'), new ObjectId('e'.repeat(24))],
      );
    });

    it('ordered: true stops at an unencodable row', async () => {
      const collection = db.collection('invalid_ordered');
      const table = tableFromArrays({ _id: ['00000000000000000000000a', 'bad', '00000000000000000000000c'] });
      const result = await writeArrow(collection, table, { objectIdFields: ['_id'], ordered: true });
      assert.equal(result.insertedCount, 1);
      assert.deepEqual(
        result.failed.map((f) => [f.row, f.code]),
        [
          [1, 'INVALID_VALUE'],
          [2, 'NOT_ATTEMPTED'],
        ],
      );
    });
  });

  it('rejects bad data and options before writing', async () => {
    const collection = db.collection('bad_arguments');
    const table = tableFromArrays({ i: Int32Array.from([1]) });
    const invalid = (err: unknown) => err instanceof MongoArrowError && err.code === 'INVALID_ARGUMENT';
    await assert.rejects(writeArrow(collection, 5 as never), invalid);
    await assert.rejects(writeArrow(collection, table, { mode: 'merge' as never }), invalid);
    await assert.rejects(writeArrow(collection, table, { ordered: true, concurrency: 2 }), invalid);
    await assert.rejects(writeArrow(collection, table, { key: 'i' }), invalid);
    await assert.rejects(writeArrow(collection, table, { batchSize: 0 }), invalid);
    await assert.rejects(writeArrow(collection, table, { nulls: 'skip' as never }), invalid);
    await assert.rejects(writeArrow(collection, [5] as never), invalid);
    assert.equal(await collection.countDocuments(), 0);
  });
});
