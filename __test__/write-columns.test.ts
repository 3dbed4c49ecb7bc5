/**
 * The column-wise write path against the Rust encoder: for every batch the
 * column-wise path takes, its documents must serialize to exactly the bytes
 * of the Rust path's documents (same BSON types, values and key order), fail
 * the same rows, and report each document's true BSON size. No server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Binary,
  Bool,
  type Data,
  DateDay,
  DateMillisecond,
  Field,
  FixedSizeBinary,
  Float32,
  Float64,
  Int8,
  Int32,
  Int64,
  LargeUtf8,
  List,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { BSON, type Document } from 'mongodb';
import { Schema as DeclaredSchema } from '../lib/index.js';
import { columnwiseBatch, planColumns } from '../lib/pipeline/write-columns.js';
import { encodeBatch, writeEncoder } from '../lib/pipeline/write-encode.js';
import { planWrite } from '../lib/pipeline/write-options.js';

type Column = readonly [name: string, data: Data, metadata?: Record<string, string>];

function fieldOf([name, data, metadata]: Column): Field {
  return new Field(name, data.type, true, new Map(Object.entries(metadata ?? {})));
}

function structOf(columns: readonly Column[], nullBitmap?: Uint8Array): Data<Struct> {
  const length = columns[0]?.[1].length ?? 0;
  const nullCount = nullBitmap ? length - [...Array(length).keys()].filter((i) => isSet(nullBitmap, i)).length : 0;
  return makeData({
    type: new Struct(columns.map(fieldOf)),
    length,
    nullCount,
    ...(nullBitmap && { nullBitmap }),
    children: columns.map(([, data]) => data),
  });
}

function isSet(bitmap: Uint8Array, i: number): boolean {
  return (((bitmap[i >> 3] as number) >> (i & 7)) & 1) === 1;
}

function batchOf(columns: readonly Column[]): RecordBatch {
  return new RecordBatch(new Schema(columns.map(fieldOf)), structOf(columns));
}

const data = <T extends Data['type']>(values: unknown[], type: T): Data =>
  vectorFromArray(values, type as never).data[0] as Data;

const big = (type: Int64 | Uint64 | TimestampSecond, values: bigint[], nullBitmap?: Uint8Array): Data =>
  makeData({
    type: type as Int64,
    length: values.length,
    nullCount: nullBitmap ? values.filter((_, i) => !isSet(nullBitmap, i)).length : 0,
    ...(nullBitmap && { nullBitmap }),
    data: type instanceof Uint64 ? (BigUint64Array.from(values) as never) : BigInt64Array.from(values),
  });

/** Both paths on one batch: the same bytes per document, the same failed rows, true sizes. */
async function assertSamePaths(batch: RecordBatch, options: Parameters<typeof planWrite>[0] = {}): Promise<void> {
  const plan = planWrite(options, 'test');
  const columns = planColumns(batch, plan.schema);
  assert.ok(columns, 'the column-wise path takes this batch');
  const ours = columnwiseBatch(columns, batch, 100, plan.nulls === 'null');
  const rust = await encodeBatch(writeEncoder(plan), batch, 100);
  assert.deepEqual(
    ours.failures.map((f) => [f.row, f.code]),
    rust.failures.map((f) => [f.row, f.code]),
  );
  assert.deepEqual([...ours.rows], [...rust.rows]);
  // As the write's commands serialize them: a field left `undefined` is left out.
  const asCommands = { ignoreUndefined: true };
  const bytes = (d: Document) => Buffer.from(BSON.serialize(d, asCommands)).toString('hex');
  assert.deepEqual(ours.documents.map(bytes), rust.documents.map(bytes));
  assert.deepEqual(
    [...ours.sizes],
    ours.documents.map((d) => BSON.calculateObjectSize(d, asCommands)),
  );
}

const ids = ['00000000000000000000000a', '0123456789abcdefABCDEF01', null, 'ffffffffffffffffffffffff'];

