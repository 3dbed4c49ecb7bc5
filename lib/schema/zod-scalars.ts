import { integerColumn } from './json-schema.js';
import type { FieldType } from './schema-types.js';
import { checksOf, type ZodNode } from './zod-node.js';

/** The column types of zod's scalar schemas: numbers, strings, literals and classes. */

/** zod's ranges of its number formats (`z.int32()`...). */
const NUMBER_FORMAT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/**
 * An integer (a format with `int` in its name: `z.int()`, `z.int32()`,
 * `.int()`) is int32 when its bounds fit int32, else int64; other numbers are
 * double. The bounds are the tightest of its formats' ranges and its
 * `.min()`/`.max()`/`.gt()`/`.lt()`, as `z.toJSONSchema` writes them.
 */
export function numberType(node: ZodNode): FieldType {
  let isInt = node._zod.def.type === 'int';
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  const bag = node._zod.bag ?? {};
  const bounds = [
    ...checksOf(node).map((d) => [d.check, d.format, d.value] as const),
    // Checks of other libraries record themselves in the bag only.
    ['greater_than', undefined, bag.minimum ?? bag.exclusiveMinimum] as const,
    ['less_than', undefined, bag.maximum ?? bag.exclusiveMaximum] as const,
    ['number_format', bag.format, undefined] as const,
  ];
  for (const [check, format, value] of bounds) {
    if (check === 'number_format' && typeof format === 'string') {
      isInt ||= format.includes('int');
      const range = NUMBER_FORMAT_RANGES[format];
      if (range) [low, high] = [Math.max(low, range[0]), Math.min(high, range[1])];
    } else if (check === 'greater_than' && typeof value === 'number') low = Math.max(low, value);
    else if (check === 'less_than' && typeof value === 'number') high = Math.min(high, value);
  }
  return isInt ? integerColumn(low, high) : 'double';
}

/**
 * A string with the ISO datetime format (`z.iso.datetime()`) or date format
 * is a date, as `format: 'date-time'`/`'date'` is for `fromJsonSchema`; a
 * local datetime, which names no instant, stays a string (zod writes it
 * without the format).
 */
export function stringType(node: ZodNode): FieldType {
  let format: unknown;
  let lax = false;
  for (const check of checksOf(node)) {
    if (check.check !== 'string_format') continue;
    format = check.format;
    lax ||= check.local === true || check.precision === -1;
  }
  if (format === 'date' || (format === 'datetime' && !lax)) return 'date';
  return 'string';
}

/** A literal's kind: a bigint is a number. */
export function literalKind(value: unknown): string {
  return typeof value === 'bigint' ? 'number' : typeof value;
}

/** The values of an enum; a TypeScript numeric enum's reverse mappings left out, as zod does. */
export function enumValues(entries: unknown): unknown[] {
  if (entries === null || typeof entries !== 'object') return [];
  const values = Object.values(entries);
  const numbers = values.filter((v) => typeof v === 'number');
  return Object.entries(entries)
    .filter(([key]) => !numbers.includes(Number(key)))
    .map(([, value]) => value);
}

/** The `_bsontype`s of `bson`'s classes and their columns. */
const BSON_CLASSES: Readonly<Record<string, FieldType>> = {
  ObjectId: 'objectId',
  ObjectID: 'objectId',
  Decimal128: 'decimal128',
  Binary: 'binary',
  Timestamp: 'timestamp',
  Long: 'int64',
  Int32: 'int32',
  Double: 'double',
  BSONRegExp: 'regex',
  BSONSymbol: 'string',
};

/**
 * The column of `z.instanceof(cls)`: Date, a byte array (Buffer), or a class
 * of `bson` (the driver's `ObjectId`, `Decimal128`, ...). bson's classes are
 * known by the `_bsontype` of their prototype, not by identity, since the
 * model may use another copy of bson than ours.
 */
export function classType(cls: unknown): FieldType | undefined {
  if (typeof cls !== 'function') return undefined;
  const prototype: unknown = cls.prototype;
  if (cls === Date || prototype instanceof Date) return 'date';
  if (cls === Uint8Array || prototype instanceof Uint8Array) return 'binary';
  // bson's UUID is a Binary (`_bsontype` 'Binary') of subtype 4.
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (c.name === 'UUID') return 'uuid';
  }
  let tag: unknown;
  try {
    tag = (prototype as { _bsontype?: unknown } | null)?._bsontype;
  } catch {
    return undefined;
  }
  return typeof tag === 'string' ? BSON_CLASSES[tag] : undefined;
}
