import type { DataType, Field } from 'apache-arrow';
import { MongoArrowError } from '../errors/errors.js';
import { type FieldType, MAX_SCHEMA_DEPTH, type SchemaField, type TimeUnitName } from './schema-types.js';

// apache-arrow's `Type` enum values, fixed by the Arrow format. Compared by
// value, so Arrow objects from any apache-arrow copy or major version work.
const ArrowTypeId = {
  Null: 1,
  Int: 2,
  Float: 3,
  Binary: 4,
  Utf8: 5,
  Bool: 6,
  Decimal: 7,
  Timestamp: 10,
  List: 12,
  Struct: 13,
  Map: 17,
  FixedSizeBinary: 15,
  LargeBinary: 19,
  LargeUtf8: 20,
} as const;

const TIME_UNITS: readonly TimeUnitName[] = ['s', 'ms', 'us', 'ns'];

/** True for an `apache-arrow` Schema, by shape rather than `instanceof`. */
export function isArrowSchema(value: unknown): boolean {
  const fields = (value as { fields?: unknown } | null)?.fields;
  return (
    Array.isArray(fields) &&
    fields.every((f) => typeof (f as { type?: { typeId?: unknown } })?.type?.typeId === 'number')
  );
}

/** A field's name for a path in messages, whatever the caller passed as a field. */
export function nameOf(field: unknown): string {
  const name = (field as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '?';
}

/**
 * Maps one Arrow field to a schema field; `path` names it in errors, `depth`
 * is its level (1 at the top). Stops at the schema depth limit, so a deep
 * Arrow schema cannot exhaust the stack.
 */
export function fieldTypeFromArrow(field: Field, path: string, depth: number): SchemaField {
  if (depth > MAX_SCHEMA_DEPTH) {
    throw new MongoArrowError(
      'INVALID_SCHEMA',
      `field '${path}' nests deeper than ${MAX_SCHEMA_DEPTH} levels (the limit of a schema)`,
    );
  }
  // Checked by shape, like the schema itself: anything that is not an Arrow field fails here, not deeper.
  const shaped = field as Partial<Field> | null;
  if (typeof shaped?.name !== 'string' || typeof shaped.type?.typeId !== 'number') {
    throw new MongoArrowError('INVALID_SCHEMA', `field '${path}' is not an Arrow Field with a name and a type`);
  }
  const metadata = field.metadata as Partial<Map<string, string>> | undefined;
  const extension = typeof metadata?.get === 'function' ? metadata.get('ARROW:extension:name') : undefined;
  return { name: field.name, type: typeFromArrow(field.type, extension, path, depth) };
}

function typeFromArrow(type: DataType, extension: string | undefined, path: string, depth: number): FieldType {
  const t = type as DataType & {
    bitWidth?: number;
    isSigned?: boolean;
    precision?: number;
    scale?: number;
    unit?: number;
    timezone?: string | null;
    byteWidth?: number;
    children?: unknown;
  };
  const children = Array.isArray(t.children) ? (t.children as Field[]) : [];
  switch (extension) {
    case 'pymongoarrow.objectid':
      return 'objectId';
    case 'pymongoarrow.decimal128':
      return 'decimal128';
    case 'pymongoarrow.code':
      return 'code';
  }
  switch (t.typeId) {
    case ArrowTypeId.Null:
      return 'null';
    case ArrowTypeId.Int:
      if (t.isSigned && t.bitWidth === 32) return 'int32';
      if (t.isSigned && t.bitWidth === 64) return 'int64';
      break;
    case ArrowTypeId.Float:
      // Precision.DOUBLE is 2.
      if (t.precision === 2) return 'double';
      break;
    case ArrowTypeId.Utf8:
    case ArrowTypeId.LargeUtf8:
      return 'string';
    case ArrowTypeId.Bool:
      return 'bool';
    case ArrowTypeId.Binary:
    case ArrowTypeId.LargeBinary:
      return 'binary';
    case ArrowTypeId.Decimal:
      if (t.bitWidth === 128 && t.precision !== undefined && t.scale !== undefined) {
        return { type: 'decimal128', precision: t.precision, scale: t.scale };
      }
      break;
    case ArrowTypeId.Timestamp: {
      const unit = TIME_UNITS[t.unit ?? -1];
      if (unit) return { type: 'date', unit, timezone: t.timezone ?? null };
      break;
    }
    case ArrowTypeId.List: {
      const item = children[0];
      if (item) return { type: 'list', items: fieldTypeFromArrow(item, `${path}[]`, depth + 1).type };
      break;
    }
    case ArrowTypeId.Map: {
      // Map<K, V> has one child, the entries struct {key, value}; a BSON document's keys are text.
      const entries: unknown = children[0]?.type?.children;
      const [key, value] = Array.isArray(entries) ? (entries as Field[]) : [];
      const keyType = key?.type?.typeId;
      if (value && (keyType === ArrowTypeId.Utf8 || keyType === ArrowTypeId.LargeUtf8)) {
        return { type: 'map', values: fieldTypeFromArrow(value, `${path}{}`, depth + 1).type };
      }
      throw new MongoArrowError(
        'UNSUPPORTED_TYPE',
        `field '${path}': Arrow type ${String(type)} has no BSON mapping (a map needs Utf8 keys to be a document)`,
      );
    }
    case ArrowTypeId.Struct:
      return {
        type: 'document',
        fields: children.map((child) => fieldTypeFromArrow(child, `${path}.${nameOf(child)}`, depth + 1)),
      };
  }
  throw new MongoArrowError('UNSUPPORTED_TYPE', `field '${path}': Arrow type ${String(type)} has no BSON mapping`);
}
