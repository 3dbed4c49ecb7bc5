import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Binary, BSON, Decimal128, Int32, Long, ObjectId, Timestamp, UUID } from 'mongodb';
import { z } from 'zod';
import { AnyObjectId, decodeBson, type FieldType, MongoArrowError, Schema, type SchemaField } from '../lib/index.js';

const invalid = (pattern: RegExp) => (err: unknown) =>
  err instanceof MongoArrowError && err.code === 'INVALID_SCHEMA' && pattern.test(err.message);

/** The column type of one field `v` of this zod type. */
function typeOf(type: z.ZodType, options?: Parameters<typeof Schema.fromZod>[1]): FieldType | undefined {
  return Schema.fromZod(z.object({ v: type }), options).fields[0]?.type;
}

/** Fields with the required marks left out, for tests of types alone. */
function typesOnly(fields: readonly SchemaField[]): unknown {
  return JSON.parse(JSON.stringify(fields, (key, value) => (key === 'nullable' ? undefined : value)));
}

/** A realistic model: orders as an application stores them. */
const Order = z.object({
  _id: z.instanceof(ObjectId),
  customer: z.string(),
  total: z.number(),
  qty: z.int32(),
  placedAt: z.date(),
  address: z.object({ city: z.string(), zip: z.string().optional() }),
  items: z.array(z.object({ sku: z.string(), qty: z.int32(), price: z.number() })),
  tags: z.array(z.string()),
  status: z.enum(['open', 'paid', 'shipped']),
});

