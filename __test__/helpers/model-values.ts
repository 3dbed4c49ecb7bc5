import { Long, ObjectId } from 'mongodb';
import type { FieldType, SchemaField } from '../../lib/index.js';

/**
 * A value read from an Arrow table as plain JavaScript: struct rows as
 * objects, lists as arrays, maps as objects; numbers, bigints and strings as
 * they are.
 */
export function plainArrowValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, plainArrowValue);
  const candidate = value as { toJSON?: () => unknown };
  // A Vector (a list's items) has its data and type; a StructRow or MapRow has toJSON.
  if ('data' in value && 'type' in value) return Array.from(value as unknown as Iterable<unknown>, plainArrowValue);
  const plain = typeof candidate.toJSON === 'function' ? candidate.toJSON() : value;
  return Object.fromEntries(Object.entries(plain as object).map(([k, v]) => [k, plainArrowValue(v)]));
}

/**
 * What a column of `type` must hold for a value the plain driver returned
 * (read with `useBigInt64: true`), by the documented mapping: ObjectId as
 * hex, dates as epoch milliseconds, int64 as bigint, documents with exactly
 * the schema's fields (missing ones null).
 */
export function expectedValue(type: FieldType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof type === 'object' && type.type === 'document') return expectedDocument(type.fields, value as object);
  if (typeof type === 'object' && type.type === 'list') {
    return (value as unknown[]).map((item) => expectedValue(type.items, item));
  }
  if (typeof type === 'object' && type.type === 'map') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expectedValue(type.values, v)]));
  }
  if (value instanceof ObjectId) return value.toHexString();
  if (value instanceof Date) return value.getTime();
  if (value instanceof Long) return value.toBigInt();
  if (type === 'int64' && typeof value === 'number') return BigInt(value);
  return value;
}

/** {@link expectedValue} of a whole document. */
export function expectedDocument(fields: readonly SchemaField[], document: object): Record<string, unknown> {
  const record = document as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f.name, expectedValue(f.type, record[f.name])]));
}
