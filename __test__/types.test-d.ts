/**
 * Type-level tests of the public signatures: checked by `tsc --noEmit`
 * (`npm run check`), never executed. Each `@ts-expect-error` must stay an
 * error, or tsc fails.
 */
import type {
  Schema as ArrowSchema,
  Binary,
  Bool,
  DataType,
  Decimal,
  FixedSizeBinary,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  RecordBatch,
  Struct,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  Utf8,
  Vector,
} from 'apache-arrow';
import type { Collection, Document, ObjectId } from 'mongodb';
import type { DataFrame } from 'nodejs-polars';
import { z } from 'zod';
import {
  AnyObjectId,
  type ArrowBatchStream,
  type ArrowCollection,
  aggregateArrow,
  aggregateArrowStream,
  aggregateColumns,
  aggregatePolars,
  type BsonBytes,
  type Coercion,
  type Column,
  type Columns,
  type ConflictSource,
  decodeBson,
  type FieldType,
  type FindArrowOptions,
  findArrow,
  findArrowStream,
  findColumns,
  findPolars,
  inferSchema,
  MongoArrowError,
  type MongoArrowErrorCode,
  model,
  type ParquetBatchStream,
  type ParquetSource,
  type PlainColumn,
  type Progress,
  type ReadReport,
  readBsonFile,
  readBsonFileTable,
  readParquet,
  readReport,
  Schema,
  type SchemaDefinition,
  type SchemaField,
  TypeConflictError,
  type TypedColumn,
  tableToColumns,
  tableToPolars,
  types,
  WriteAbortedError,
  type WriteFailure,
  type WriteInput,
  type WriteOptions,
  type WriteParquetResult,
  type WriteResult,
  withArrow,
  writeArrow,
  writeParquet,
  type ZodSchemaLike,
} from '../lib/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

declare const collection: Collection<{ price: number; sku: string }>;
declare const anyCollection: Collection<Document>;
declare const table: Table;
declare const arrowSchema: ArrowSchema;
declare const bytes: Buffer;

export async function signatures(): Promise<void> {
  expectType<Equal<Awaited<ReturnType<typeof findArrow>>, Table>>(true);
  expectType<Equal<Awaited<ReturnType<typeof aggregateArrow>>, Table>>(true);
  expectType<Equal<ReturnType<typeof findArrowStream>, ArrowBatchStream>>(true);

  // The filter is typed by the collection's schema.
  await findArrow(collection, { price: { $gt: 1 } }, { schema: { price: 'double' } });
  // @ts-expect-error `price` is a number, not a string
  await findArrow(collection, { price: 'cheap' });

  // Schema, driver options and decoder settings mix in one options object.
  await findArrow(
    anyCollection,
    {},
    { schema: { a: ['string'], b: { c: 'int64' } }, sort: { a: 1 }, conflicts: 'null' },
  );
  // @ts-expect-error `raw` is ours to set
  await findArrow(anyCollection, {}, { raw: true });
  // @ts-expect-error unknown conflict policy
  await aggregateArrow(anyCollection, [], { conflicts: 'ignore' });
  // @ts-expect-error unknown short type name
  await findArrow(anyCollection, {}, { schema: { a: 'float' } });

  const stream = aggregateArrowStream(anyCollection, [], { onProgress: (p: Progress) => p.documents });
  for await (const batch of stream) expectType<Equal<typeof batch, RecordBatch>>(true);
  expectType<Equal<typeof stream.droppedFields, ReadonlyMap<string, number>>>(true);

  const schema = new Schema({ at: types.date('ns'), amount: types.decimal128(10, 2), tags: types.list('string') });
  expectType<Equal<ReturnType<typeof schema.toArrow>, ArrowSchema>>(true);
  // @ts-expect-error a time unit must be s, ms, us or ns
  types.date('minutes');
  new Schema({ scores: types.map('double'), tiers: types.map({ tier: 'string' }), lists: types.map(['int32']) });
  // @ts-expect-error a map's values need a type
  types.map();
  // @ts-expect-error not a type name
  types.map('float');

  const err = new MongoArrowError('ABORTED', 'stopped');
  expectType<Equal<typeof err.code, MongoArrowErrorCode>>(true);
  // @ts-expect-error not a known code
  new MongoArrowError('OOPS', 'no');
}

