import { type Data, type Table, Type, type Vector } from 'apache-arrow';
import type { Collection, Document, Filter } from 'mongodb';
import type { AggregateArrowOptions, FindArrowOptions } from '../pipeline/read-options.js';
import { attachReport, readReport } from '../pipeline/report.js';
import { prepareAggregate, prepareFind, readTable } from './read.js';

/**
 * One column as a typed array of its values, where Arrow stores them that way:
 *
 * | Arrow type (schema type) | array | values |
 * |---|---|---|
 * | Float64 (`double`) | `Float64Array` | the numbers |
 * | Int32 (`int32`) | `Int32Array` | the numbers |
 * | Int64 (`int64`) | `BigInt64Array` | the numbers |
 * | Timestamp (`date`) | `BigInt64Array` | the raw int64 timestamps in the field's unit: milliseconds since the epoch for `date`. Exact also outside the JS `Date` range; `Number(x)` or `new Date(Number(x))` to convert |
 * | Bool (`bool`) | `Uint8Array` | 1 for true, 0 for false (one byte per row, like NumPy's `bool_`) |
 * | other Int / Float widths | the matching typed array | the numbers |
 *
 * At null rows the value is unspecified (the decoder writes 0): read {@link Columns.validity}.
 */
export type TypedColumn =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/**
 * A column of any other type (strings, ObjectId hex, binary, decimals, nested
 * documents, arrays, maps) as a plain JS array: strings, `Uint8Array`s, plain
 * objects for documents, plain arrays for lists, and `null` at null rows. A
 * map row is a plain object of key → value (`null` for a null value), built
 * with `Object.fromEntries`, so a key stored twice keeps its last value and
 * integer-like keys enumerate first, as in any JS object.
 */
export type PlainColumn = unknown[];

/** A column of {@link Columns}: a {@link TypedColumn} where Arrow's layout allows one, else a {@link PlainColumn}. */
export type Column = TypedColumn | PlainColumn;

/**
 * A table as separate columns, the analog of PyMongoArrow's NumPy output.
 * Typed arrays share memory with the Arrow table's buffers (no copy) when the
 * table has a single record batch and the type's layout matches (numbers and
 * timestamps); booleans (bit-packed in Arrow) and multi-batch tables are copied.
 */
export interface Columns {
  /** Rows in every column. */
  readonly length: number;
  /** Each column by field name, in the table's field order (an object without a prototype: names are data). */
  readonly columns: Readonly<Record<string, Column>>;
  /**
   * For each column with at least one null: one byte per row, 1 where the
   * value is present and 0 where it is null (BSON null or a missing field).
   * `undefined` for a column without nulls. Also without a prototype.
   */
  readonly validity: Readonly<Record<string, Uint8Array | undefined>>;
}

type TypedArrayConstructor = {
  new (length: number): TypedColumn;
  readonly name: string;
};

/** The typed array holding a fixed-width numeric Arrow type's values, one element per row. */
function typedArrayOf(type: { typeId: Type; bitWidth?: number; isSigned?: boolean; precision?: number }) {
  switch (type.typeId) {
    case Type.Float:
      // Precision 0 is half float, stored as raw Uint16 bits: not the numbers, so no typed column.
      if (type.precision === 2) return Float64Array;
      if (type.precision === 1) return Float32Array;
      return undefined;
    case Type.Int: {
      const signed = type.isSigned !== false;
      switch (type.bitWidth) {
        case 8:
          return signed ? Int8Array : Uint8Array;
        case 16:
          return signed ? Int16Array : Uint16Array;
        case 32:
          return signed ? Int32Array : Uint32Array;
        case 64:
          return signed ? BigInt64Array : BigUint64Array;
        default:
          return undefined;
      }
    }
    case Type.Timestamp:
      return BigInt64Array;
    default:
      return undefined;
  }
}

/** A chunk's values as a view (same `.buffer`) of exactly its rows, when Arrow holds them as `Ctor`. */
function valuesView(data: Data, Ctor: TypedArrayConstructor): TypedColumn | undefined {
  const values: unknown = data.values;
  if (!(values instanceof Ctor) || (data.stride ?? 1) !== 1) return undefined;
  // apache-arrow already offsets `values` for sliced data; trim any padding after the rows.
  return (values as TypedColumn).subarray(0, data.length);
}

function typedColumn(vector: Vector, Ctor: TypedArrayConstructor): TypedColumn | undefined {
  const chunks = vector.data.map((data) => valuesView(data, Ctor));
  if (chunks.some((chunk) => chunk === undefined)) return undefined;
  const views = chunks as TypedColumn[];
  if (views.length === 1) return views[0];
  const out = new Ctor(vector.length);
  let at = 0;
  for (const view of views) {
    // Each `set` stays within one array kind (bigint or number): `out` and `view` share `Ctor`.
    (out as Float64Array).set(view as Float64Array, at);
    at += view.length;
  }
  return out;
}

function boolColumn(vector: Vector): Uint8Array {
  const out = new Uint8Array(vector.length);
  let row = 0;
  for (const value of vector) out[row++] = value ? 1 : 0;
  return out;
}

