import { type Data, type Field, type RecordBatch, Type } from 'apache-arrow';
import type { Document } from 'mongodb';
import type { WriteFailure } from '../errors/write-result.js';
import type { Schema } from '../schema/schema.js';
import { getterOf, type ScalarKind, type ValueReader } from './write-column-fill.js';
import type { EncodedBatch } from './write-encoded.js';

/**
 * The column-wise write path: a record batch's documents built straight
 * from its Arrow buffers through one pre-built getter per column, for the types that are most
 * of real tables (numbers, booleans, datetimes, strings, ObjectIds, structs).
 * The driver takes only JS objects and serializes them itself, so the
 * objects it gets are all that matters; building them here costs less than
 * encoding BSON in Rust and deserializing it again (profile in
 * bench/results/write-2026-12-01-fast.md). A batch with any other column
 * (lists, maps, binary, decimals, dictionaries, regex, code, …) or a declared
 * type other than `objectId` goes the Rust way (write-encode.ts), which
 * covers every type: {@link planColumns} says which.
 */

/** How one field is written: a scalar getter, all nulls, or a struct's fields. */
type FieldPlan =
  | { readonly key: string; readonly kind: ScalarKind }
  | { readonly key: string; readonly kind: 'null' }
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
    kind === undefined ? undefined : { key, kind };
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
      return { key, kind: 'null' };
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

/** One field of one batch: where its values and validity are, and the BSON size of its element header. */
interface BoundField {
  readonly key: string;
  /** Type byte, key and its NUL. */
  readonly element: number;
  /** `null`: no nulls in this batch. */
  readonly bitmap: Uint8Array | null;
  readonly offset: number;
  readonly allNull: boolean;
  readonly reader: ValueReader;
}

/** The fields of one document level in one batch, and the empty document they fill. */
interface Level {
  readonly fields: readonly BoundField[];
  /**
   * Every key of the level, `undefined`. Each row's document is a spread
   * copy: V8 copies the template's shape at once (CloneObjectIC) instead of
   * growing every document key by key; a key left `undefined` is left out
   * by js-bson under `ignoreUndefined`, which the write's commands set.
   */
  readonly template: Document;
}

/** Per batch: row sizes, failures and the null policy, shared by every level. */
interface RowState {
  size: number;
  readonly writeNulls: boolean;
}

function bindLevel(
  plans: readonly FieldPlan[],
  columns: readonly Data[],
  path: string,
  state: RowState,
  fail: (row: number, path: string, message: string) => void,
): Level {
  const template: Document = {};
  const fields = plans.map((plan, j): BoundField => {
    const data = columns[j] as Data;
    const fieldPath = path === '' ? plan.key : `${path}.${plan.key}`;
    template[plan.key] = undefined;
    const bitmap = data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length > 0 ? data.nullBitmap : null;
    const common = { key: plan.key, element: 2 + Buffer.byteLength(plan.key), bitmap, offset: data.offset };
    if ('fields' in plan) {
      const level = bindLevel(plan.fields, data.children as Data[], fieldPath, state, fail);
      return { ...common, allNull: false, reader: { get: (i) => buildDocument(level, i, state), width: 5 } };
    }
    if (plan.kind === 'null') return { ...common, allNull: true, reader: { get: () => null, width: 0 } };
    const reader = getterOf(plan.kind, data, (row, message) => fail(row, fieldPath, message));
    return { ...common, allNull: false, reader };
  });
  return { fields, template };
}

/** The document of row `i` of a level; its BSON size (bar its own 5 framing bytes) is added to `state.size`. */
function buildDocument(level: Level, i: number, state: RowState): Document {
  const doc: Document = { ...level.template };
  const { fields } = level;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f] as BoundField;
    const bitmap = field.bitmap;
    if (
      field.allNull ||
      (bitmap !== null && (((bitmap[(field.offset + i) >> 3] as number) >> ((field.offset + i) & 7)) & 1) === 0)
    ) {
      if (state.writeNulls) {
        doc[field.key] = null;
        state.size += field.element;
      }
      continue;
    }
    const { get, width } = field.reader;
    doc[field.key] = get(i);
    state.size += field.element + (typeof width === 'number' ? width : width(i));
  }
  return doc;
}

/**
 * The documents of `batch` (whose first row is input row `firstRow`),
 * row by row through one getter per column; a row with a value that cannot
 * be written fails alone (`INVALID_VALUE`, the Rust encoder's message), the
 * others are kept.
 */
export function columnwiseBatch(
  plan: ColumnPlan,
  batch: RecordBatch,
  firstRow: number,
  writeNulls: boolean,
): EncodedBatch {
  const count = batch.numRows;
  const failures = new Map<number, WriteFailure>();
  const fail = (row: number, path: string, message: string) => {
    if (failures.has(row)) return; // like the Rust encoder, the first bad value of a row is the one reported
    failures.set(row, {
      row: firstRow + row,
      code: 'INVALID_VALUE',
      message: `cannot encode field '${path}' in row ${row}: ${message}`,
    });
  };
  const state: RowState = { size: 0, writeNulls };
  const level = bindLevel(plan.fields, batch.data.children as Data[], '', state, fail);
  const documents: Document[] = [];
  const rows: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    // A document's own framing: its length (4 bytes) and the trailing NUL.
    state.size = 5;
    const doc = buildDocument(level, i, state);
    if (failures.size > 0 && failures.has(i)) continue;
    documents.push(doc);
    rows.push(firstRow + i);
    sizes.push(state.size);
  }
  const failed = [...failures.values()].sort((a, b) => a.row - b.row);
  return { documents, rows: Int32Array.from(rows), sizes: Int32Array.from(sizes), failures: failed };
}
