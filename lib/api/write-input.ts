import {
  Bool,
  makeData,
  makeVector,
  type RecordBatch,
  Table,
  TimestampMillisecond,
  tableFromIPC,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import type { WriteSource } from '../pipeline/write-run.js';
import type { Schema } from '../schema/schema.js';
import type { Columns } from './columns.js';
import type { DataFrame } from './polars-types.js';

/** What {@link writeArrow} writes: Arrow data in any of the forms mongodb-arrow reads into. */
export type WriteInput = Table | RecordBatch | Iterable<RecordBatch> | AsyncIterable<RecordBatch> | DataFrame | Columns;

/** The input as record batches; `INVALID_ARGUMENT` for anything else, before anything is written. */
export function writeSource(input: WriteInput, schema: Schema | undefined, caller: string): WriteSource {
  const candidate = input as unknown as Record<string | symbol, unknown> | null;
  if (candidate === null || typeof candidate !== 'object') throw notData(input, caller);
  if (Array.isArray(candidate.batches) && candidate.schema) {
    return { batches: candidate.batches as RecordBatch[], known: true };
  }
  if (isRecordBatch(candidate)) return { batches: [candidate as unknown as RecordBatch], known: true };
  if (typeof candidate.writeIPCStream === 'function') {
    // A nodejs-polars DataFrame hands over its columns as one Arrow IPC stream (nothing of polars is loaded here).
    const ipc = (input as DataFrame).writeIPCStream();
    return { batches: tableFromIPC(ipc).batches, known: true };
  }
  if (typeof candidate.length === 'number' && isObject(candidate.columns) && isObject(candidate.validity)) {
    return { batches: columnsToTable(input as Columns, schema).batches, known: true };
  }
  if (Array.isArray(input)) {
    // An array is all at hand, like a table: checked before anything is written.
    const batches = [...checkedArray(input, caller)];
    return { batches, known: true };
  }
  const iterable = (candidate[Symbol.asyncIterator] ?? candidate[Symbol.iterator]) as unknown;
  if (typeof iterable === 'function') {
    return { batches: checkedBatches(input as AsyncIterable<RecordBatch>, caller), known: false };
  }
  throw notData(input, caller);
}

function* checkedArray(batches: readonly unknown[], caller: string): Generator<RecordBatch> {
  for (const [index, batch] of batches.entries()) {
    if (!isRecordBatch(batch as Record<string, unknown>)) throw notBatch(batch, index, caller);
    yield batch as RecordBatch;
  }
}

function notBatch(batch: unknown, index: number, caller: string): MongoArrowError {
  return new MongoArrowError(
    'INVALID_ARGUMENT',
    `${caller}: item ${index} of the iterable is not an Arrow RecordBatch (got ${describeValue(batch)})`,
  );
}

async function* checkedBatches(
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  caller: string,
): AsyncGenerator<RecordBatch> {
  let index = 0;
  for await (const batch of batches) {
    if (!isRecordBatch(batch as unknown as Record<string, unknown>)) throw notBatch(batch, index, caller);
    index++;
    yield batch;
  }
}

function isRecordBatch(value: Record<string | symbol, unknown> | null): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof value.numRows === 'number' &&
    isObject(value.schema) &&
    isObject(value.data) &&
    !('batches' in value)
  );
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function notData(input: unknown, caller: string): MongoArrowError {
  return new MongoArrowError(
    'INVALID_ARGUMENT',
    `${caller}: the data must be an Arrow Table or RecordBatch, an (async) iterable of RecordBatches, ` +
      `a nodejs-polars DataFrame or Columns (got ${describeValue(input)})`,
  );
}

/**
 * {@link Columns} as a table. Typed arrays say only their element type, so
 * the declared schema decides the two that share one: a `Uint8Array`
 * declared `bool` is booleans (else uint8), a `BigInt64Array` declared
 * `date` is milliseconds since the epoch (else int64). Plain arrays get the
 * type apache-arrow infers from their values.
 */
function columnsToTable({ length, columns, validity }: Columns, schema: Schema | undefined): Table {
  const declared = new Map(schema?.fields.map((f) => [f.name, f.type]));
  const vectors: Record<string, Vector> = {};
  for (const [name, column] of Object.entries(columns)) {
    if (column.length !== length) {
      throw new MongoArrowError(
        'INVALID_ARGUMENT',
        `Columns: column '${name}' has ${column.length} rows, not ${length}`,
      );
    }
    vectors[name] = ArrayBuffer.isView(column)
      ? typedVector(column, declared.get(name), validity[name])
      : vectorFromArray(column);
  }
  return new Table(vectors);
}

function typedVector(column: ArrayBufferView & { length: number }, declared: unknown, valid: Uint8Array | undefined) {
  const nullBitmap = valid && bitmapOf(valid);
  const nullCount = valid ? valid.length - valid.reduce((n, v) => n + (v ? 1 : 0), 0) : 0;
  const length = column.length;
  if (declared === 'bool' && column instanceof Uint8Array) {
    return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap, data: bitmapOf(column) }));
  }
  if (declared === 'date' && column instanceof BigInt64Array) {
    return makeVector(makeData({ type: new TimestampMillisecond('UTC'), length, nullCount, nullBitmap, data: column }));
  }
  const vector = makeVector(column as Int32Array);
  if (!nullBitmap) return vector;
  return makeVector(makeData({ type: vector.type, length, nullCount, nullBitmap, data: column as Int32Array }));
}

/** One byte per row (non-zero = set) as an Arrow bitmap. */
function bitmapOf(bytes: Uint8Array): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(bytes.length / 8));
  for (let i = 0; i < bytes.length; i++) if (bytes[i]) bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  return bitmap;
}