/** One byte per row from Arrow's validity bitmaps, or `undefined` when nothing is null. */
function validityOf(vector: Vector): Uint8Array | undefined {
  if (vector.nullCount === 0) return undefined;
  const out = new Uint8Array(vector.length);
  let row = 0;
  for (const data of vector.data) {
    for (let i = 0; i < data.length; i++) out[row++] = data.getValid(i) ? 1 : 0;
  }
  return out;
}

/** apache-arrow's row of a Map, recognised by shape (its keys vector), for any apache-arrow copy. */
function isMapRow(value: object): value is Iterable<[unknown, unknown]> {
  const row = value as { [key: symbol]: unknown };
  return row[Symbol.for('keys')] !== undefined && typeof row[Symbol.iterator] === 'function';
}

/** apache-arrow's row of a Struct, recognised by shape (its parent data), for any apache-arrow copy. */
function isStructRow(value: object): value is Iterable<[string, unknown]> {
  const row = value as { [key: symbol]: unknown };
  return row[Symbol.for('parent')] !== undefined && typeof row[Symbol.iterator] === 'function';
}

/** apache-arrow's nested values (list vectors, struct rows, map rows) as plain arrays and objects. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof Date) return value;
  // Not through MapRow's own toJSON, whose assignments would treat a "__proto__" key as the prototype.
  if (isMapRow(value)) return Object.fromEntries(Array.from(value, ([key, inner]) => [key, plain(inner)]));
  const candidate = value as { type?: unknown; data?: unknown; toJSON?: () => unknown };
  if (candidate.type !== undefined && Array.isArray(candidate.data) && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>, plain);
  }
  if (isStructRow(value)) {
    // Its entries, not its toJSON, which assigns and so loses a field named "__proto__".
    return Object.fromEntries(Array.from(value, ([key, inner]) => [key, plain(inner)]));
  }
  if (typeof candidate.toJSON === 'function') {
    const json = candidate.toJSON();
    if (json === null || typeof json !== 'object') return json;
    return Object.fromEntries(Object.entries(json).map(([key, inner]) => [key, plain(inner)]));
  }
  return value;
}

function toColumn(vector: Vector): Column {
  const type = vector.type as { typeId: Type };
  if (type.typeId === Type.Bool) return boolColumn(vector);
  const Ctor = typedArrayOf(type);
  const typed = Ctor && typedColumn(vector, Ctor);
  return typed ?? Array.from(vector as Iterable<unknown>, plain);
}

/**
 * Splits an Arrow table into {@link Columns}: numbers and timestamps as typed
 * arrays (views of the table's memory when it has one record batch), booleans
 * as bytes, everything else as plain JS arrays, plus validity for columns with nulls.
 *
 * @example
 * ```ts
 * const { columns, validity, length } = tableToColumns(await findArrow(trades, {}, { schema }));
 * const price = columns.price as Float64Array;
 * let sum = 0;
 * for (let i = 0; i < length; i++) if (validity.price?.[i] !== 0) sum += price[i] ?? 0;
 * ```
 */
export function tableToColumns(table: Table): Columns {
  // Keyed by field names, which are data: without a prototype, a column named
  // "__proto__" is a column (not the object's prototype) and one named
  // "constructor" or "toString" is not shadowed by Object.prototype's.
  const columns: Record<string, Column> = Object.create(null);
  const validity: Record<string, Uint8Array | undefined> = Object.create(null);
  table.schema.fields.forEach((field, index) => {
    const vector = table.getChildAt(index);
    if (!vector) return;
    columns[field.name] = toColumn(vector);
    validity[field.name] = validityOf(vector);
  });
  return attachReport({ length: table.numRows, columns, validity }, readReport(table));
}

/**
 * Runs `find` and returns the result as {@link Columns}: the NumPy analog,
 * e.g. `{ price: Float64Array, qty: Int32Array, at: BigInt64Array }`. Same
 * filter and options as `findArrow`.
 *
 * @example
 * ```ts
 * const { columns, validity } = await findColumns(trades, { venue: 'XNYS' }, {
 *   schema: { price: 'double', qty: 'int32', at: 'date' },
 * });
 * columns.price; // Float64Array, a view of the Arrow buffer
 * validity.qty;  // Uint8Array (1 = present) when some qty is null, else undefined
 * ```
 */
export async function findColumns<T extends Document>(
  collection: Collection<T>,
  filter?: Filter<T>,
  options?: FindArrowOptions,
): Promise<Columns> {
  return tableToColumns(await readTable(prepareFind(collection, filter, options, 'findColumns', 'table')));
}

/**
 * Runs an aggregation pipeline and returns the result as {@link Columns}.
 * Same pipeline and options as `aggregateArrow`.
 *
 * @example
 * ```ts
 * const { columns } = await aggregateColumns(trades, [{ $group: { _id: '$sku', total: { $sum: '$qty' } } }], {
 *   schema: { _id: 'string', total: 'int64' },
 * });
 * columns.total; // BigInt64Array
 * ```
 */
export async function aggregateColumns<T extends Document>(
  collection: Collection<T>,
  pipeline: readonly Document[],
  options?: AggregateArrowOptions,
): Promise<Columns> {
  return tableToColumns(await readTable(prepareAggregate(collection, pipeline, options, 'aggregateColumns', 'table')));
}