export async function columns(): Promise<void> {
  expectType<Equal<Awaited<ReturnType<typeof findColumns>>, Columns>>(true);
  expectType<Equal<Awaited<ReturnType<typeof aggregateColumns>>, Columns>>(true);
  expectType<Equal<ReturnType<typeof tableToColumns>, Columns>>(true);

  await findColumns(collection, { price: { $gt: 1 } }, { schema: { price: 'double' }, limit: 10 });
  // @ts-expect-error `price` is a number, not a string
  await findColumns(collection, { price: 'cheap' });
  // @ts-expect-error the pipeline must be an array of stages
  await aggregateColumns(anyCollection, { $match: {} });
  // @ts-expect-error a table, not a collection
  tableToColumns(anyCollection);

  const { length, columns, validity } = tableToColumns(table);
  expectType<Equal<typeof length, number>>(true);
  expectType<Equal<(typeof columns)[string], Column>>(true);
  expectType<Equal<(typeof validity)[string], Uint8Array | undefined>>(true);
  expectType<Equal<Column, TypedColumn | PlainColumn>>(true);
  const at: TypedColumn = new BigInt64Array(1);
  const flags: TypedColumn = new Uint8Array(1);
  // @ts-expect-error a plain array is not a typed column
  const notTyped: TypedColumn = [1, 2];
  // @ts-expect-error the columns are read-only
  columns.price = at;
  void [flags, notTyped];
}

export async function polars(): Promise<void> {
  // The real nodejs-polars type (installed here), not `any`.
  expectType<Equal<Awaited<ReturnType<typeof findPolars>>, DataFrame>>(true);
  expectType<Equal<Awaited<ReturnType<typeof aggregatePolars>>, DataFrame>>(true);
  expectType<Equal<Awaited<ReturnType<typeof tableToPolars>>, DataFrame>>(true);

  const df = await findPolars(collection, { price: { $gt: 1 } }, { schema: { price: 'double' } });
  const height: number = df.height;
  // @ts-expect-error `height` is a number; an `any` DataFrame would let this pass
  const text: string = df.height;
  // @ts-expect-error `price` is a number, not a string
  await findPolars(collection, { price: 'cheap' });
  // @ts-expect-error the pipeline must be an array of stages
  await aggregatePolars(anyCollection, { $match: {} });
  // @ts-expect-error a table, not a collection
  await tableToPolars(anyCollection);
  void [height, text];
}

export async function bsonInput(): Promise<void> {
  expectType<Equal<Awaited<ReturnType<typeof decodeBson>>, Table>>(true);
  expectType<Equal<ReturnType<typeof readBsonFile>, ArrowBatchStream>>(true);
  expectType<Equal<Awaited<ReturnType<typeof readBsonFileTable>>, Table>>(true);
  expectType<Equal<BsonBytes, Uint8Array | readonly Uint8Array[]>>(true);

  // A Buffer (readFile's result) or one buffer per document; the decoding options of the reads.
  await decodeBson(bytes, { schema: { a: 'double' }, conflicts: 'null', rowsPerBatch: 1000 });
  await decodeBson([new Uint8Array(5)] as const, { onProgress: (p: Progress) => p.bytes });
  // @ts-expect-error BSON bytes, not JSON text
  await decodeBson('{"a": 1}');
  // @ts-expect-error no server, so no driver options
  await decodeBson(bytes, { sort: { a: 1 } });

  const stream = readBsonFile('dump/shop/orders.bson', { sampleSize: 100, objectId: 'binary' });
  expectType<Equal<typeof stream.schema, Schema | undefined>>(true);
  expectType<Equal<Awaited<ReturnType<typeof stream.toTable>>, Table>>(true);
  for await (const batch of stream) expectType<Equal<typeof batch, RecordBatch>>(true);
  // @ts-expect-error a path string, not a URL
  readBsonFile(new URL('file:///orders.bson'));
  // @ts-expect-error no server, so no driver options
  await readBsonFileTable('orders.bson', { batchSize: 10 });
}

