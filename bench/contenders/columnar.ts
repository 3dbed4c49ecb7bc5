/**
 * The best plain-JavaScript Arrow builder we could write for deserialized
 * documents: growable typed arrays per column, bit-packed validity, UTF-8
 * written straight into one byte buffer, ObjectId hex from a lookup table,
 * int64/timestamps as two int32 halves (no BigInt per value), then
 * `makeData`/`makeVector`. This is the pure-JS contender's decoder, so it is
 * deliberately tuned: beating a strawman would prove nothing.
 */
import {
  Binary as ArrowBinary,
  Field as ArrowField,
  Bool,
  type Data,
  type DataType,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  type Vector,
} from 'apache-arrow';
import type { Document } from 'mongodb';
import type { Field, FieldType } from '../shapes.js';

interface ColumnBuilder {
  readonly type: DataType;
  append(value: unknown): void;
  finish(): Data;
}

const TWO_32 = 4_294_967_296;

function grow<T extends Uint8Array | Int32Array | Float64Array>(array: T, needed: number, make: (n: number) => T): T {
  if (needed <= array.length) return array;
  const next = make(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/** Validity bits shared by every column kind. */
class Validity {
  bits = new Uint8Array(64);
  nulls = 0;
  length = 0;

  push(valid: boolean): void {
    const i = this.length++;
    this.bits = grow(this.bits, (i >> 3) + 1, (n) => new Uint8Array(n));
    if (valid) this.bits[i >> 3] = (this.bits[i >> 3] as number) | (1 << (i & 7));
    else this.nulls++;
  }

  props(): { length: number; nullCount: number; nullBitmap: Uint8Array } {
    return { length: this.length, nullCount: this.nulls, nullBitmap: this.bits.subarray(0, (this.length + 7) >> 3) };
  }
}

function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Float64 and Int32: one typed array of values. */
class NumberBuilder<T extends Float64Array | Int32Array> implements ColumnBuilder {
  private values: T;
  private readonly validity = new Validity();

  constructor(
    readonly type: Float64 | Int32,
    private readonly make: (n: number) => T,
  ) {
    this.values = make(1024);
  }

  append(value: unknown): void {
    const i = this.validity.length;
    this.values = grow(this.values, i + 1, this.make);
    if (typeof value === 'number') {
      this.values[i] = value;
      this.validity.push(true);
    } else this.validity.push(false);
  }

  finish(): Data {
    const v = this.validity.props();
    const data = this.values.subarray(0, v.length);
    // Two calls because makeData's overloads do not accept a union of types.
    return this.type instanceof Float64
      ? makeData({ type: this.type, ...v, data })
      : makeData({ type: this.type, ...v, data });
  }
}

/** Int64 and Timestamp(ms) share the layout: 64-bit values written as lo/hi int32 halves. */
class SixtyFourBitBuilder implements ColumnBuilder {
  private halves = new Int32Array(2048);
  private readonly validity = new Validity();

  constructor(
    readonly type: Int64 | TimestampMillisecond,
    private readonly toNumber: (value: unknown) => number | undefined,
  ) {}

  append(value: unknown): void {
    const i = this.validity.length;
    this.halves = grow(this.halves, 2 * i + 2, (n) => new Int32Array(n));
    const n = this.toNumber(value);
    if (n === undefined) {
      this.validity.push(false);
      return;
    }
    this.halves[2 * i] = (n % TWO_32) | 0;
    this.halves[2 * i + 1] = Math.floor(n / TWO_32) | 0;
    this.validity.push(true);
  }

  finish(): Data {
    const v = this.validity.props();
    const data = new BigInt64Array(this.halves.buffer, 0, v.length);
    // Two calls because makeData's overloads do not accept a union of types.
    return this.type instanceof Int64
      ? makeData({ type: this.type, ...v, data })
      : makeData({ type: this.type, ...v, data });
  }
}

function int64Number(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // A driver Long (promoteLongs keeps out-of-safe-range values as Long).
  if (value !== null && typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value.toNumber as () => number).call(value);
  }
  return undefined;
}

function dateNumber(value: unknown): number | undefined {
  return value instanceof Date ? value.getTime() : undefined;
}

class BoolBuilder implements ColumnBuilder {
  readonly type = new Bool();
  private bits = new Uint8Array(64);
  private readonly validity = new Validity();

  append(value: unknown): void {
    const i = this.validity.length;
    this.bits = grow(this.bits, (i >> 3) + 1, (n) => new Uint8Array(n));
    if (typeof value === 'boolean') {
      if (value) this.bits[i >> 3] = (this.bits[i >> 3] as number) | (1 << (i & 7));
      this.validity.push(true);
    } else this.validity.push(false);
  }

  finish(): Data {
    const v = this.validity.props();
    return makeData({ type: this.type, ...v, data: this.bits.subarray(0, (v.length + 7) >> 3) });
  }
}

const HEX = Array.from({ length: 256 }, (_, b) => [
  '0123456789abcdef'.charCodeAt(b >> 4),
  '0123456789abcdef'.charCodeAt(b & 15),
]);

/** Utf8 and Binary: one offsets array and one byte buffer. */
class VariableBuilder implements ColumnBuilder {
  private offsets = new Int32Array(1024);
  private bytes = Buffer.allocUnsafe(16_384);
  private end = 0;
  private readonly validity = new Validity();

  constructor(
    readonly type: Utf8 | ArrowBinary,
    private readonly write: (builder: VariableBuilder, value: unknown) => boolean,
  ) {}

  reserve(n: number): Buffer {
    if (this.end + n > this.bytes.length) {
      const next = Buffer.allocUnsafe(Math.max(this.end + n, this.bytes.length * 2));
      this.bytes.copy(next, 0, 0, this.end);
      this.bytes = next;
    }
    return this.bytes;
  }

  writeString(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.end += this.reserve(s.length * 3).write(s, this.end, 'utf8');
  }

  writeBytes(b: Uint8Array): void {
    this.reserve(b.length).set(b, this.end);
    this.end += b.length;
  }

  writeHex(b: Uint8Array): void {
    const out = this.reserve(b.length * 2);
    for (let k = 0; k < b.length; k++) {
      const pair = HEX[b[k] as number] as number[];
      out[this.end++] = pair[0] as number;
      out[this.end++] = pair[1] as number;
    }
  }

  append(value: unknown): void {
    const i = this.validity.length;
    this.offsets = grow(this.offsets, i + 2, (n) => new Int32Array(n));
    const valid = !isNullish(value) && this.write(this, value);
    this.offsets[i + 1] = this.end;
    this.validity.push(valid);
  }

  finish(): Data {
    const v = this.validity.props();
    const valueOffsets = this.offsets.subarray(0, v.length + 1);
    const data = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.end);
    return this.type instanceof Utf8
      ? makeData({ type: this.type, ...v, valueOffsets, data })
      : makeData({ type: this.type, ...v, valueOffsets, data });
  }
}

