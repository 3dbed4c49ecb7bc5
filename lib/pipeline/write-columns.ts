import { type Data, type Field, type RecordBatch, Type } from 'apache-arrow';
import type { Document } from 'mongodb';
import type { WriteFailure } from '../errors/write-result.js';
import type { Schema } from '../schema/schema.js';
import { type FillContext, type Filler, type ScalarKind, scalarFiller, structValid } from './write-column-fill.js';
import type { EncodedBatch } from './write-encode.js';

/**
 * The column-wise write path: a record batch's documents built straight
 * from its Arrow buffers, one column at a time, for the types that are most
 * of real tables (numbers, booleans, datetimes, strings, ObjectIds, structs).
 * The driver takes only JS objects and serializes them itself, so the
 * objects it gets are all that matters; building them here costs less than
 * encoding BSON in Rust and deserializing it again (profile in
 * bench/results/write-2026-12-01-fast.md). A batch with any other column
 * (lists, maps, binary, decimals, dictionaries, regex, code, …) or a declared
 * type other than `objectId` goes the Rust way (write-encode.ts), which
 * covers every type: {@link planColumns} says which.
 */

/** How one field is written: a scalar filler, or a struct's fields. */
type FieldPlan =
  | { readonly key: string; readonly fill: Filler }
  | { readonly key: string; readonly fields: readonly FieldPlan[] };

/** How a batch of one schema is written column-wise. */
export interface ColumnPlan {
  readonly fields: readonly FieldPlan[];
}

const EXTENSION_NAME = 'ARROW:extension:name';
const BSON_TYPE_KEY = 'mongodb-arrow.bson_type';

/**
 * The column-wise plan of a batch's schema, or `undefined` when a column
 * needs the Rust encoder. `declared`: the write's declared types; only
 * top-level `objectId` ones are taken here.
 */
export function planColumns(batch: RecordBatch, declared: Schema | undefined): ColumnPlan | undefined {
  const hints = new Map<string, unknown>();
  for (const field of declared?.fields ?? []) {
    if (field.type !== 'objectId') return undefined;
    hints.set(field.name, field.type);
  }
  const fields = planFields(batch.schema.fields, hints);
  return fields && { fields };
}

function planFields(fields: readonly Field[], hints: ReadonlyMap<string, unknown>): FieldPlan[] | undefined {
  const plans: FieldPlan[] = [];
  for (const field of fields) {
    // A NUL cannot be in a BSON key, and `__proto__` would set a prototype: the Rust path handles both.
    if (field.name.includes('\0') || field.name === '__proto__') return undefined;
    const plan = planField(field, hints.has(field.name));
    if (!plan) return undefined;
    plans.push(plan);
  }
  return plans;
}

function planField(field: Field, objectId: boolean): FieldPlan | undefined {
  const key = field.name;
  const type = field.type as { typeId: number; bitWidth?: number; isSigned?: boolean; precision?: number };
  const extension = field.metadata.get(EXTENSION_NAME);
  const tag = field.metadata.get(BSON_TYPE_KEY);
  const scalar = (kind: ScalarKind | undefined): FieldPlan | undefined =>
    kind === undefined ? undefined : { key, fill: scalarFiller(kind) };
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      if (extension !== undefined) return undefined;
      if (objectId || tag === 'objectId') return scalar('objectIdHex');
      return scalar(tag === undefined ? 'string' : undefined);
    case Type.FixedSizeBinary:
      if ((type as { byteWidth?: number }).byteWidth !== 12) return undefined;
      return scalar(objectId || extension === 'pymongoarrow.objectid' ? 'objectIdBytes' : undefined);
    case Type.Struct: {
      if (objectId || extension !== undefined) return undefined;
      const fields = planFields((field.type as { children: Field[] }).children, new Map());
      return fields && { key, fields };
    }
  }
  // Fixed-width types: the Arrow type alone decides, as in the Rust encoder.
  if (objectId) return undefined;
  switch (type.typeId) {
    case Type.Null:
      return { key, fill: fillNull };
    case Type.Bool:
      return scalar('bool');
    case Type.Int:
      return scalar(intKind(type.bitWidth ?? 0, type.isSigned ?? true));
    case Type.Float:
      // Float16 has no BSON form: the Rust path refuses it, naming the column.
      return scalar(type.precision === 0 ? undefined : 'double');
    case Type.Timestamp:
      return scalar('timestamp');
    case Type.Date:
      // DateUnit.MILLISECOND is 1, the timestamp filler's millisecond unit.
      return scalar((field.type as { unit: number }).unit === 0 ? 'date32' : 'timestamp');
    default:
      return undefined;
  }
}