export async function inference(): Promise<void> {
  expectType<Equal<Awaited<ReturnType<typeof inferSchema>>, Schema>>(true);

  const fromBytes: Schema = await inferSchema(bytes, { sampleSize: 10, conflicts: 'string' });
  const fromFind: Schema = await inferSchema(collection, { filter: { price: { $gt: 1 } }, maxTimeMS: 50 });
  await inferSchema(anyCollection, { pipeline: [{ $match: {} }], uuidAsString: true });
  // @ts-expect-error the filter is typed by the collection's schema
  await inferSchema(collection, { filter: { price: 'cheap' } });
  // @ts-expect-error bytes have no filter to apply
  await inferSchema(bytes, { filter: {} });
  // @ts-expect-error sampleSize is a number
  await inferSchema(anyCollection, { sampleSize: '100' });
  // @ts-expect-error neither bytes nor a collection
  await inferSchema('orders');
  void [fromBytes, fromFind];
}

export function schemas(): void {
  const schema = Schema.from({ a: 'double' });
  expectType<Equal<typeof schema, Schema>>(true);
  expectType<Equal<ReturnType<typeof Schema.fromArrow>, Schema>>(true);
  expectType<Equal<ReturnType<typeof Schema.fromJSON>, Schema>>(true);
  expectType<Equal<typeof schema.fields, readonly SchemaField[]>>(true);
  expectType<Equal<ReturnType<typeof schema.toJSON>, { fields: readonly SchemaField[] }>>(true);
  expectType<Equal<ReturnType<typeof schema.toProjection>, Record<string, 0 | 1> | undefined>>(true);

  Schema.from(arrowSchema);
  Schema.from(schema);
  Schema.fromArrow(arrowSchema);
  Schema.fromJSON(JSON.stringify(schema));
  Schema.fromJSON({ fields: [{ name: 'tags', type: { type: 'list', items: 'string' } }] });
  schema.toArrow({ objectId: 'binary', decimal128: 'binary' });
  // @ts-expect-error a schema is not a type name
  Schema.from('double');
  // @ts-expect-error unknown type name in the JSON form
  Schema.fromJSON({ fields: [{ name: 'a', type: 'float' }] });
  // @ts-expect-error objectId is 'hex' or 'binary'
  schema.toArrow({ objectId: 'oid' });

  const definition: SchemaDefinition = {
    at: types.date('us', null),
    amounts: [types.decimal128(12, 2)],
    raw: types.binary(0),
    nested: types.list({ a: 'int32' }),
    list: types.document({ items: ['string'] }),
  };
  new Schema(definition);
  // @ts-expect-error an array type has exactly one item type
  const twoItems: SchemaDefinition = { a: ['string', 'int32'] };
  // @ts-expect-error precision is a number
  types.decimal128('12', 2);
  // @ts-expect-error unknown short type name
  types.list('float');
  new Schema({
    amount: types.required('double'),
    address: { city: types.required('string') },
    tags: types.required(['string']),
    meta: types.required({ tag: 'string' }),
  });
  Schema.fromJSON({ fields: [{ name: 'amount', type: 'double', nullable: false }] });
  // @ts-expect-error list items cannot be required
  types.list(types.required('double'));
  // @ts-expect-error nor items written [T]
  const requiredItems: SchemaDefinition = { a: [types.required('double')] };
  // @ts-expect-error map values cannot be required
  types.map(types.required('double'));
  // @ts-expect-error nullable is written only as false (absent: nullable)
  Schema.fromJSON({ fields: [{ name: 'a', type: 'double', nullable: true }] });
  const dateType: FieldType = { type: 'date', unit: 'ms', timezone: null };
  // @ts-expect-error a date's JSON form names its timezone (null for none)
  const noTimezone: FieldType = { type: 'date', unit: 'ms' };
  void [twoItems, requiredItems, dateType, noTimezone];
}