describe('Schema.fromZod', () => {
  it('maps an orders model to columns', () => {
    assert.deepEqual(Schema.fromZod(Order).toJSON(), {
      fields: [
        { name: '_id', type: 'objectId', nullable: false },
        { name: 'customer', type: 'string', nullable: false },
        { name: 'total', type: 'double', nullable: false },
        { name: 'qty', type: 'int32', nullable: false },
        { name: 'placedAt', type: 'date', nullable: false },
        {
          name: 'address',
          nullable: false,
          type: {
            type: 'document',
            fields: [
              { name: 'city', type: 'string', nullable: false },
              { name: 'zip', type: 'string' },
            ],
          },
        },
        {
          name: 'items',
          nullable: false,
          type: {
            type: 'list',
            items: {
              type: 'document',
              fields: [
                { name: 'sku', type: 'string', nullable: false },
                { name: 'qty', type: 'int32', nullable: false },
                { name: 'price', type: 'double', nullable: false },
              ],
            },
          },
        },
        { name: 'tags', type: { type: 'list', items: 'string' }, nullable: false },
        { name: 'status', type: 'string', nullable: false },
      ],
    });
  });

  it('agrees with fromJsonSchema(z.toJSONSchema(model)) wherever JSON Schema can say the type', () => {
    // JSON Schema has no ObjectId and no Date: the rest of the model.
    const representable = Order.omit({ _id: true, placedAt: true });
    assert.deepEqual(
      Schema.fromZod(representable).toJSON(),
      Schema.fromJsonSchema(z.toJSONSchema(representable)).toJSON(),
    );
    const wide = z.object({
      email: z.email(),
      at: z.iso.datetime(),
      day: z.iso.date(),
      local: z.iso.datetime({ local: true }),
      n: z.number(),
      f32: z.float32(),
      i: z.int(),
      i32: z.int32(),
      u32: z.uint32(),
      bounded: z.number().int().min(0).max(100),
      wide: z
        .int()
        .min(0)
        .max(2 ** 31),
      flag: z.boolean().default(false),
      tier: z.enum(['gold', 'silver']).nullable(),
      tag: z.literal('x'),
      nested: z.object({ x: z.string().nullish(), y: z.object({ z: z.int32() }) }),
      lines: z.array(z.object({ sku: z.string() })),
      stock: z.record(z.string(), z.number()),
      byYear: z.record(z.number(), z.boolean()),
      byTier: z.partialRecord(z.enum(['gold', 'silver']), z.string()),
      strict: z.strictObject({ a: z.string() }),
      loose: z.looseObject({ a: z.string() }),
      extra: z.object({ a: z.string() }).catchall(z.number()),
      anything: z.unknown(),
      parsed: z.preprocess((v) => v, z.number()),
      code: z.templateLiteral(['A-', z.number()]),
      listed: z.array(z.array(z.record(z.string(), z.array(z.int32())))).readonly(),
    });
    // The input side, as fromZod reads pipes (and z.toJSONSchema's default, the output side, for a model without transforms).
    assert.deepEqual(
      Schema.fromZod(wide).toJSON(),
      Schema.fromJsonSchema(z.toJSONSchema(wide, { io: 'input' })).toJSON(),
    );
  });

  it('maps strings, numbers, booleans, dates and bigints', () => {
    const cases: [z.ZodType, FieldType][] = [
      [z.string(), 'string'],
      [z.email(), 'string'],
      [z.uuid(), 'string'],
      [z.string().min(1).regex(/^a/), 'string'],
      [z.iso.datetime(), 'date'],
      [z.string().datetime(), 'date'],
      [z.iso.date(), 'date'],
      // A local datetime names no instant (and z.toJSONSchema gives it no format).
      [z.iso.datetime({ local: true }), 'string'],
      [z.iso.time(), 'string'],
      [z.number(), 'double'],
      [z.float64(), 'double'],
      [z.float32(), 'double'],
      [z.number().min(0).max(10), 'double'],
      [z.int32(), 'int32'],
      [z.int32().max(10), 'int32'],
      [z.number().int().min(-5).max(5), 'int32'],
      [z.int().gt(-5).lt(5), 'int32'],
      // Exclusive bounds count as they are written, as JSON Schema's do.
      [
        z
          .int()
          .gt(-(2 ** 31) - 1)
          .lt(2 ** 31),
        'int64',
      ],
      [z.uint32(), 'int64'],
      [z.int(), 'int64'],
      [z.number().int(), 'int64'],
      [z.int().min(0), 'int64'],
      [z.bigint(), 'int64'],
      [z.int64(), 'int64'],
      [z.uint64(), 'int64'],
      [z.boolean(), 'bool'],
      [z.date(), 'date'],
      [z.coerce.date(), 'date'],
      [z.nan(), 'double'],
      [z.null(), 'null'],
    ];
    for (const [type, expected] of cases) assert.deepEqual(typeOf(type), expected, `${type._zod.def.type}`);
  });

  it('maps z.instanceof of bson classes (of any bson copy), Date and byte arrays', () => {
    const cases: [z.ZodType, FieldType][] = [
      [z.instanceof(ObjectId), 'objectId'],
      [z.instanceof(AnyObjectId), 'objectId'],
      [z.instanceof(Decimal128), 'decimal128'],
      [z.instanceof(Binary), 'binary'],
      [z.instanceof(UUID), 'uuid'],
      [z.instanceof(Timestamp), 'timestamp'],
      [z.instanceof(Long), 'int64'],
      [z.instanceof(Int32), 'int32'],
      [z.instanceof(Buffer), 'binary'],
      [z.instanceof(Uint8Array), 'binary'],
      [z.instanceof(Date), 'date'],
    ];
    for (const [type, expected] of cases) assert.equal(typeOf(type), expected, String(type._zod.bag.Class));
    // Another copy of bson: a different class, known by its prototype's _bsontype.
    class ObjectIdOfAnotherCopy {
      get _bsontype() {
        return 'ObjectId';
      }
    }
    assert.equal(typeOf(z.instanceof(ObjectIdOfAnotherCopy)), 'objectId');
  });

  it('maps enums and literals by their values', () => {
    enum Level {
      Low = 1,
      High = 2,
    }
    const cases: [z.ZodType, FieldType][] = [
      [z.enum(['a', 'b']), 'string'],
      [z.enum(Level), 'int32'],
      [z.literal('a'), 'string'],
      [z.union([z.literal('a'), z.literal('b')]), 'string'],
      [z.union([z.literal('a'), z.string()]), 'string'],
      [z.literal(1), 'int32'],
      [z.literal([1, 2, 3]), 'int32'],
      [z.literal(3_000_000_000), 'int64'],
      [z.union([z.literal(1), z.literal(3_000_000_000)]), 'int64'],
      [z.literal(2.5), 'double'],
      [z.union([z.literal(1), z.literal(2.5)]), 'double'],
      [z.literal(5n), 'int64'],
      [z.literal(true), 'bool'],
      [z.literal(['a', null]), 'string'],
    ];
    for (const [type, expected] of cases) assert.equal(typeOf(type), expected, String(type._zod.def.type));
  });

  it('maps objects, arrays, tuples and records', () => {
    const model = z.object({
      address: z.object({ city: z.string(), geo: z.strictObject({ lat: z.number(), lon: z.number() }) }),
      items: z.array(z.looseObject({ sku: z.string(), sizes: z.array(z.int32()) })),
      pair: z.tuple([z.string(), z.string()]),
      stock: z.record(z.string(), z.object({ qty: z.int32() })),
      // Keys that the key schema rejects keep values of any type.
      tagged: z.looseRecord(z.string().regex(/^t_/), z.number()),
    });
    assert.deepEqual(typesOnly(Schema.fromZod(model).fields), [
      {
        name: 'address',
        type: {
          type: 'document',
          fields: [
            { name: 'city', type: 'string' },
            {
              name: 'geo',
              type: {
                type: 'document',
                fields: [
                  { name: 'lat', type: 'double' },
                  { name: 'lon', type: 'double' },
                ],
              },
            },
          ],
        },
      },
      {
        name: 'items',
        type: {
          type: 'list',
          items: {
            type: 'document',
            fields: [
              { name: 'sku', type: 'string' },
              { name: 'sizes', type: { type: 'list', items: 'int32' } },
            ],
          },
        },
      },
      { name: 'pair', type: { type: 'list', items: 'string' } },
      {
        name: 'stock',
        type: { type: 'map', values: { type: 'document', fields: [{ name: 'qty', type: 'int32' }] } },
      },
      { name: 'tagged', type: 'extendedJson' },
    ]);
  });

  it('unwraps optional, nullable, default, catch, readonly, lazy and pipes (their input side)', () => {
    const cases: [z.ZodType, FieldType][] = [
      [z.string().optional(), 'string'],
      [z.string().nullable(), 'string'],
      [z.string().nullish(), 'string'],
      [z.optional(z.nullable(z.int32())), 'int32'],
      [z.number().default(0), 'double'],
      [z.number().prefault(0), 'double'],
      [z.string().catch('x'), 'string'],
      [z.array(z.string()).readonly(), { type: 'list', items: 'string' }],
      [z.lazy(() => z.date()), 'date'],
      [z.string().optional().nonoptional(), 'string'],
      [z.union([z.string(), z.null(), z.undefined()]), 'string'],
      [z.union([z.int32(), z.literal(null)]), 'int32'],
      // What MongoDB holds is what the model parses: the input of a transform.
      [z.string().transform((s) => s.length), 'string'],
      [z.string().pipe(z.coerce.number()), 'string'],
      [z.stringbool(), 'string'],
      [z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }), 'date'],
      // A preprocess takes anything: its output is what is known.
      [z.preprocess((v) => v, z.int32()), 'int32'],
      [z.string().refine((s) => s.length > 0), 'string'],
      [z.string().brand<'Sku'>(), 'string'],
      [z.string().describe('a sku'), 'string'],
    ];
    for (const [type, expected] of cases) assert.deepEqual(typeOf(type), expected, type._zod.def.type);
    // Wrapped roots are documents too.
    assert.deepEqual(Schema.fromZod(z.object({ a: z.string() }).readonly()).fields, [
      { name: 'a', type: 'string', nullable: false },
    ]);
  });

  it('makes a field required unless it is optional, nullable or defaulted', () => {
    const model = z.object({
      plain: z.string(),
      optional: z.string().optional(),
      nullable: z.string().nullable(),
      nullish: z.string().nullish(),
      defaulted: z.number().default(0),
      caught: z.string().catch('x'),
      readonly: z.array(z.string()).readonly(),
      branded: z.string().brand<'Sku'>(),
      nonoptional: z.string().optional().nonoptional(),
      orNull: z.union([z.int32(), z.null()]),
      nothing: z.null(),
      nested: z.object({ city: z.string(), zip: z.string().optional() }),
    });
    const required = Schema.fromZod(model)
      .fields.filter((f) => f.nullable === false)
      .map((f) => f.name);
    assert.deepEqual(required, ['plain', 'readonly', 'branded', 'nonoptional', 'nested']);
    const nested = Schema.fromZod(model).fields.at(-1)?.type as unknown as { fields: SchemaField[] };
    assert.deepEqual(nested.fields, [
      { name: 'city', type: 'string', nullable: false },
      { name: 'zip', type: 'string' },
    ]);
  });

  it('maps z.any() and z.unknown() to extendedJson, as fromJsonSchema does {}', () => {
    assert.equal(typeOf(z.any()), 'extendedJson');
    assert.equal(typeOf(z.unknown()), 'extendedJson');
    assert.equal(Schema.fromJsonSchema(z.toJSONSchema(z.object({ v: z.unknown() }))).fields[0]?.type, 'extendedJson');
  });

  it('rejects a union of unrelated types naming the field, unless asked for text or Extended JSON', () => {
    const model = z.object({ address: z.object({ zip: z.union([z.string(), z.number()]) }) });
    assert.throws(
      () => Schema.fromZod(model),
      invalid(/at 'address\.zip': a union of string and number .* unions: 'text'/),
    );
    assert.deepEqual(typesOnly(Schema.fromZod(model, { unions: 'text' }).fields), [
      { name: 'address', type: { type: 'document', fields: [{ name: 'zip', type: 'text' }] } },
    ]);
    const event = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('click'), x: z.number() }),
      z.object({ kind: z.literal('key'), key: z.string() }),
    ]);
    assert.throws(() => typeOf(event), invalid(/at 'v': a union of 2 different object schemas/));
    assert.equal(typeOf(event, { unions: 'extendedJson' }), 'extendedJson');
    assert.throws(() => typeOf(z.literal(['a', 1])), invalid(/at 'v': a union of string and number literals/));
    assert.equal(typeOf(z.json(), { unions: 'extendedJson' }), 'extendedJson');
    // Numbers of several kinds share the widest column, as integer and number do in JSON Schema.
    assert.equal(typeOf(z.union([z.int32(), z.number()])), 'double');
    assert.equal(typeOf(z.union([z.int32(), z.int()])), 'int64');
    // Alike alternatives are one type.
    const alike = typeOf(z.union([z.object({ a: z.string() }), z.object({ a: z.string() })])) as FieldType;
    assert.deepEqual(typesOnly([{ name: 'v', type: alike }]), [
      { name: 'v', type: { type: 'document', fields: [{ name: 'a', type: 'string' }] } },
    ]);
    assert.throws(() => typeOf(z.string(), { unions: 'drop' as 'text' }), { code: 'INVALID_ARGUMENT' });
  });

  it('rejects what has no column with INVALID_SCHEMA naming the path and why', () => {
    const cases: [z.ZodType, RegExp][] = [
      [z.object({ items: z.array(z.object({ sku: z.function() })) }), /at 'items\[\]\.sku': a function/],
      [z.object({ s: z.symbol() }), /at 's': MongoDB does not store JavaScript symbols/],
      [z.object({ m: z.map(z.string(), z.number()) }), /at 'm': .* z\.record/],
      [z.object({ m: z.set(z.string()) }), /at 'm': MongoDB stores arrays/],
      [z.object({ r: z.record(z.symbol(), z.number()) }), /at 'r': z\.record keys must be strings or numbers/],
      [z.object({ c: z.custom<string>(() => true) }), /at 'c': z\.custom\(\)/],
      [z.object({ c: z.instanceof(URL) }), /at 'c': z\.custom\(\) and z\.instanceof\(\) of a class/],
      [z.object({ p: z.promise(z.string()) }), /at 'p': a promise/],
      [z.object({ a: z.object({ x: z.string() }).and(z.object({ y: z.string() })) }), /at 'a': intersections/],
      [z.object({ n: z.never() }), /at 'n': z\.never\(\)/],
      [z.object({ deep: z.object({ stock: z.record(z.string(), z.set(z.string())) }) }), /at 'deep\.stock\{\}'/],
    ];
    for (const [model, pattern] of cases) assert.throws(() => Schema.fromZod(model), invalid(pattern), String(pattern));
    assert.throws(() => Schema.fromZod(z.string()), invalid(/root must be a z\.object/));
  });

  it('rejects anything but a zod 4 schema, pointing zod 3 users to zod 4 or fromJsonSchema', () => {
    // What zod 3 makes: `_def` with a `typeName`, no `_zod`.
    const zod3 = { _def: { typeName: 'ZodObject', shape: () => ({}) }, parse: () => ({}) };
    assert.throws(
      () => Schema.fromZod(zod3 as unknown as z.ZodObject),
      invalid(/expects a zod 4 schema.*zod 3.*zod\/v4.*Schema\.fromJsonSchema/),
    );
    assert.throws(() => Schema.fromZod(42 as unknown as z.ZodObject), invalid(/expects a zod 4 schema .* got 42/));
    assert.throws(() => Schema.fromZod(null as unknown as z.ZodObject), invalid(/expects a zod 4 schema/));
  });

  it('rejects a recursive model, and one nesting too deep, without overflowing the stack', () => {
    const Category: z.ZodType = z.lazy(() => z.object({ name: z.string(), children: z.array(Category) }));
    assert.throws(
      () => Schema.fromZod(z.object({ tree: Category })),
      invalid(/at 'tree\.children\[\]': the model is recursive/),
    );
    const Folder = z.object({
      name: z.string(),
      get folders() {
        return z.array(Folder).optional();
      },
    });
    assert.throws(() => Schema.fromZod(Folder), invalid(/at 'folders\[\]': the model is recursive/));
    const Itself: z.ZodType = z.lazy(() => Itself);
    assert.throws(() => typeOf(Itself), invalid(/at 'v': a z\.lazy refers to itself/));
    // A union that holds itself adds nothing.
    const Strings: z.ZodType = z.union([z.string(), z.lazy(() => Strings)]);
    assert.equal(typeOf(Strings), 'string');

    const nest = (levels: number) => {
      let type: z.ZodType = z.string();
      for (let i = 1; i < levels; i++) type = z.object({ a: type });
      return z.object({ a: type });
    };
    // 200 levels is the limit (a top-level field is level 1), as for every schema.
    assert.equal(Schema.fromZod(nest(200)).fields.length, 1);
    assert.throws(() => Schema.fromZod(nest(201)), invalid(/nests deeper than 200 levels/));
    assert.throws(() => Schema.fromZod(nest(250)), invalid(/nests deeper than 200 levels/));
  });
});

