import { type Data, Type } from 'apache-arrow';
import { type Document, Double, ObjectId } from 'mongodb';

/**
 * Column fillers of the column-wise write path (write-columns.ts): each one
 * writes one Arrow column into the documents of its rows, reading the
 * column's typed arrays directly (no row proxies, no per-value type switch:
 * the switch runs once per column, in {@link fillerOf}). Every mapping here
 * is the Rust encoder's (crates/bson-arrow/src/encoder/select.rs), value for
 * value; a column it has no filler for sends the batch down the Rust path.
 */

/** Where a column's values go, shared by every column of one batch. */
export interface FillContext {
  /** A null field: left out, or written as BSON null. */
  readonly writeNulls: boolean;
  /** BSON bytes of each row so far (the driver's batch splitting needs them). */
  readonly sizes: Int32Array;
  /** Marks a row as not encodable, with the message the Rust encoder gives. */
  fail(row: number, path: string, message: string): void;
}

/**
 * Writes `key` of the documents in `targets` (one per row of `data`;
 * `undefined` for rows that get no value: under a null struct) and adds each
 * element's BSON size to its row.
 */
export type Filler = (targets: readonly (Document | undefined)[], key: string, data: Data, cx: FillContext) => void;

const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  NIBBLE[65 + c] = 10 + c;
  NIBBLE[97 + c] = 10 + c;
}
const JS_DATE_LIMIT_MS = 8_640_000_000_000_000;
const INT64_MAX = 2n ** 63n - 1n;

/** Whether row `i` of `data` holds a value. */
function validAt(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const at = data.offset + i;
  return ((bitmap[at >> 3] as number) & (1 << (at & 7))) !== 0;
}

/**
 * The loop every filler shares: `value(i)` for the rows with a value, null
 * handling for the others. `width(i)` is the BSON size of the value.
 */
function fillWith(
  targets: readonly (Document | undefined)[],
  key: string,
  data: Data,
  cx: FillContext,
  value: (i: number) => unknown,
  width: (i: number) => number,
): void {
  const element = 2 + Buffer.byteLength(key);
  const { sizes, writeNulls } = cx;
  const checkNulls = data.nullCount !== 0;
  for (let i = 0; i < data.length; i++) {
    const target = targets[i];
    if (target === undefined) continue;
    if (checkNulls && !validAt(data, i)) {
      if (writeNulls) {
        target[key] = null;
        sizes[i] = (sizes[i] as number) + element;
      }
      continue;
    }
    target[key] = value(i);
    sizes[i] = (sizes[i] as number) + element + width(i);
  }
}

const fixed = (bytes: number) => () => bytes;

function ints(data: Data): ArrayLike<number> {
  return data.values as ArrayLike<number>;
}

/** A JS Date from milliseconds, or a row failure beyond a Date's range (the driver would write the epoch). */
function dateOf(ms: number, row: number, key: string, cx: FillContext): Date | undefined {
  if (Math.abs(ms) > JS_DATE_LIMIT_MS) {
    cx.fail(
      row,
      key,
      `${ms} ms from the epoch is beyond the range of a JavaScript Date (±8.64e15 ms), which the driver writes datetimes from`,
    );
    return undefined;
  }
  return new Date(ms);
}

/** Milliseconds of a 64-bit timestamp value in `unit` (0 s, 1 ms, 2 µs, 3 ns), rounded towards −∞ like the Rust encoder. */
function millisOf(value: bigint, unit: number): number {
  if (unit === 1) return Number(value);
  if (unit === 0) return Number(value) * 1000;
  const per = unit === 2 ? 1000n : 1_000_000n;
  const q = value / per;
  return Number(value % per < 0n ? q - 1n : q);
}