export async function collectionMethods(): Promise<void> {
  const orders = withArrow(collection);
  expectType<Equal<typeof orders, ArrowCollection<{ price: number; sku: string }>>>(true);
  // Still the driver's Collection, with its own typed methods.
  const plain: Collection<{ price: number; sku: string }> = orders;
  await orders.insertOne({ price: 1, sku: 'a' });
  // @ts-expect-error the driver's methods keep the collection's schema
  await orders.insertOne({ price: 'one', sku: 'a' });

  expectType<Equal<Awaited<ReturnType<typeof orders.findArrow>>, Table>>(true);
  expectType<Equal<Awaited<ReturnType<typeof orders.aggregateArrow>>, Table>>(true);
  expectType<Equal<ReturnType<typeof orders.findArrowStream>, ArrowBatchStream>>(true);
  expectType<Equal<ReturnType<typeof orders.aggregateArrowStream>, ArrowBatchStream>>(true);
  expectType<Equal<Awaited<ReturnType<typeof orders.findColumns>>, Columns>>(true);
  expectType<Equal<Awaited<ReturnType<typeof orders.aggregateColumns>>, Columns>>(true);
  expectType<Equal<Awaited<ReturnType<typeof orders.findPolars>>, DataFrame>>(true);
  expectType<Equal<Awaited<ReturnType<typeof orders.aggregatePolars>>, DataFrame>>(true);
  expectType<Equal<Awaited<ReturnType<typeof orders.inferSchema>>, Schema>>(true);

  await orders.findArrow({ price: { $gt: 1 } }, { schema: { price: 'double' } });
  // @ts-expect-error the collection argument is dropped: (filter, options) only
  await orders.findArrow(collection, { price: 1 }, { schema: { price: 'double' } });
  // @ts-expect-error `price` is a number, not a string
  await orders.findColumns({ price: 'cheap' });
  // @ts-expect-error the inference filter is typed too
  await orders.inferSchema({ filter: { price: 'cheap' } });
  // @ts-expect-error the pipeline must be an array of stages
  await orders.aggregatePolars({ $match: {} });
  // @ts-expect-error a collection, not a plain object
  withArrow({ collectionName: 'orders' });
  void plain;
}

export function errors(): void {
  // Exactly these codes: adding or removing one must be deliberate (and in the README's table).
  expectType<
    Equal<
      MongoArrowErrorCode,
      | 'TYPE_CONFLICT'
      | 'INVALID_BSON'
      | 'INVALID_SCHEMA'
      | 'UNSUPPORTED_TYPE'
      | 'INVALID_VALUE'
      | 'INVALID_ARGUMENT'
      | 'MISSING_PEER'
      | 'ABORTED'
      | 'ARROW_ERROR'
      | 'PARQUET_ERROR'
      | 'IO_ERROR'
      | 'NATIVE_BINDING_MISSING'
      | 'INTERNAL'
    >
  >(true);

  const err: Error = new MongoArrowError('INVALID_VALUE', 'bad ObjectId', { cause: new Error('inner') });
  if (err instanceof MongoArrowError) {
    expectType<Equal<typeof err.name, 'MongoArrowError'>>(true);
    // @ts-expect-error the code is read-only
    err.code = 'INTERNAL';
  }
  // @ts-expect-error a message is required
  new MongoArrowError('INTERNAL');
}