describe('AnyObjectId', () => {
  it('admits an ObjectId of any bson copy, and makes none', () => {
    const model = z.object({ _id: z.instanceof(AnyObjectId) });
    const id = new ObjectId();
    assert.equal(model.parse({ _id: id })._id, id);
    assert.ok({ _bsontype: 'ObjectId', id: new Uint8Array(12) } instanceof AnyObjectId);
    const notIds: unknown[] = ['0123456789abcdef01234567', null, { _bsontype: 'Decimal128' }];
    for (const value of notIds) assert.ok(!(value instanceof AnyObjectId));
    assert.equal(model.safeParse({ _id: id.toHexString() }).success, false);
    const Constructor = AnyObjectId as unknown as new () => unknown;
    assert.throws(() => new Constructor(), TypeError);
  });
});

describe('a decode with a schema from a zod model', () => {
  it('holds the values of the documents', async () => {
    const Reading = Order.extend({ count: z.bigint(), note: z.string().nullable() });
    const documents = Array.from({ length: 20 }, (_, i) => ({
      _id: new ObjectId(),
      customer: `c${i}`,
      total: i * 1.25,
      qty: new Int32(i),
      placedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      address: { city: 'Lyon', zip: i % 2 ? `690${i}` : undefined },
      items: [{ sku: `s${i}`, qty: new Int32(2), price: 9.5 }],
      tags: ['a', `t${i}`],
      status: 'open',
      count: Long.fromBigInt(9_007_199_254_740_993n + BigInt(i)),
      note: i % 3 ? null : 'n',
    }));
    const table = await decodeBson(
      documents.map((doc) => BSON.serialize(doc)),
      { schema: Schema.fromZod(Reading) },
    );
    assert.equal(table.numRows, documents.length);
    assert.equal(String(table.schema.fields.find((f) => f.name === 'placedAt')?.type), 'Timestamp<MILLISECOND, UTC>');
    documents.forEach((doc, row) => {
      const got = table.get(row)?.toJSON() as Record<string, unknown>;
      assert.equal(got._id, doc._id.toHexString());
      assert.equal(got.customer, doc.customer);
      assert.equal(got.total, doc.total);
      assert.equal(got.qty, doc.qty.value);
      assert.equal(got.placedAt, doc.placedAt.getTime());
      assert.deepEqual((got.address as { toJSON(): unknown }).toJSON(), { city: 'Lyon', zip: doc.address.zip ?? null });
      const items = [...(got.items as Iterable<{ toJSON(): unknown }>)].map((item) => item.toJSON());
      assert.deepEqual(items, [{ sku: `s${row}`, qty: 2, price: 9.5 }]);
      assert.deepEqual([...(got.tags as Iterable<string>)], doc.tags);
      assert.equal(got.status, 'open');
      assert.equal(got.count, doc.count.toBigInt());
      assert.equal(got.note, doc.note);
    });
  });
});
