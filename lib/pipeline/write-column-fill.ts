import { type Data, Type } from 'apache-arrow';
import { Double, ObjectId } from 'mongodb';

/**
 * Value getters of the column-wise write path (write-columns.ts): each
 * reads one Arrow column's typed arrays directly (no row proxies), and the
 * type switch runs once per column, in {@link getterOf}, never per value.
 * Every mapping is the Rust encoder's (crates/bson-arrow/src/encoder/
 * select.rs), value for value: __test__/write-columns.test.ts checks that
 * both serialize to the same bytes.
 */

/** Marks a row as not encodable, with the message the Rust encoder gives. */
export type Fail = (row: number, message: string) => void;

/** The value of row `i` as the JS value js-bson serializes to the Rust encoder's BSON type. */
export type Getter = (i: number) => unknown;

/** A column's getter and the BSON size of its values: a constant, or per row (text). */
export interface ValueReader {
  readonly get: Getter;
  readonly width: number | ((i: number) => number);
}

export type ScalarKind =
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'double'
  | 'bool'
  | 'timestamp'
  | 'date32'
  | 'string'
  | 'objectIdHex'
  | 'objectIdBytes';

const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) NIBBLE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  NIBBLE[65 + c] = 10 + c;
  NIBBLE[97 + c] = 10 + c;
}
const JS_DATE_LIMIT_MS = 8_640_000_000_000_000;
const INT64_MAX = 2n ** 63n - 1n;

/** A JS Date from milliseconds, or a row failure beyond a Date's range (the driver would write the epoch). */
function dateOf(ms: number, row: number, fail: Fail): Date | undefined {
  if (Math.abs(ms) <= JS_DATE_LIMIT_MS) return new Date(ms);
  fail(
    row,
    `${ms} ms from the epoch is beyond the range of a JavaScript Date (±8.64e15 ms), which the driver writes datetimes from`,
  );
  return undefined;
}

/** Milliseconds of a 64-bit timestamp in `unit` (0 s, 1 ms, 2 µs, 3 ns), rounded towards −∞ like the Rust encoder. */
function millisOf(value: bigint, unit: number): number {
  if (unit === 1) return Number(value);
  if (unit === 0) return Number(value) * 1000;
  const per = unit === 2 ? 1000n : 1_000_000n;
  const q = value / per;
  return Number(value % per < 0n ? q - 1n : q);
}

/** The getter of one column of `kind`. */
export function getterOf(kind: ScalarKind, data: Data, fail: Fail): ValueReader {
  switch (kind) {
    case 'int32': {
      // int8/16/32 and uint8/16: plain numbers, which js-bson writes as int32.
      const v = data.values as Int32Array;
      return { get: (i) => v[i], width: 4 };
    }
    case 'uint32': {
      const v = data.values as Uint32Array;
      return { get: (i) => BigInt(v[i] as number), width: 8 };
    }
    case 'int64': {
      // A bigint, which js-bson writes as int64.
      const v = data.values as BigInt64Array;
      return { get: (i) => v[i], width: 8 };
    }
    case 'uint64': {
      const v = data.values as BigUint64Array;
      const get = (i: number) => {
        const n = v[i] as bigint;
        if (n <= INT64_MAX) return n;
        fail(i, `${n} does not fit BSON's signed 64-bit integer`);
        return undefined;
      };
      return { get, width: 8 };
    }
    case 'double': {
      // A plain number, unless js-bson would take it for an int32 (integral in range, or −0): those as `Double`.
      const v = data.values as Float64Array;
      return {
        get: (i) => {
          const x = v[i] as number;
          return (x | 0) === x ? new Double(x) : x;
        },
        width: 8,
      };
    }
    case 'bool': {
      const bits = data.values as Uint8Array;
      const offset = data.offset;
      return { get: (i) => (((bits[(offset + i) >> 3] as number) >> ((offset + i) & 7)) & 1) === 1, width: 1 };
    }
    case 'timestamp': {
      // Timestamps at any unit (the time zone aside: values are UTC) and date64: UTC datetimes.
      const v = data.values as BigInt64Array;
      const unit = (data.type as { unit?: number }).unit ?? 1;
      return { get: (i) => dateOf(millisOf(v[i] as bigint, unit), i, fail), width: 8 };
    }
    case 'date32': {
      const v = data.values as Int32Array;
      return { get: (i) => dateOf((v[i] as number) * 86_400_000, i, fail), width: 8 };
    }
    case 'string': {
      const { text, start, end } = textOf(data);
      return { get: (i) => text.toString('utf8', start(i), end(i)), width: (i) => 5 + end(i) - start(i) };
    }
    case 'objectIdHex':
      return { get: objectIdFromHex(data, fail), width: 12 };
    case 'objectIdBytes': {
      const v = data.values as Uint8Array;
      return { get: (i) => new ObjectId(v.slice(12 * i, 12 * i + 12)), width: 12 };
    }
  }
}

/** Hex text tagged (or declared) ObjectId: parsed from the UTF-8 bytes, no JS string made. */
function objectIdFromHex(data: Data, fail: Fail): Getter {
  const { text, start, end } = textOf(data);
  return (i) => {
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
    fail(i, `${JSON.stringify(text.toString('utf8', from, end(i)))} is not a 24-digit hex ObjectId`);
    return undefined;
  };
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