export async function messyData(table: Table, stream: ArrowBatchStream, err: unknown): Promise<void> {
  const report = readReport(table);
  expectType<Equal<typeof report, ReadReport | undefined>>(true);
  if (report) {
    const first: Coercion | undefined = report.coercions[0];
    expectType<Equal<typeof report.droppedFields, ReadonlyMap<string, number>>>(true);
    if (first) expectType<Equal<typeof first.types, Readonly<Record<string, number>>>>(true);
  }
  expectType<Equal<typeof stream.coercions, readonly Coercion[]>>(true);
  if (err instanceof TypeConflictError) {
    expectType<Equal<typeof err.documentId, string | undefined>>(true);
    expectType<Equal<typeof err.source, ConflictSource>>(true);
    expectType<Equal<typeof err.code, MongoArrowErrorCode>>(true);
  }
  const options: FindArrowOptions = { schema: { depth: 'text' }, inferRest: true, emptyStringsAsNull: true };
  // @ts-expect-error conflicts is one of the three policies
  const bad: FindArrowOptions = { conflicts: 'text' };
  void [options, bad];
}

export function zodModels(): void {
  const model = z.object({ _id: z.instanceof(AnyObjectId), total: z.number() });
  expectType<Equal<z.infer<typeof model>['_id'], ObjectId>>(true);
  expectType<Equal<ReturnType<typeof Schema.fromZod>, Schema>>(true);
  const like: ZodSchemaLike = model;
  Schema.fromZod(like, { unions: 'text' });
  Schema.fromZod(z.strictObject({ a: z.string() }).readonly());
  // @ts-expect-error a JSON Schema is not a zod model
  Schema.fromZod({ type: 'object', properties: {} });
  // @ts-expect-error unions is one of the three choices
  Schema.fromZod(model, { unions: 'drop' });
  // @ts-expect-error AnyObjectId makes no ObjectIds
  new AnyObjectId();
}

/** Tables typed from the schema definition of a read (#13, part 4). */
export async function typedTables(): Promise<void> {
  const table = await findArrow(
    anyCollection,
    {},
    {
      schema: {
        _id: 'objectId',
        amount: 'double',
        qty: 'int32',
        at: 'date',
        tags: ['string'],
        address: { city: 'string', zip: 'int64' },
        micros: types.date('us'),
        price: types.decimal128(12, 2),
        blob: types.binary(0),
        scores: types.map('double'),
        lines: types.list({ sku: 'string', paid: 'bool' }),
        must: types.required('int64'),
      },
    },
  );
  expectType<Equal<ReturnType<typeof table.getChild<'amount'>>, Vector<Float64> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'_id'>>, Vector<Utf8> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'qty'>>, Vector<Int32> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'at'>>, Vector<TimestampMillisecond> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'tags'>>, Vector<List<Utf8>> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'address'>>, Vector<Struct<{ city: Utf8; zip: Int64 }>> | null>>(
    true,
  );
  expectType<Equal<ReturnType<typeof table.getChild<'micros'>>, Vector<TimestampMicrosecond> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'price'>>, Vector<Decimal> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'blob'>>, Vector<Binary> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'scores'>>, Vector<Map_<Utf8, Float64>> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'lines'>>, Vector<List<Struct<{ sku: Utf8; paid: Bool }>>> | null>>(
    true,
  );
  expectType<Equal<ReturnType<typeof table.getChild<'must'>>, Vector<Int64> | null>>(true);
  // @ts-expect-error no such column
  table.getChild('amout');
  // The representation options change the types they change.
  const binary = await aggregateArrow(anyCollection, [], {
    schema: { _id: 'objectId', d: 'decimal128' },
    objectId: 'binary',
  });
  expectType<Equal<ReturnType<typeof binary.getChild<'_id'>>, Vector<FixedSizeBinary> | null>>(true);
  expectType<Equal<ReturnType<typeof binary.getChild<'d'>>, Vector<Utf8> | null>>(true);
  // Streams are typed too; a Schema object or no schema gives apache-arrow's untyped Table.
  for await (const batch of findArrowStream(anyCollection, {}, { schema: { x: 'int32' } })) {
    expectType<Equal<ReturnType<typeof batch.getChild<'x'>>, Vector<Int32> | null>>(true);
  }
  expectType<Equal<Awaited<ReturnType<typeof findArrow<Document, { schema: Schema }>>>, Table>>(true);
  const untyped = await findArrow(anyCollection, {});
  untyped.getChild('anything');
  const wrapped = withArrow(anyCollection);
  const viaMethod = await wrapped.findArrow({}, { schema: { n: 'int64' } });
  expectType<Equal<ReturnType<typeof viaMethod.getChild<'n'>>, Vector<Int64> | null>>(true);
}

