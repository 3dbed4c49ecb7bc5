import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RecordBatch } from 'apache-arrow';
import type { Collection, CommandStartedEvent, Db, Document, MongoClient } from 'mongodb';
import {
  aggregateArrow,
  aggregateArrowStream,
  findArrow,
  findArrowStream,
  MongoArrowError,
  type Progress,
  readReport,
  Schema,
  types,
} from '../lib/index.js';
import { assertTableMatchesDocuments } from './helpers/compare.js';
import { openTestDb } from './helpers/server.js';

const COUNT = 3_000;

function makeDocuments(): Document[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    i,
    // int32 in early documents, doubles later: inference must widen to double.
    score: i < 2_000 ? i : i + 0.5,
    name: `n${i}`,
    address: { city: `c${i % 7}`, zip: i % 100 === 0 ? null : 10_000 + i },
    tags: i % 5 === 0 ? [] : [`t${i % 3}`, `u${i % 4}`],
    // A field first seen late.
    ...(i >= 2_500 ? { late: i % 2 === 0 } : {}),
  }));
}

describe('the read API against the plain driver', () => {
  let client: MongoClient;
  let db: Db;
  let collection: Collection<Document>;
  let expected: Document[];
  const commands: CommandStartedEvent[] = [];

  before(async () => {
    ({ client, db } = await openTestDb('api', { monitorCommands: true }));
    client.on('commandStarted', (event) => commands.push(event));
    collection = db.collection('docs');
    await collection.insertMany(makeDocuments());
    expected = await collection.find({}, { sort: { i: 1 }, projection: { _id: 0 } }).toArray();
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('infers the schema over every document: late fields, widened numbers, structs and lists', async () => {
    const table = await findArrow(collection, {}, { sort: { i: 1 }, projection: { _id: 0 } });
    assert.deepEqual(
      table.schema.fields.map((f) => `${f.name}:${f.type}`),
      [
        'i:Int32',
        'score:Float64',
        'name:Utf8',
        'address:Struct<{city:Utf8, zip:Int32}>',
        'tags:List<Utf8>',
        'late:Bool',
      ],
    );
    assertTableMatchesDocuments(table.select(['i', 'score', 'name', 'late']), expected, ['i', 'score', 'name', 'late']);
    for (const row of [0, 1, 100, 2_999]) {
      const doc = expected[row] as Document;
      assert.deepEqual(table.getChild('address')?.get(row)?.toJSON(), doc.address);
      assert.deepEqual([...(table.getChild('tags')?.get(row) ?? [])], doc.tags);
    }
  });

  it('reads nested schemas declared by the user, projecting their top-level fields', async () => {
    const schema = new Schema({ i: 'int32', address: { zip: 'int64' }, tags: ['string'] });
    assert.deepEqual(schema.toProjection(), { i: 1, address: 1, tags: 1 });
    const table = await findArrow(collection, { i: { $lt: 10 } }, { schema, sort: { i: 1 } });
    assert.equal(table.numRows, 10);
    assert.deepEqual(table.getChild('address')?.get(1)?.toJSON(), { zip: 10_001n });
    assert.equal(table.getChild('address')?.get(0)?.toJSON().zip, null);
    assert.deepEqual([...(table.getChild('tags')?.get(1) ?? [])], ['t1', 'u1']);
  });

  it('converts schemas to and from apache-arrow', () => {
    const schema = new Schema({ at: types.date('us', null), price: 'double', tags: ['string'], sub: { ok: 'bool' } });
    const arrow = schema.toArrow();
    assert.deepEqual(
      arrow.fields.map((f) => `${f.name}:${f.type}`),
      ['at:Timestamp<MICROSECOND>', 'price:Float64', 'tags:List<Utf8>', 'sub:Struct<{ok:Bool}>'],
    );
    assert.deepEqual(Schema.fromArrow(arrow).toJSON(), schema.toJSON());
  });

  it('applies the conflict policies', async () => {
    const mixed = db.collection('mixed');
    await mixed.insertMany([{ v: 'a' }, { v: 42 }, { v: 'c' }]);
    const query = { sort: { _id: 1 } as const, schema: { v: 'string' } as const };
    await assert.rejects(findArrow(mixed, {}, query), { code: 'TYPE_CONFLICT' });
    const asNull = await findArrow(mixed, {}, { ...query, conflicts: 'null' });
    assert.deepEqual(asNull.getChild('v')?.toArray(), ['a', null, 'c']);
    assert.deepEqual(readReport(asNull)?.coercions, [
      { field: 'v', column: 'string', types: { int: 1 }, stored: 2, coerced: 0, nulled: 1 },
    ]);
    const asText = await findArrow(mixed, {}, { ...query, conflicts: 'string' });
    assert.deepEqual(asText.getChild('v')?.toArray(), ['a', '42', 'c']);
    const inferred = await findArrow(mixed, {}, { sort: { _id: 1 }, projection: { _id: 0 } });
    assert.deepEqual(inferred.getChild('v')?.toArray(), ['a', '42', 'c']);
    assert.deepEqual(readReport(inferred)?.coercions, [
      { field: 'v', column: 'text', types: { int: 1 }, stored: 2, coerced: 1, nulled: 0 },
    ]);
  });

  it('streams record batches of one schema that add up to the table', async () => {
    const options = { schema: { i: 'int32', name: 'string' } as const, sort: { i: 1 } as const, batchSize: 7 };
    const batches: RecordBatch[] = [];
    for await (const batch of findArrowStream(collection, {}, { ...options, rowsPerBatch: 500 })) batches.push(batch);
    assert.ok(batches.length >= 6, `expected several batches, got ${batches.length}`);
    assert.ok(batches.every((b) => b.numRows <= 500 + 7));
    assert.ok(batches.every((b) => b.schema.fields.map((f) => f.name).join() === 'i,name'));
    const streamed = batches.flatMap((b) => [...(b.getChild('i')?.toArray() ?? [])]);
    assert.deepEqual(
      streamed,
      Array.from({ length: COUNT }, (_, i) => i),
    );
    const table = await aggregateArrowStream(collection, [{ $sort: { i: 1 } }], options).toTable();
    assertTableMatchesDocuments(table, expected, ['i', 'name']);
  });

  it('fixes a stream schema from the first documents and reports the fields it dropped', async () => {
    const stream = findArrowStream(
      collection,
      {},
      {
        sort: { i: 1 },
        projection: { _id: 0, score: 0 },
        batchSize: 100,
        sampleSize: 100,
      },
    );
    let rows = 0;
    for await (const batch of stream) rows += batch.numRows;
    assert.equal(rows, COUNT);
    assert.equal(
      stream.schema?.fields.some((f) => f.name === 'late'),
      false,
    );
    assert.equal(stream.droppedFields.get('late'), 500);
  });

  it('reports progress once per server batch', async () => {
    const seen: Progress[] = [];
    commands.length = 0;
    await findArrow(collection, {}, { schema: { i: 'int32' }, batchSize: 101, onProgress: (p) => seen.push(p) });
    const batchesFetched = commands.filter((c) => c.commandName === 'find' || c.commandName === 'getMore').length;
    assert.equal(seen.length, Math.ceil(COUNT / 101));
    assert.ok(batchesFetched >= seen.length);
    assert.deepEqual(seen.at(-1), { documents: COUNT, bytes: seen.at(-1)?.bytes, batches: seen.length });
    assert.ok((seen.at(-1)?.bytes ?? 0) > COUNT * 10);
  });

  it('passes driver options through unchanged', async () => {
    commands.length = 0;
    const session = client.startSession();
    try {
      const table = await findArrow(
        collection,
        { i: { $gte: 10 } },
        { schema: { i: 'int32' }, sort: { i: -1 }, skip: 5, limit: 20, comment: 'mongodb-arrow-test', session },
      );
      assert.deepEqual(
        [...(table.getChild('i')?.toArray() ?? [])],
        Array.from({ length: 20 }, (_, k) => 2_994 - k),
      );
      const find = commands.find((c) => c.commandName === 'find');
      assert.equal(find?.command.comment, 'mongodb-arrow-test');
      assert.deepEqual(find?.command.lsid?.id, session.id?.id);
    } finally {
      await session.endSession();
    }
  });

  it('keeps a pipeline that ends in $project as it is', async () => {
    const table = await aggregateArrow(collection, [{ $match: { i: { $lt: 3 } } }, { $project: { _id: 0, i: 1 } }], {
      schema: { i: 'int32', name: 'string' },
    });
    assert.deepEqual([...(table.getChild('i')?.toArray() ?? [])].sort(), [0, 1, 2]);
    assert.equal(table.getChild('name')?.nullCount, 3);
  });

  it('aborts a stream promptly with ABORTED and kills the server cursor', async () => {
    commands.length = 0;
    const controller = new AbortController();
    const stream = aggregateArrowStream(collection, [], {
      schema: { i: 'int32' },
      batchSize: 50,
      rowsPerBatch: 50,
      signal: controller.signal,
    });
    let abortedAt = 0;
    await assert.rejects(
      (async () => {
        for await (const _batch of stream) {
          abortedAt = performance.now();
          controller.abort(new Error('enough'));
        }
      })(),
      (err: unknown) => {
        assert.ok(err instanceof MongoArrowError);
        assert.equal(err.code, 'ABORTED');
        return true;
      },
    );
    const elapsed = performance.now() - abortedAt;
    // The issue asks for 100 ms; the bound here is loose so a busy CI machine cannot make it flake.
    assert.ok(elapsed < 1_000, `rejected ${elapsed.toFixed(1)} ms after abort`);
    // killCursors goes out in the background; give it a moment.
    for (let wait = 0; wait < 50 && !commands.some((c) => c.commandName === 'killCursors'); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(
      commands.some((c) => c.commandName === 'killCursors'),
      'a killCursors command was sent',
    );
  });

  it('rejects at once when the signal is already aborted', async () => {
    await assert.rejects(aggregateArrow(collection, [], { schema: { i: 'int32' }, signal: AbortSignal.abort() }), {
      code: 'ABORTED',
    });
  });
});