const KINDS = {
  /** int8/16/32, uint8/16: plain numbers, which js-bson writes as int32. */
  int32: (targets, key, data, cx) => {
    const v = ints(data);
    fillWith(targets, key, data, cx, (i) => v[i], fixed(4));
  },
  /** uint32: int64, as a bigint. */
  uint32: (targets, key, data, cx) => {
    const v = ints(data);
    fillWith(targets, key, data, cx, (i) => BigInt(v[i] as number), fixed(8));
  },
  /** int64: the bigint itself, which js-bson writes as int64. */
  int64: (targets, key, data, cx) => {
    const v = data.values as BigInt64Array;
    fillWith(targets, key, data, cx, (i) => v[i], fixed(8));
  },
  /** uint64: int64 up to 2^63 − 1; above it the row fails, never wraps. */
  uint64: (targets, key, data, cx) => {
    const v = data.values as BigUint64Array;
    const value = (i: number) => {
      const n = v[i] as bigint;
      if (n <= INT64_MAX) return n;
      cx.fail(i, key, `${n} does not fit BSON's signed 64-bit integer`);
      return undefined;
    };
    fillWith(targets, key, data, cx, value, fixed(8));
  },
  /** float32/64: a plain number unless js-bson would take it for an int32 (integral, or −0): those as `Double`. */
  double: (targets, key, data, cx) => {
    const v = data.values as Float64Array | Float32Array;
    fillWith(
      targets,
      key,
      data,
      cx,
      (i) => {
        const x = v[i] as number;
        return (x | 0) === x ? new Double(x) : x;
      },
      fixed(8),
    );
  },
  bool: (targets, key, data, cx) => {
    const bits = data.values as Uint8Array;
    const offset = data.offset;
    fillWith(
      targets,
      key,
      data,
      cx,
      (i) => (((bits[(offset + i) >> 3] as number) >> ((offset + i) & 7)) & 1) === 1,
      fixed(1),
    );
  },
  /** Timestamps at any unit (time zone aside: the values are UTC) and date64: UTC datetimes. */
  timestamp: (targets, key, data, cx) => {
    const v = data.values as BigInt64Array;
    const unit = (data.type as { unit?: number }).unit ?? 1;
    fillWith(targets, key, data, cx, (i) => dateOf(millisOf(v[i] as bigint, unit), i, key, cx), fixed(8));
  },
  date32: (targets, key, data, cx) => {
    const v = ints(data);
    fillWith(targets, key, data, cx, (i) => dateOf((v[i] as number) * 86_400_000, i, key, cx), fixed(8));
  },
  string: (targets, key, data, cx) => {
    const { text, start, end } = textOf(data);
    fillWith(
      targets,
      key,
      data,
      cx,
      (i) => text.toString('utf8', start(i), end(i)),
      (i) => 5 + end(i) - start(i),
    );
  },
  /** Hex text tagged (or declared) ObjectId: parsed from the bytes, never through a JS string. */
  objectIdHex: (targets, key, data, cx) => {
    const { text, start, end } = textOf(data);
    const value = (i: number) => {
      const from = start(i);
      // Fresh bytes per value: older js-bson ObjectIds keep the array they are given.
      const bytes = new Uint8Array(12);
      let ok = end(i) - from === 24;
      for (let b = 0; ok && b < 12; b++) {
        const hi = NIBBLE[text[from + 2 * b] as number] ?? -1;
        const lo = NIBBLE[text[from + 2 * b + 1] as number] ?? -1;
        ok = hi >= 0 && lo >= 0;
        bytes[b] = (hi << 4) | lo;
      }
      if (ok) return new ObjectId(bytes);
      cx.fail(i, key, `${JSON.stringify(text.toString('utf8', from, end(i)))} is not a 24-digit hex ObjectId`);
      return undefined;
    };
    fillWith(targets, key, data, cx, value, fixed(12));
  },
  /** FixedSizeBinary(12) tagged `pymongoarrow.objectid`. */
  objectIdBytes: (targets, key, data, cx) => {
    const v = data.values as Uint8Array;
    fillWith(targets, key, data, cx, (i) => new ObjectId(v.slice(12 * i, 12 * i + 12)), fixed(12));
  },
} satisfies Record<string, Filler>;

export type ScalarKind = keyof typeof KINDS;

export function scalarFiller(kind: ScalarKind): Filler {
  return KINDS[kind];
}

/** The UTF-8 bytes of a (large) text column and each row's span in them. */
function textOf(data: Data): { text: Buffer; start: (i: number) => number; end: (i: number) => number } {
  const values = data.values as Uint8Array;
  const text = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  if (data.typeId === Type.LargeUtf8) {
    const offsets = data.valueOffsets as unknown as BigInt64Array;
    return { text, start: (i) => Number(offsets[i]), end: (i) => Number(offsets[i + 1]) };
  }
  const offsets = data.valueOffsets as Int32Array;
  return { text, start: (i) => offsets[i] as number, end: (i) => offsets[i + 1] as number };
}

/** Whether a struct row holds a document (a null struct gets no children). */
export function structValid(data: Data, i: number): boolean {
  return validAt(data, i);
}
