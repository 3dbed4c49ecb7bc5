import { type DataType, type Field, Type } from 'apache-arrow';

/** A JSON value as NDJSON and CSV write it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * An Arrow value as JSON, the documented way: dates as ISO 8601 text (UTC),
 * 64-bit integers as numbers when exact and as text otherwise, binary as
 * base64, non-finite doubles as the text "NaN"/"Infinity"/"-Infinity",
 * embedded documents as objects, arrays as arrays, maps as objects.
 */
export function jsonValue(value: unknown, type: DataType): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case Type.Timestamp:
    case Type.Date:
      return new Date(Number(value)).toISOString();
    case Type.Struct: {
      const row = value as Record<string, unknown>;
      const object: { [key: string]: JsonValue } = {};
      for (const child of type.children as Field[]) object[child.name] = jsonValue(row[child.name], child.type);
      return object;
    }
    case Type.List:
    case Type.FixedSizeList: {
      const items = (type.children[0] as Field).type;
      return Array.from(value as Iterable<unknown>, (item) => jsonValue(item, items));
    }
    case Type.Map: {
      const entry = (type.children[0] as Field).type;
      const valueType = ((entry.children as Field[])[1] as Field).type;
      const object: { [key: string]: JsonValue } = {};
      for (const [key, item] of value as Iterable<[unknown, unknown]>) object[String(key)] = jsonValue(item, valueType);
      return object;
    }
    case Type.Dictionary:
      return jsonValue(value, (type as DataType & { dictionary: DataType }).dictionary);
    default:
      break;
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return String(value);
}