function writeString(builder: VariableBuilder, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  builder.writeString(value);
  return true;
}

function writeObjectId(builder: VariableBuilder, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || !('id' in value) || !(value.id instanceof Uint8Array))
    return false;
  builder.writeHex(value.id);
  return true;
}

function writeDecimal(builder: VariableBuilder, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || (value as { _bsontype?: unknown })._bsontype !== 'Decimal128') {
    return false;
  }
  builder.writeString(String(value));
  return true;
}

function writeBinary(builder: VariableBuilder, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || !('buffer' in value) || !('position' in value)) return false;
  const { buffer, position } = value as { buffer: Uint8Array; position: number };
  builder.writeBytes(buffer.subarray(0, position));
  return true;
}

class ListBuilder implements ColumnBuilder {
  readonly type: List;
  private offsets = new Int32Array(1024);
  private count = 0;
  private readonly validity = new Validity();

  constructor(private readonly child: ColumnBuilder) {
    this.type = new List(new ArrowField('item', child.type, true));
  }

  append(value: unknown): void {
    const i = this.validity.length;
    this.offsets = grow(this.offsets, i + 2, (n) => new Int32Array(n));
    if (Array.isArray(value)) {
      for (const item of value) this.child.append(item);
      this.count += value.length;
      this.validity.push(true);
    } else this.validity.push(false);
    this.offsets[i + 1] = this.count;
  }

  finish(): Data {
    const v = this.validity.props();
    return makeData({
      type: this.type,
      ...v,
      valueOffsets: this.offsets.subarray(0, v.length + 1),
      child: this.child.finish(),
    });
  }
}

class StructBuilder implements ColumnBuilder {
  readonly type: Struct;
  private readonly validity = new Validity();

  constructor(private readonly children: ReadonlyArray<readonly [string, ColumnBuilder]>) {
    this.type = new Struct(children.map(([name, b]) => new ArrowField(name, b.type, true)));
  }

  append(value: unknown): void {
    const doc = value !== null && typeof value === 'object' ? (value as Document) : undefined;
    for (const [name, child] of this.children) child.append(doc?.[name]);
    this.validity.push(doc !== undefined);
  }

  finish(): Data {
    return makeData({ type: this.type, ...this.validity.props(), children: this.children.map(([, b]) => b.finish()) });
  }
}

function builderFor(type: FieldType): ColumnBuilder {
  if (typeof type !== 'string') {
    if ('list' in type) return new ListBuilder(builderFor(type.list));
    return new StructBuilder(type.document.map((f) => [f.name, builderFor(f.type)] as const));
  }
  switch (type) {
    case 'double':
      return new NumberBuilder(new Float64(), (n) => new Float64Array(n));
    case 'int32':
      return new NumberBuilder(new Int32(), (n) => new Int32Array(n));
    case 'int64':
      return new SixtyFourBitBuilder(new Int64(), int64Number);
    case 'date':
      return new SixtyFourBitBuilder(new TimestampMillisecond('UTC'), dateNumber);
    case 'bool':
      return new BoolBuilder();
    case 'string':
      return new VariableBuilder(new Utf8(), writeString);
    case 'objectId':
      return new VariableBuilder(new Utf8(), writeObjectId);
    case 'decimal128':
      return new VariableBuilder(new Utf8(), writeDecimal);
    case 'binary':
      return new VariableBuilder(new ArrowBinary(), writeBinary);
  }
}

/** Builds an Arrow table of `fields` from deserialized documents. */
export function columnarTable(fields: readonly Field[], documents: readonly Document[]): Table {
  const builders = fields.map((f) => [f.name, builderFor(f.type)] as const);
  for (const doc of documents) {
    for (const [name, builder] of builders) builder.append(doc[name]);
  }
  const columns: Record<string, Vector> = {};
  for (const [name, builder] of builders) columns[name] = makeVector(builder.finish());
  return new Table(columns);
}