function intKind(bitWidth: number, signed: boolean): ScalarKind {
  if (bitWidth === 64) return signed ? 'int64' : 'uint64';
  if (bitWidth === 32 && !signed) return 'uint32';
  return 'int32';
}

/** A `Null` column: every value is null. */
const fillNull: Filler = (targets, key, data, cx) => {
  if (!cx.writeNulls) return;
  const element = 2 + Buffer.byteLength(key);
  for (let i = 0; i < data.length; i++) {
    const target = targets[i];
    if (target === undefined) continue;
    target[key] = null;
    cx.sizes[i] = (cx.sizes[i] as number) + element;
  }
};

/**
 * The documents of `batch` (whose first row is input row `firstRow`),
 * built column by column; a row with a value that cannot be written fails
 * alone (`INVALID_VALUE`, the Rust encoder's message), the others are kept.
 */
export function columnwiseBatch(
  plan: ColumnPlan,
  batch: RecordBatch,
  firstRow: number,
  writeNulls: boolean,
): EncodedBatch {
  const count = batch.numRows;
  const all: Document[] = new Array(count);
  for (let i = 0; i < count; i++) all[i] = {};
  // A document's own framing: its length (4 bytes) and the trailing NUL.
  const sizes = new Int32Array(count).fill(5);
  const failures = new Map<number, WriteFailure>();
  const cx: FillContext = {
    writeNulls,
    sizes,
    fail: (row, path, message) => {
      if (failures.has(row)) return; // like the Rust encoder, the first bad value of a row is the one reported
      failures.set(row, {
        row: firstRow + row,
        code: 'INVALID_VALUE',
        message: `cannot encode field '${path}' in row ${row}: ${message}`,
      });
    },
  };
  fillDocuments(plan.fields, all, batch.data.children as Data[], cx);
  if (failures.size === 0) {
    const rows = new Int32Array(count);
    for (let i = 0; i < count; i++) rows[i] = firstRow + i;
    return { documents: all, rows, sizes, failures: [] };
  }
  const kept = count - failures.size;
  const documents: Document[] = new Array(kept);
  const rows = new Int32Array(kept);
  const keptSizes = new Int32Array(kept);
  for (let i = 0, next = 0; i < count; i++) {
    if (failures.has(i)) continue;
    documents[next] = all[i] as Document;
    rows[next] = firstRow + i;
    keptSizes[next++] = sizes[i] as number;
  }
  const failed = [...failures.values()].sort((a, b) => a.row - b.row);
  return { documents, rows, sizes: keptSizes, failures: failed };
}

/** Fills the fields of `targets` (one per row; `undefined`: no document there) from the column data of their struct. */
function fillDocuments(
  fields: readonly FieldPlan[],
  targets: readonly (Document | undefined)[],
  columns: readonly Data[],
  cx: FillContext,
): void {
  fields.forEach((field, j) => {
    const data = columns[j] as Data;
    if ('fill' in field) {
      field.fill(targets, field.key, data, cx);
      return;
    }
    // A struct: its documents go into their parents first, so keys keep schema order.
    const { key } = field;
    const element = 2 + Buffer.byteLength(key) + 5;
    const subs: (Document | undefined)[] = new Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const target = targets[i];
      if (target === undefined) continue;
      if (!structValid(data, i)) {
        if (cx.writeNulls) {
          target[key] = null;
          cx.sizes[i] = (cx.sizes[i] as number) + element - 5;
        }
        continue;
      }
      const sub: Document = {};
      target[key] = sub;
      subs[i] = sub;
      cx.sizes[i] = (cx.sizes[i] as number) + element;
    }
    const inner: FillContext = {
      writeNulls: cx.writeNulls,
      sizes: cx.sizes,
      fail: (row, path, message) => cx.fail(row, `${key}.${path}`, message),
    };
    fillDocuments(field.fields, subs, data.children as Data[], inner);
  });
}
