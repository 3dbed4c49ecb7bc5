import { Double, Int32, Long, ObjectId } from 'mongodb';

/**
 * The plain text mongodb-arrow stores for a value in a `text` column, from
 * the plain driver's value read with `promoteValues: false` (so an int and an
 * integral double stay apart). Covers the types the messy-data tests use.
 */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Int32) return String(value.value);
  if (value instanceof Long) return value.toString();
  if (value instanceof Double) {
    const v = value.value;
    return Number.isInteger(v) ? `${v}.0` : String(v);
  }
  if (value instanceof ObjectId) return value.toHexString();
  if (typeof value === 'boolean') return String(value);
  throw new Error(`plainText: no rule for ${String(value)} in the tests`);
}

/** The MongoDB `$type` name of a value read with `promoteValues: false`. */
export function bsonTypeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (value instanceof Int32) return 'int';
  if (value instanceof Long) return 'long';
  if (value instanceof Double) return 'double';
  if (value instanceof ObjectId) return 'objectId';
  throw new Error(`bsonTypeName: no rule for ${String(value)} in the tests`);
}

/** Counts of values by `$type` name, as the coercion report gives them. */
export function countTypes(values: readonly unknown[], except: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) {
    const name = bsonTypeName(v);
    if (name !== except) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