describe('column-wise write path', () => {
  for (const nulls of ['omit', 'null'] as const) {
    it(`writes numbers, booleans, datetimes and text as the Rust encoder does (nulls: '${nulls}')`, async () => {
      const columns: Column[] = [
        ['i8', data([1, -128, null, 127], new Int8())],
        ['i32', data([0, -2147483648, 2147483647, null], new Int32())],
        ['u32', data([0, 4294967295, null, 7], new Uint32())],
        ['i64', big(new Int64(), [0n, -(2n ** 63n), 2n ** 63n - 1n, 5n])],
        ['u64', big(new Uint64(), [0n, 1n, 2n ** 63n - 1n, 9n])],
        ['f64', data([1.5, 2, -0, Number.NaN], new Float64())],
        ['f64b', data([Infinity, -Infinity, 2 ** 40, null], new Float64())],
        ['f32', data([0.25, 3, null, -1], new Float32())],
        ['b', data([true, false, null, true], new Bool())],
        ['s', data(['a', 'héllo ✓ 日本', '', null], new Utf8())],
        ['ls', data(['x', null, 'long '.repeat(50), 'z'], new LargeUtf8())],
        ['ms', big(new TimestampMillisecond('UTC') as never, [0n, -1n, 1_700_000_000_123n, 8_640_000_000_000_000n])],
        ['s_', big(new TimestampSecond() as never, [0n, -1n, 1_700_000_000n, 5n])],
        ['us', big(new TimestampMicrosecond() as never, [1n, -1n, -1_500n, 1_700_000_000_123_456n])],
        ['ns', big(new TimestampNanosecond('Europe/Paris') as never, [1n, -1n, -1_000_001n, 7n])],
        ['d32', data([new Date(0), new Date(-86_400_000), null, new Date(86_400_000 * 20_000)], new DateDay())],
        ['d64', data([new Date(5), null, new Date(-5), new Date(1e12)], new DateMillisecond())],
        ['nothing', makeData({ type: new Null(), length: 4, nullCount: 4 })],
        ['oid', data(ids, new Utf8()), { 'mongodb-arrow.bson_type': 'objectId' }],
        [
          'raw_oid',
          makeData({ type: new FixedSizeBinary(12), length: 4, data: Uint8Array.from({ length: 48 }, (_, i) => i) }),
          { 'ARROW:extension:name': 'pymongoarrow.objectid' },
        ],
      ];
      await assertSamePaths(batchOf(columns), { nulls });
      // A sliced Null column loses its null count in apache-arrow's IPC writer, which the Rust path then refuses.
      const sliced = batchOf(columns.filter(([name]) => name !== 'nothing')).slice(1, 3);
      await assertSamePaths(sliced, { nulls });
    });

    it(`writes structs, null structs and nested structs (nulls: '${nulls}')`, async () => {
      const inner = structOf([['deep', data([1, null, 3, 4], new Float64())]], Uint8Array.of(0b1011));
      const sub = structOf(
        [
          ['a', data([1, 2, 3, null], new Int32())],
          ['name.with.dots', data(['p', null, 'r', 's'], new Utf8())],
          ['inner', inner],
        ],
        Uint8Array.of(0b1101),
      );
      const batch = batchOf([
        ['x', data([1, 2, 3, 4], new Int32())],
        ['sub', sub],
      ]);
      await assertSamePaths(batch, { nulls });
      await assertSamePaths(batch.slice(1), { nulls });
    });
  }

  it('fails the rows the Rust encoder fails: bad ObjectId hex, dates beyond a JS Date, uint64 beyond int64', async () => {
    const batch = batchOf([
      [
        '_id',
        data(['00000000000000000000000a', 'not hex', 'zz'.repeat(12), '0'.repeat(24), '1'.repeat(24)], new Utf8()),
      ],
      ['at', big(new TimestampMillisecond() as never, [0n, 0n, 0n, 9_000_000_000_000_000n, 0n])],
      ['n', big(new Uint64(), [1n, 2n, 3n, 4n, 2n ** 63n])],
      ['sub', structOf([['s', big(new TimestampSecond() as never, [0n, 0n, 0n, 0n, -(2n ** 62n)])]])],
    ]);
    await assertSamePaths(batch, { objectIdFields: ['_id'] });
    const plan = planWrite({ objectIdFields: ['_id'] }, 'test');
    const ours = columnwiseBatch(planColumns(batch, plan.schema) as never, batch, 0, false);
    assert.match(ours.failures[0]?.message ?? '', /field '_id' in row 1: "not hex" is not a 24-digit hex ObjectId/);
    assert.match(ours.failures[3]?.message ?? '', /field 'n' in row 4/);
  });

  it('leaves to the Rust path what it does not cover', () => {
    const list = data([[1], [2, 3]], new List(new Field('item', new Int32(), true)));
    const plan = (columns: Column[], declared?: DeclaredSchema) => planColumns(batchOf(columns), declared);
    assert.equal(plan([['l', list]]), undefined);
    assert.equal(plan([['b', data([new Uint8Array(2), null], new Binary())]]), undefined);
    assert.equal(
      plan([['d', data(['1.5', null], new Utf8()), { 'mongodb-arrow.bson_type': 'decimal128' }]]),
      undefined,
    );
    assert.equal(plan([['__proto__', data([1, 2], new Int32())]]), undefined);
    assert.equal(plan([['x', data([1, 2], new Int32())]], new DeclaredSchema({ x: 'int64' })), undefined);
    assert.ok(plan([['x', data([1, 2], new Int32())]]));
  });
});

describe('the Rust path on sliced batches', () => {
  it('encodes a slice with Null columns, top-level and nested, as the rows of the whole batch', async () => {
    // apache-arrow's slice leaves a Null column's null count unknown (-1),
    // which its IPC writer writes as is; the native reader refuses that.
    const rows = 10;
    const nulls = () => makeData({ type: new Null(), length: rows, nullCount: rows });
    const batch = batchOf([
      ['a', nulls()],
      [
        's',
        structOf([
          ['z', nulls()],
          ['n', data([...Array(rows).keys()], new Int32())],
        ]),
      ],
      [
        'l',
        data(
          [...Array(rows).keys()].map((i) => [i]),
          new List(new Field('item', new Int32(), true)),
        ),
      ],
    ]);
    const slice = batch.slice(4, 8);
    assert.equal(slice.data.children[0]?.nullCount, -1, 'the slice still has the unknown count this guards against');
    const plan = planWrite({}, 'test');
    const whole = await encodeBatch(writeEncoder(plan), batch, 0);
    const part = await encodeBatch(writeEncoder(plan), slice, 4);
    assert.deepEqual(part.failures, []);
    assert.deepEqual([...part.rows], [4, 5, 6, 7]);
    const bytes = (d: Document) => Buffer.from(BSON.serialize(d)).toString('hex');
    assert.deepEqual(part.documents.map(bytes), whole.documents.slice(4, 8).map(bytes));
    assert.equal(part.documents.length, 4);
  });
});
