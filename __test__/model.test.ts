import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Table } from 'apache-arrow';
import {
  type Collection,
  type CommandStartedEvent,
  type Db,
  type Document,
  Double,
  Long,
  type MongoClient,
  ObjectId,
} from 'mongodb';
import { z } from 'zod';
import { AnyObjectId, MongoArrowError, model, Schema, TypeConflictError, types } from '../lib/index.js';
import { expectedDocument, plainArrowValue } from './helpers/model-values.js';
import { openTestDb } from './helpers/server.js';

/** Every type FerretDB 1.x stores (no Decimal128), optional and nested fields, a list of documents, a map. */
const SCHEMA = new Schema({
  customer: 'string',
  total: 'double',
  qty: 'int32',
  cents: 'int64',
  paid: 'bool',
  placedAt: 'date',
  address: { city: 'string', zip: 'string' },
  items: [{ sku: 'string', qty: 'int32', price: 'double' }],
  tags: ['string'],
  ratings: types.map('double'),
  _id: 'objectId',
});

/** The same orders as a zod model: everything required but the address and its zip. */
const ZodOrder = z.object({
  _id: z.instanceof(AnyObjectId),
  customer: z.string(),
  total: z.float64(),
  qty: z.int32(),
  cents: z.bigint(),
  paid: z.boolean(),
  placedAt: z.date(),
  address: z.object({ city: z.string(), zip: z.string().optional() }).optional(),
  items: z.array(z.object({ sku: z.string(), qty: z.int32(), price: z.float64() })),
  tags: z.array(z.string()),
  ratings: z.record(z.string(), z.float64()),
});

/** And as a collection validator would write them. */
const JSON_ORDER = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['_id', 'customer', 'total', 'qty', 'cents', 'paid', 'placedAt', 'items', 'tags', 'ratings'],
    properties: {
      _id: { bsonType: 'objectId' },
      customer: { bsonType: 'string' },
      total: { bsonType: 'double' },
      qty: { bsonType: 'int' },
      cents: { bsonType: 'long' },
      paid: { bsonType: 'bool' },
      placedAt: { bsonType: 'date' },
      address: {
        bsonType: 'object',
        required: ['city'],
        properties: { city: { bsonType: 'string' }, zip: { bsonType: 'string' } },
      },
      items: {
        bsonType: 'array',
        items: {
          bsonType: 'object',
          required: ['sku', 'qty', 'price'],
          properties: { sku: { bsonType: 'string' }, qty: { bsonType: 'int' }, price: { bsonType: 'double' } },
        },
      },
      tags: { bsonType: 'array', items: { bsonType: 'string' } },
      ratings: { bsonType: 'object', additionalProperties: { bsonType: 'double' } },
    },
  },
};

/** An Arrow schema's fields as text: names, types, nullability and metadata, nested ones included. */
function describeArrow(
  fields: readonly { name: string; type: unknown; nullable: boolean; metadata: Map<string, string> }[],
): unknown {
  return fields.map((f) => {
    const children = (f.type as { children?: typeof fields }).children;
    return [f.name, String(f.type), f.nullable, [...f.metadata], children ? describeArrow(children) : []];
  });
}

function orderDocument(i: number): Document {
  return {
    _id: new ObjectId(),
    customer: `c${i % 7}`,
    // Doubles as BSON doubles, also where the value is whole (the driver would store 0 as an int32).
    total: new Double(i * 1.25),
    qty: i % 11,
    cents: Long.fromNumber(10_000_000_000 + i),
    paid: i % 2 === 0,
    placedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
    // Optional: absent in every fifth order, no zip in every third.
    ...(i % 5 !== 0 && { address: { city: `city${i % 4}`, ...(i % 3 !== 0 && { zip: `${10_000 + i}` }) } }),
    items: Array.from({ length: 1 + (i % 3) }, (_, k) => ({ sku: `s${k}`, qty: k + 1, price: new Double(k * 0.5) })),
    tags: i % 4 === 0 ? [] : ['a', `t${i % 3}`],
    ratings: { [`r${i % 3}`]: new Double(i / 2) },
  };
}

/** Table rows as plain values, and the driver's documents as the model's columns. */
function assertSameRows(table: Table, documents: readonly Document[], schema: Schema): void {
  assert.equal(table.numRows, documents.length, 'row count');
  documents.forEach((doc, row) => {
    assert.deepEqual(plainArrowValue(table.get(row)), expectedDocument(schema.fields, doc), `row ${row}`);
  });
}

