/**
 * How a table cell is compared with the driver's value of the same field.
 *
 * The driver's value (read with `promoteValues: false`, so int32, int64 and
 * double keep their types) is the reference. A cell is:
 * - "equal": the same value in the representation the library documents:
 *   ObjectId as 24 hex digits (ours) or 12 bytes tagged `pymongoarrow.objectid`;
 *   dates as epoch ms; int64 as bigint; numbers compared by exact value, so an
 *   int32 5 in a double column is equal; Decimal128 as its exact text or 16
 *   tagged bytes; binary as its bytes (subtype 4 also as a UUID string); regex
 *   as {pattern, options}; timestamp as {t, i}; MinKey/MaxKey as Extended JSON;
 *   documents field by field (fields the document lacks must be null); lists item by item;
 * - "as text": a text cell holding a plain rendering of the value (the string
 *   itself, `String(number)`, a double as `1.0`, relaxed or canonical Extended JSON);
 * - "null": the value is lost (null cell);
 * - "partly null": a document or list in which some part was lost;
 * - "differs": anything else (a different value, or a value where the driver has none).
 */
import { type DataType, Type, type Vector } from 'apache-arrow';
import {
  Binary,
  BSON,
  BSONRegExp,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'mongodb';

const { EJSON } = BSON;

export type Verdict = 'equal' | 'as text' | 'null' | 'partly null' | 'differs';
/** A cell as plain JS: null, number, bigint, string, boolean, bytes, arrays and objects of cells. */
export type Cell = null | number | bigint | string | boolean | Uint8Array | Cell[] | { [key: string]: Cell };

interface FieldLike {
  readonly type: DataType;
  readonly metadata: Map<string, string>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The cell at `row` of a column, as plain JS (extension types decoded to the representations above). */
export function cellAt(vector: Vector, field: FieldLike, row: number): Cell {
  return plain(vector.get(row), field);
}

function plain(value: unknown, field: FieldLike): Cell {
  if (value === null || value === undefined) return null;
  const extension = field.metadata.get('ARROW:extension:name');
  const { type } = field;
  if (extension === 'pymongoarrow.objectid') return hex(value as Uint8Array);
  if (extension === 'pymongoarrow.decimal128') return new Decimal128(Buffer.from(value as Uint8Array)).toString();
  switch (type.typeId) {
    case Type.Struct: {
      const row = value as Record<string, unknown>;
      return Object.fromEntries(type.children.map((child) => [child.name, plain(row[child.name], child)]));
    }
    case Type.List:
    case Type.FixedSizeList: {
      const items = value as Vector;
      const child = type.children[0] as unknown as FieldLike;
      return Array.from({ length: items.length }, (_, k) => plain(items.get(k), child));
    }
    case Type.Map: {
      const entries = [...(value as Iterable<[string, unknown]>)];
      const child = type.children[0]?.type.children[1] as unknown as FieldLike;
      return Object.fromEntries(entries.map(([k, v]) => [k, plain(v, child)]));
    }
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return Uint8Array.from(value as Uint8Array);
    case Type.Timestamp:
    case Type.Date:
      return Number(value);
    default:
      return value as Cell;
  }
}

/** The BSON type name of a driver value, for "what the driver has". */
export function bsonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag === 'Binary') return `binary(${(value as Binary).sub_type})`;
  if (tag) return tag.toLowerCase();
  return typeof value === 'object' ? 'document' : typeof value;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

const RANK: Record<Verdict, number> = { equal: 0, 'as text': 1, 'partly null': 2, null: 3, differs: 4 };

/** The worse of the parts' verdicts, a whole value lost inside a larger one being "partly null". */
function combine(parts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'equal';
  for (const part of parts) {
    const v = part === 'null' ? 'partly null' : part;
    if (RANK[v] > RANK[worst]) worst = v;
  }
  return worst;
}

function numeric(value: unknown): number | bigint | undefined {
  if (value instanceof Int32 || value instanceof Double) return value.valueOf();
  // A Timestamp is a Long in js-bson, but not a number.
  if (value instanceof Long && !(value instanceof Timestamp)) return value.toBigInt();
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  return undefined;
}

function sameNumber(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return Object.is(a, b) || (typeof a === 'bigint' && a === b);
  const [n, big] = (typeof a === 'number' ? [a, b] : [b, a]) as [number, bigint];
  return Number.isInteger(n) && BigInt(n) === big;
}

function uuidText(bytes: Uint8Array): string {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Plain renderings of a driver value that count as "as text". */
export function renderings(value: unknown): string[] {
  const out = [EJSON.stringify(value, { relaxed: true }), EJSON.stringify(value, { relaxed: false })];
  const n = numeric(value);
  if (n !== undefined) out.push(String(n), String(n).replace('e+', 'e'));
  // A double as Rust and Python print it: 1.0, 1e300.
  if (value instanceof Double && Number.isInteger(n) && Math.abs(value.value) < 1e16) out.push(value.value.toFixed(1));
  if (value instanceof ObjectId) out.push(value.toHexString());
  if (value instanceof Date) out.push(value.toISOString());
  if (typeof value === 'boolean') out.push(String(value));
  return out;
}

/** How `cell` compares with the driver's `value` (see the file comment). */
export function compareCell(value: unknown, cell: Cell): Verdict {
  if (value === null || value === undefined) return cell === null ? 'equal' : 'differs';
  if (cell === null) return 'null';
  const exact = compareExact(value, cell);
  if (exact !== 'differs') return exact;
  return typeof cell === 'string' && renderings(value).includes(cell) ? 'as text' : 'differs';
}

function compareExact(value: unknown, cell: Cell): Verdict {
  const n = numeric(value);
  if (n !== undefined) {
    const c = typeof cell === 'number' || typeof cell === 'bigint' ? cell : undefined;
    return c !== undefined && sameNumber(n, c) ? 'equal' : 'differs';
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value === cell ? 'equal' : 'differs';
  if (value instanceof ObjectId) return cell === value.toHexString() ? 'equal' : 'differs';
  if (value instanceof Date) return typeof cell === 'number' && cell === value.getTime() ? 'equal' : 'differs';
  if (value instanceof Decimal128) return cell === value.toString() ? 'equal' : 'differs';
  if (value instanceof Code) return cell === value.code && value.scope == null ? 'equal' : 'differs';
  if (value instanceof MinKey || value instanceof MaxKey) return cell === EJSON.stringify(value) ? 'equal' : 'differs';
  if (value instanceof Binary) {
    const bytes = value.buffer.subarray(0, value.position);
    if (cell instanceof Uint8Array) return hex(cell) === hex(bytes) ? 'equal' : 'differs';
    return value.sub_type === 4 && cell === uuidText(bytes) ? 'equal' : 'differs';
  }
  if (value instanceof BSONRegExp) return compareExact({ pattern: value.pattern, options: value.options }, cell);
  if (value instanceof Timestamp) return compareExact({ t: new Long(value.t), i: new Long(value.i) }, cell);
  if (Array.isArray(value)) {
    if (!Array.isArray(cell)) return 'differs';
    if (cell.length !== value.length) return 'differs';
    return combine(value.map((item, k) => compareCell(item, cell[k] ?? null)));
  }
  if (isObject(value) && !('_bsontype' in value)) {
    if (!isObject(cell)) return 'differs';
    const parts = Object.entries(value).map(([k, v]) => (k in cell ? compareCell(v, cell[k] ?? null) : 'null'));
    for (const [k, c] of Object.entries(cell)) if (!(k in value) && c !== null) parts.push('differs');
    return combine(parts);
  }
  return 'differs';
}

/** A short display of a value or cell for the report. */
export function show(value: unknown, limit = 60): string {
  let text: string;
  if (value === undefined) text = '(missing)';
  else if (value instanceof Uint8Array) text = `bytes(${hex(value).slice(0, 16)}${value.length > 8 ? '…' : ''})`;
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number') text = Object.is(value, -0) ? '-0' : String(value);
  else
    text = EJSON.stringify(value, (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), undefined, {
      relaxed: false,
    });
  const bare = text.replaceAll('|', '\\|').replaceAll('\n', '\\n');
  return bare.length > limit ? `${bare.slice(0, limit - 1)}…` : bare;
}