/** Model tables typed from a zod model or a definition (#13, part 4). */
export async function typedModels(): Promise<void> {
  const Order = z.object({
    _id: z.instanceof(AnyObjectId),
    customer: z.string(),
    total: z.float64(),
    qty: z.int32(),
    count: z.int(),
    amount: z.number(),
    cents: z.bigint(),
    paid: z.boolean().default(false),
    placedAt: z.date(),
    shippedOn: z.iso.date().optional(),
    status: z.enum(['open', 'paid']),
    address: z.object({ city: z.string(), zip: z.string().optional() }).nullable(),
    items: z.array(z.object({ sku: z.string(), price: z.float64() })),
    ratings: z.record(z.string(), z.float64()),
    note: z.union([z.string(), z.null()]),
    upper: z.string().transform((s) => s.toUpperCase()),
  });
  const orders = model(anyCollection, Order);
  const table = await orders.loadArrowTable({ filter: { paid: true }, sort: { placedAt: -1 }, limit: 10 });
  type Columns = (typeof table)['schema']['fields'][number];
  expectType<Equal<ReturnType<typeof table.getChild<'_id'>>, Vector<Utf8> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'total'>>, Vector<Float64> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'qty'>>, Vector<Int32> | null>>(true);
  // z.int() and z.number(): the column depends on bounds and checks the types cannot see.
  expectType<Equal<ReturnType<typeof table.getChild<'count'>>, Vector<Int32 | Int64> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'amount'>>, Vector<Float64 | Int32 | Int64> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'cents'>>, Vector<Int64> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'paid'>>, Vector<Bool> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'placedAt'>>, Vector<TimestampMillisecond> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'shippedOn'>>, Vector<TimestampMillisecond> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'status'>>, Vector<Utf8> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'address'>>, Vector<Struct<{ city: Utf8; zip: Utf8 }>> | null>>(
    true,
  );
  expectType<
    Equal<ReturnType<typeof table.getChild<'items'>>, Vector<List<Struct<{ sku: Utf8; price: Float64 }>>> | null>
  >(true);
  expectType<Equal<ReturnType<typeof table.getChild<'ratings'>>, Vector<Map_<Utf8, Float64>> | null>>(true);
  expectType<Equal<ReturnType<typeof table.getChild<'note'>>, Vector<Utf8> | null>>(true);
  // A transform is read by its input side: what MongoDB holds.
  expectType<Equal<ReturnType<typeof table.getChild<'upper'>>, Vector<Utf8> | null>>(true);
  void (null as unknown as Columns);
  // @ts-expect-error not a field of the model
  table.getChild('missing');
  const binary = await orders.aggregateArrow([], { objectId: 'binary' });
  expectType<Equal<ReturnType<typeof binary.getChild<'_id'>>, Vector<FixedSizeBinary> | null>>(true);
  for await (const batch of orders.loadStream({ limit: 5 })) {
    expectType<Equal<ReturnType<typeof batch.getChild<'qty'>>, Vector<Int32> | null>>(true);
  }
  // A definition object types the tables too; a JSON Schema leaves them untyped.
  const fromDefinition = await model(anyCollection, { n: 'int32', s: { t: 'string' } }).loadArrowTable();
  expectType<Equal<ReturnType<typeof fromDefinition.getChild<'s'>>, Vector<Struct<{ t: Utf8 }>> | null>>(true);
  const fromJsonSchema = await model(anyCollection, {
    bsonType: 'object',
    required: ['n'],
    properties: { n: { bsonType: 'int' } },
  }).loadArrowTable();
  expectType<Equal<typeof fromJsonSchema, Table>>(true);
  // @ts-expect-error an unknown type name in a definition
  model(anyCollection, { n: 'int33' });
  // @ts-expect-error sample is a count
  await orders.loadArrowTable({ sample: 'ten' });
  void (null as unknown as DataType);
}

