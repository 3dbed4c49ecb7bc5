/** Short names of the column types a schema can declare. */
export type ScalarTypeName =
  | 'double'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'string'
  | 'date'
  | 'objectId'
  | 'decimal128'
  | 'binary'
  | 'uuid'
  | 'code'
  | 'codeWithScope'
  | 'regex'
  | 'timestamp'
  | 'extendedJson'
  | 'text'
  | 'null';

export const SCALAR_TYPE_NAMES: readonly ScalarTypeName[] = [
  'double',
  'int32',
  'int64',
  'bool',
  'string',
  'date',
  'objectId',
  'decimal128',
  'binary',
  'uuid',
  'code',
  'codeWithScope',
  'regex',
  'timestamp',
  'extendedJson',
  'text',
  'null',
];

/** Units of a `date` column. */
export type TimeUnitName = 's' | 'ms' | 'us' | 'ns';

/** A declared column, in the JSON form the native decoder reads. */
export interface SchemaField {
  readonly name: string;
  readonly type: FieldType;
}

/** A column type in the JSON form the native decoder reads (see `crates/bson-arrow/docs/types.md`). */
export type FieldType =
  | ScalarTypeName
  | { readonly type: 'document'; readonly fields: readonly SchemaField[] }
  | { readonly type: 'list'; readonly items: FieldType }
  | { readonly type: 'map'; readonly values: FieldType }
  | { readonly type: 'date'; readonly unit: TimeUnitName; readonly timezone: string | null }
  | { readonly type: 'decimal128'; readonly precision: number; readonly scale: number }
  | { readonly type: 'binary'; readonly subtype: number };

const PARAMETERIZED = Symbol('mongodb-arrow.type');

/** A parameterized type made by one of the {@link types} helpers. */
export interface ParameterizedType {
  readonly [PARAMETERIZED]: FieldType;
}

/**
 * How a column is declared: a short name, a nested object for an embedded
 * document, `[T]` for an array, or a {@link types} helper for parameters
 * (and for maps, which have no shorthand).
 */
export type FieldTypeDefinition =
  | ScalarTypeName
  | ParameterizedType
  | SchemaDefinition
  | readonly [FieldTypeDefinition];

/** A schema written as a plain object: `{ price: 'double', tags: ['string'], address: { city: 'string' } }`. */
export interface SchemaDefinition {
  readonly [field: string]: FieldTypeDefinition;
}

/**
 * Helpers for types that take parameters.
 *
 * @example
 * ```ts
 * const schema = new Schema({
 *   at: types.date('us', 'UTC'),
 *   price: types.decimal128(12, 2),
 *   fingerprint: types.binary(0),
 *   tags: types.list('string'),
 *   scores: types.map('double'),
 * });
 * ```
 */
export const types = {
  /** A UTC datetime as Timestamp(unit, timezone); `ms` and `"UTC"` by default. */
  date(unit: TimeUnitName = 'ms', timezone: string | null = 'UTC'): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'date', unit, timezone } };
  },
  /** Decimal128 as Arrow Decimal128(precision, scale); values that do not fit are conflicts. */
  decimal128(precision: number, scale: number): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'decimal128', precision, scale } };
  },
  /** Binary of one subtype, tagged with its subtype in the field metadata. */
  binary(subtype: number): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'binary', subtype } };
  },
  /** An array whose items have type `items` (the same as `[items]`). */
  list(items: FieldTypeDefinition): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'list', items: toFieldType(items, '[]') } };
  },
  /**
   * An embedded document whose keys are data (`{ "2021": 3.5, "2022": 4 }`,
   * `{ "<id>": { tier: 'gold' } }`), not field names, as Arrow `Map<Utf8, T>`:
   * one entry per key, in stored order, every value of type `values` (any
   * type: `types.map({ tier: 'string' })`, `types.map(['int32'])`).
   */
  map(values: FieldTypeDefinition): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'map', values: toFieldType(values, '{}') } };
  },
  /** An embedded document (the same as a nested object); useful when a field is named like a helper. */
  document(fields: SchemaDefinition): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'document', fields: toSchemaFields(fields, '') } };
  },
} as const;

function isParameterized(value: unknown): value is ParameterizedType {
  return typeof value === 'object' && value !== null && PARAMETERIZED in value;
}

/** Thrown by the converters below; the caller wraps it into a `MongoArrowError`. */
export class DefinitionError extends Error {}

/** Converts a declared type into the JSON form; `path` names the field in errors. */
export function toFieldType(definition: FieldTypeDefinition, path: string): FieldType {
  if (typeof definition === 'string') {
    if (!SCALAR_TYPE_NAMES.includes(definition)) {
      throw new DefinitionError(
        `field '${path}' has unknown type '${definition}' (expected one of: ${SCALAR_TYPE_NAMES.join(', ')})`,
      );
    }
    return definition;
  }
  if (isParameterized(definition)) return definition[PARAMETERIZED];
  if (Array.isArray(definition)) {
    if (definition.length !== 1) {
      throw new DefinitionError(`field '${path}': an array type is written [itemType], with exactly one item type`);
    }
    return { type: 'list', items: toFieldType(definition[0] as FieldTypeDefinition, `${path}[]`) };
  }
  if (typeof definition === 'object' && definition !== null) {
    return { type: 'document', fields: toSchemaFields(definition as SchemaDefinition, path) };
  }
  throw new DefinitionError(`field '${path}' has an invalid type: ${String(definition)}`);
}

/** Converts a schema definition object into fields; `prefix` names the parent in errors. */
export function toSchemaFields(definition: SchemaDefinition, prefix: string): SchemaField[] {
  return Object.entries(definition).map(([name, type]) => ({
    name,
    type: toFieldType(type, prefix ? `${prefix}.${name}` : name),
  }));
}