describe('model', () => {
  let client: MongoClient;
  let db: Db;
  let orders: Collection;
  const schema = SCHEMA;
  const commands: CommandStartedEvent[] = [];
  const aggregates = () => commands.filter((c) => c.commandName === 'aggregate').map((c) => c.command.pipeline);

  before(async () => {
    ({ client, db } = await openTestDb('model', { monitorCommands: true }));
    client.on('commandStarted', (event) => commands.push(event));
    orders = db.collection('orders');
    await orders.insertMany(Array.from({ length: 120 }, (_, i) => orderDocument(i)));
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('puts _id first and reports the Arrow schema of its loads', () => {
    const orderModel = model(orders, schema);
    assert.equal(orderModel.schema.fields[0]?.name, '_id');
    assert.deepEqual(
      orderModel.arrowSchema().fields.map((f) => f.name),
      ['_id', ...schema.fields.filter((f) => f.name !== '_id').map((f) => f.name)],
    );
  });

  it("loads exactly the driver's values of the same pipeline, sent $match first with no $toString", async () => {
    const orderModel = model(orders, schema);
    const filter = { paid: true, total: { $gt: 10 } };
    commands.length = 0;
    const table = await orderModel.loadArrowTable({ filter, sort: { qty: -1, total: 1 }, limit: 25 });
    const [sent] = aggregates();
    assert.deepEqual(
      sent.map((stage: Document) => Object.keys(stage)[0]),
      ['$match', '$sort', '$limit', '$project'],
    );
    assert.deepEqual(sent[0], { $match: filter });
    assert.ok(!JSON.stringify(sent).includes('$toString'), 'no $toString stage');
    const documents = await orders
      .aggregate([{ $match: filter }, { $sort: { qty: -1, total: 1 } }, { $limit: 25 }], { useBigInt64: true })
      .toArray();
    assert.equal(documents.length, 25);
    assertSameRows(table, documents, orderModel.schema);
  });

  it("runs the caller's pipeline after the filter and honours sort and limit", async () => {
    const orderModel = model(orders, schema);
    const pipeline = [{ $match: { qty: { $gte: 3 } } }];
    commands.length = 0;
    const table = await orderModel.loadArrowTable({ filter: { paid: false }, pipeline, sort: { total: -1 }, limit: 7 });
    assert.deepEqual(
      aggregates()[0].map((stage: Document) => Object.keys(stage)[0]),
      ['$match', '$match', '$sort', '$limit', '$project'],
    );
    const documents = await orders
      .aggregate([{ $match: { paid: false } }, ...pipeline, { $sort: { total: -1 } }, { $limit: 7 }], {
        useBigInt64: true,
      })
      .toArray();
    assertSameRows(table, documents, orderModel.schema);
    const totals = table.getChild('total')?.toArray() as Float64Array;
    assert.deepEqual(
      [...totals],
      [...totals].sort((a, b) => b - a),
      'sorted by total, descending',
    );
  });

  it("never changes the caller's filter, pipeline or sort", async () => {
    const freeze = <T>(value: T): T => {
      if (value && typeof value === 'object') {
        for (const inner of Object.values(value)) freeze(inner);
        Object.freeze(value);
      }
      return value;
    };
    const options = freeze({ filter: { paid: true }, pipeline: [{ $match: { qty: 2 } }], sort: { total: 1 as const } });
    const before = JSON.stringify(options);
    const table = await model(orders, schema).loadArrowTable(options);
    assert.ok(table.numRows > 0);
    assert.equal(JSON.stringify(options), before);
  });

  it('streams and loads columns and a DataFrame of the same selection', async () => {
    const orderModel = model(orders, schema);
    const selection = { filter: { qty: { $lt: 4 } }, sort: { total: 1 as const } };
    const table = await orderModel.loadArrowTable(selection);
    const streamed = await orderModel.loadStream({ ...selection, rowsPerBatch: 16 }).toTable();
    assert.equal(streamed.batches.length, Math.ceil(table.numRows / 16));
    assert.deepEqual(plainArrowValue(streamed.toArray()), plainArrowValue(table.toArray()));
    const { columns } = await orderModel.loadColumns(selection);
    assert.deepEqual(
      [...(columns.total as Float64Array)],
      [...((table.getChild('total')?.toArray() ?? []) as Float64Array)],
    );
    assert.deepEqual(columns._id, table.getChild('_id')?.toArray());
  });

  it('aggregateArrow is the primitive: a pipeline of its own, only the projection added', async () => {
    const orderModel = model(orders, schema);
    const pipeline = [{ $match: { customer: 'c3' } }, { $sort: { total: 1 } }];
    commands.length = 0;
    const table = await orderModel.aggregateArrow(pipeline);
    assert.deepEqual(aggregates()[0], [
      ...pipeline,
      { $project: Object.fromEntries(orderModel.schema.fields.map((f) => [f.name, 1])) },
    ]);
    assertSameRows(table, await orders.aggregate(pipeline, { useBigInt64: true }).toArray(), orderModel.schema);
    await assert.rejects(orderModel.aggregateArrow(pipeline, { limit: 3 } as never), {
      code: 'INVALID_ARGUMENT',
      message: /'limit' belongs to the loads/,
    });
  });

  it('rejects bad query options and a schema option before querying', async () => {
    const orderModel = model(orders, schema);
    for (const [options, pattern] of [
      [{ limit: 0 }, /'limit' must be a positive integer/],
      [{ sample: 1.5 }, /'sample' must be a positive integer/],
      [{ sort: { total: 'up' } }, /'sort.total' must be 1, -1/],
      [{ sort: {} }, /'sort' must be an object/],
      [{ pipeline: { $match: {} } }, /'pipeline' must be an array/],
      [{ filter: 'paid' }, /'filter' must be an object/],
      [{ schema: { a: 'double' } }, /'schema' is not allowed: the model is the schema/],
    ] as const) {
      commands.length = 0;
      await assert.rejects(orderModel.loadArrowTable(options as never), { code: 'INVALID_ARGUMENT', message: pattern });
      assert.equal(aggregates().length, 0);
    }
    assert.throws(() => model(orders, 'orders' as never), { code: 'INVALID_SCHEMA' });
    assert.throws(() => model({} as never, schema), { code: 'INVALID_ARGUMENT' });
  });

  it('holds every document to the model: a value that does not fit names the field and _id', async () => {
    const bad = db.collection('bad_orders');
    const docs = Array.from({ length: 5 }, (_, i) => orderDocument(i));
    (docs[3] as Document).total = '12.50';
    await bad.insertMany(docs);
    const orderModel = model(bad, schema);
    await assert.rejects(orderModel.loadArrowTable({ sort: { placedAt: 1 } }), (err: unknown) => {
      assert.ok(err instanceof TypeConflictError);
      assert.equal(err.field, 'total');
      assert.equal(err.found, 'string');
      assert.equal(err.index, 3);
      assert.equal(err.documentId, (docs[3] as Document)._id.toHexString());
      return true;
    });
    const relaxed = await orderModel.loadArrowTable({ sort: { placedAt: 1 }, conflicts: 'null' });
    assert.equal(relaxed.getChild('total')?.get(3), null);
    assert.equal(relaxed.getChild('total')?.get(2), 2.5);
  });

  it('insertArrow writes a loaded table back with the BSON types of the model', async () => {
    const orderModel = model(orders, ZodOrder);
    const table = await orderModel.loadArrowTable({ filter: { paid: true }, sort: { placedAt: 1 } });
    const copy = model(db.collection('orders_copy'), ZodOrder);
    const result = await copy.insertArrow(table);
    assert.deepEqual(result.failed, []);
    assert.equal(result.insertedCount, table.numRows);
    const original = await orders.find({ paid: true }, { sort: { placedAt: 1 }, promoteValues: false }).toArray();
    const copied = await copy.collection.find({}, { sort: { placedAt: 1 }, promoteValues: false }).toArray();
    // Same documents, same BSON types (promoteValues: false keeps Int32, Double and Long as classes).
    assert.deepEqual(copied, original);
    await assert.rejects(copy.insertArrow(table, { schema: {} } as never), { code: 'INVALID_ARGUMENT' });
  });

  it('reports a seeded drift exactly', async () => {
    const drifting = db.collection<Document & { _id: number }>('drifting');
    await drifting.insertMany([
      { _id: 1, customer: 'a', total: 1.5, address: { city: 'x', floor: 3 }, coupon: 'X1' },
      { _id: 2, customer: 'b', total: 'n/a', address: { city: 'y' } },
      { _id: 3, customer: 'c', total: 2, items: [{ sku: 's', qty: Long.fromNumber(4) }] },
    ]);
    const drift = await model(drifting, {
      _id: 'int32',
      customer: 'string',
      total: 'double',
      discount: 'double',
      address: { city: 'string', zip: 'string' },
      items: [{ sku: 'string', qty: 'int64' }],
    }).inferDrift();
    assert.deepEqual(drift, {
      onlyInData: [
        { path: 'address.floor', type: 'int32' },
        { path: 'coupon', type: 'string' },
      ],
      onlyInModel: [
        { path: 'discount', type: 'double' },
        { path: 'address.zip', type: 'string' },
      ],
      typeDifferences: [{ path: 'total', model: 'double', data: 'text', widens: false }],
      drifted: true,
    });
    const none = await model(drifting, { _id: 'int64', customer: 'string' }).inferDrift({ filter: { _id: 1 } });
    assert.deepEqual(none.typeDifferences, [{ path: '_id', model: 'int64', data: 'int32', widens: true }]);
  });

  it('a zod model and a JSON Schema of the same orders give identical Arrow schemas, required fields non-nullable', () => {
    const fromZod = model(orders, ZodOrder);
    const fromJson = model(orders, JSON_ORDER);
    assert.deepEqual(fromZod.schema.toJSON(), fromJson.schema.toJSON());
    assert.deepEqual(describeArrow(fromZod.arrowSchema().fields), describeArrow(fromJson.arrowSchema().fields));
    const nullable = Object.fromEntries(fromZod.arrowSchema().fields.map((f) => [f.name, f.nullable]));
    assert.deepEqual(nullable, {
      _id: false,
      customer: false,
      total: false,
      qty: false,
      cents: false,
      paid: false,
      placedAt: false,
      address: true,
      items: false,
      tags: false,
      ratings: false,
    });
    // Relaxed, every field is nullable.
    assert.ok(fromZod.arrowSchema({ conflicts: 'null' }).fields.every((f) => f.nullable));
  });

  it("loads a zod model's orders exactly as the driver reads them", async () => {
    const orderModel = model(orders, ZodOrder);
    const table = await orderModel.loadArrowTable({ sort: { placedAt: 1 } });
    assert.deepEqual(
      table.schema.fields.map((f) => f.nullable),
      orderModel.arrowSchema().fields.map((f) => f.nullable),
    );
    const documents = await orders.find({}, { sort: { placedAt: 1 }, useBigInt64: true }).toArray();
    assertSameRows(table, documents, orderModel.schema);
  });

  it('a document without a required value is an error naming the field and _id; conflicts: null loads it', async () => {
    const gappy = db.collection('gappy_orders');
    const docs = Array.from({ length: 6 }, (_, i) => orderDocument(i));
    delete (docs[2] as Document).customer;
    (docs[4] as Document).address = { zip: '75001' }; // a present address without its required city
    await gappy.insertMany(docs);
    const orderModel = model(gappy, ZodOrder);
    await assert.rejects(orderModel.loadArrowTable({ sort: { placedAt: 1 } }), (err: unknown) => {
      assert.ok(err instanceof TypeConflictError);
      assert.deepEqual([err.field, err.found, err.index], ['customer', 'missing', 2]);
      assert.equal(err.documentId, (docs[2] as Document)._id.toHexString());
      assert.match(err.message, /required/);
      return true;
    });
    await assert.rejects(
      orderModel.loadArrowTable({ filter: { _id: { $ne: (docs[2] as Document)._id } }, sort: { placedAt: 1 } }),
      (err: unknown) => err instanceof TypeConflictError && err.field === 'address.city' && err.found === 'missing',
    );
    const relaxed = await orderModel.loadArrowTable({ sort: { placedAt: 1 }, conflicts: 'null' });
    assert.ok(relaxed.schema.fields.every((f) => f.nullable));
    assert.equal(relaxed.getChild('customer')?.get(2), null);
    assert.equal(relaxed.getChild('customer')?.get(3), (docs[3] as Document).customer);
  });

  it("passes the server's own error through when it lacks $sample, or samples", async () => {
    const orderModel = model(orders, schema);
    const direct = await orders
      .aggregate([{ $sample: { size: 5 } }])
      .toArray()
      .then(
        (documents) => ({ documents }),
        (error: unknown) => ({ error }),
      );
    commands.length = 0;
    const loaded = orderModel.loadArrowTable({ sample: 5, filter: { paid: true } });
    if ('error' in direct) {
      // FerretDB 1.x: "$sample is not implemented yet"; the same error class, code and message reach the caller.
      await assert.rejects(loaded, (err: unknown) => {
        assert.ok(!(err instanceof MongoArrowError));
        const expected = direct.error as { code?: unknown; message: string; constructor: unknown };
        assert.equal((err as Error).constructor, expected.constructor);
        assert.equal((err as { code?: unknown }).code, expected.code);
        assert.equal((err as Error).message, expected.message);
        return true;
      });
    } else {
      const table = await loaded;
      assert.equal(table.numRows, 5);
      assert.ok([...(table.getChild('paid')?.toArray() ?? [])].every((paid) => paid === true));
    }
    assert.deepEqual(
      aggregates()[0].map((stage: Document) => Object.keys(stage)[0]),
      ['$match', '$sample', '$project'],
    );
  });
});