export async function writes(
  batch: RecordBatch,
  batches: AsyncIterable<RecordBatch>,
  df: DataFrame,
  columns: Columns,
  err: unknown,
): Promise<void> {
  expectType<Equal<Parameters<typeof writeArrow>[1], WriteInput>>(true);
  expectType<Equal<Parameters<typeof writeArrow>[2], WriteOptions | undefined>>(true);
  const result = await writeArrow(collection, table);
  expectType<Equal<typeof result, WriteResult>>(true);
  expectType<Equal<typeof result.failed, readonly WriteFailure[]>>(true);
  expectType<Equal<WriteFailure['code'], number | 'INVALID_VALUE' | 'NOT_ATTEMPTED'>>(true);
  await writeArrow(anyCollection, batch, { mode: 'upsert', key: ['sku', 'day'], ordered: true });
  await writeArrow(anyCollection, batches, { batchSize: { documents: 1000, bytes: 8 << 20 }, concurrency: 4 });
  await writeArrow(anyCollection, findArrowStream(anyCollection), { onProgress: (p) => p.rows + p.bytes + p.batches });
  await writeArrow(anyCollection, df, { objectIdFields: ['_id'], nulls: 'null' });
  await writeArrow(anyCollection, columns, { schema: { at: 'date' } });
  await withArrow(anyCollection).writeArrow(table, { mode: 'replace' });
  // @ts-expect-error unknown mode
  await writeArrow(anyCollection, table, { mode: 'merge' });
  // @ts-expect-error not Arrow data
  await writeArrow(anyCollection, [{ a: 1 }]);
  // @ts-expect-error nulls is 'omit' or 'null'
  await writeArrow(anyCollection, table, { nulls: 'skip' });
  if (err instanceof WriteAbortedError) {
    expectType<Equal<typeof err.result, WriteResult>>(true);
    expectType<Equal<typeof err.code, MongoArrowErrorCode>>(true);
  }
}

export async function parquet(stream: ArrowBatchStream, batches: AsyncIterable<RecordBatch>): Promise<void> {
  expectType<Equal<Awaited<ReturnType<typeof writeParquet>>, WriteParquetResult>>(true);
  const written = await writeParquet(table, 'out.parquet', { compression: 'snappy', rowGroupRows: 10_000 });
  expectType<Equal<typeof written.rows, number>>(true);
  await writeParquet(stream, process.stdout, { metadata: { source: 'shop.orders' }, statistics: false });
  await writeParquet(batches, new WritableStream<Uint8Array>());
  await writeParquet(table.batches, 'out.parquet');
  const sources: ParquetSource[] = [table, stream, batches, table.batches];
  void sources;
  // @ts-expect-error not a codec writeParquet offers
  await writeParquet(table, 'out.parquet', { compression: 'lz4' });
  // @ts-expect-error metadata values are strings
  await writeParquet(table, 'out.parquet', { metadata: { n: 1 } });
  // @ts-expect-error a table's rows are not batches
  await writeParquet([{ a: 1 }], 'out.parquet');
  const back: ParquetBatchStream = readParquet('out.parquet', { rowsPerBatch: 1000 });
  for await (const batch of back) expectType<Equal<typeof batch, RecordBatch>>(true);
  expectType<Equal<Awaited<ReturnType<ParquetBatchStream['toTable']>>, Table>>(true);
  expectType<Equal<ParquetBatchStream['schema'], ArrowSchema | undefined>>(true);
}
