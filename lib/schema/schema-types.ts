import { describeValue, MongoArrowError } from '../errors/errors.js';

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

const TIME_UNITS: readonly TimeUnitName[] = ['s', 'ms', 'us', 'ns'];

/**
 * The deepest a schema may nest (a top-level field is level 1; each document,
 * list or map adds one): the core's `MAX_NESTING_DEPTH`
 * (crates/bson-arrow/src/lib.rs). Checked here too, before recursing, so a
 * deep (or cyclic) definition fails with INVALID_SCHEMA instead of
 * exhausting the stack.
 */
export const MAX_SCHEMA_DEPTH = 200;

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
 * Helpers for types that take parameters. Bad parameters throw a
 * `MongoArrowError` with code `INVALID_SCHEMA` at once.
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
    if (!TIME_UNITS.includes(unit)) {
      throw invalid(`types.date: the unit must be one of ${TIME_UNITS.join(', ')}, got ${describeValue(unit)}`);
    }
    if (timezone !== null && typeof timezone !== 'string') {
      throw invalid(`types.date: the timezone must be a string or null, got ${describeValue(timezone)}`);
    }
    return { [PARAMETERIZED]: { type: 'date', unit, timezone } };
  },
  /** Decimal128 as Arrow Decimal128(precision, scale); values that do not fit are conflicts. */
  decimal128(precision: number, scale: number): ParameterizedType {
    // The core's rule (crates/bson-arrow/src/schema/mod.rs): precision 1..=38, an i8 scale at most the precision.
    if (!Number.isInteger(precision) || precision < 1 || precision > 38) {
      throw invalid(`types.decimal128: the precision must be an integer 1..38, got ${describeValue(precision)}`);
    }
    if (!Number.isInteger(scale) || scale < -128 || scale > precision) {
      throw invalid(
        `types.decimal128: the scale must be an integer from -128 to the precision (${precision}), got ${describeValue(scale)}`,
      );
    }
    return { [PARAMETERIZED]: { type: 'decimal128', precision, scale } };
  },
  /** Binary of one subtype, tagged with its subtype in the field metadata. */
  binary(subtype: number): ParameterizedType {
    if (!Number.isInteger(subtype) || subtype < 0 || subtype > 255) {
      throw invalid(`types.binary: the subtype must be an integer 0..255, got ${describeValue(subtype)}`);
    }
    return { [PARAMETERIZED]: { type: 'binary', subtype } };
  },
  /** An array whose items have type `items` (the same as `[items]`). */
  list(items: FieldTypeDefinition): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'list', items: toFieldType(items, '[]', 2) } };
  },
  /**
   * An embedded document whose keys are data (`{ "2021": 3.5, "2022": 4 }`,
   * `{ "<id>": { tier: 'gold' } }`), not field names, as Arrow `Map<Utf8, T>`:
   * one entry per key, in stored order, every value of type `values` (any
   * type: `types.map({ tier: 'string' })`, `types.map(['int32'])`).
   */
  map(values: FieldTypeDefinition): ParameterizedType {
    return { [PARAMETERIZED]: { type: 'map', values: toFieldType(values, '{}', 2) } };
  },
  /** An embedded document (the same as a nested object); useful when a field is named like a helper. */
  document(fields: SchemaDefinition): ParameterizedType {
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields) || isParameterized(fields)) {
      throw invalid(
        `types.document: the fields must be an object mapping names to types, got ${describeValue(fields)}`,
      );
    }
    return { [PARAMETERIZED]: { type: 'document', fields: toSchemaFields(fields, '', 2) } };
  },
} as const;

function isParameterized(value: unknown): value is ParameterizedType {
  return typeof value === 'object' && value !== null && PARAMETERIZED in value;
}

function invalid(message: string): MongoArrowError {
  return new MongoArrowError('INVALID_SCHEMA', message);
}

function tooDeep(path: string): MongoArrowError {
  return invalid(`field '${path}' nests deeper than ${MAX_SCHEMA_DEPTH} levels (the limit of a schema)`);
}

/** Levels of a converted type (1 for a scalar), walked without recursion. */
function heightOf(type: FieldType): number {
  let height = 0;
  const pending: [FieldType, number][] = [[type, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, level] = next;
    height = Math.max(height, level);
    if (typeof current === 'string') continue;
    if (current.type === 'document') for (const f of current.fields) pending.push([f.type, level + 1]);
    else if (current.type === 'list') pending.push([current.items, level + 1]);
    else if (current.type === 'map') pending.push([current.values, level + 1]);
  }
  return height;
}

/**
 * Converts a declared type into the JSON form; `path` names the field in
 * errors, `depth` is its level (1 for a top-level field). Throws
 * `INVALID_SCHEMA` for a bad type or beyond {@link MAX_SCHEMA_DEPTH}, so the
 * recursion never goes deeper than that.
 */
export function toFieldType(definition: FieldTypeDefinition, path: string, depth: number): FieldType {
  if (depth > MAX_SCHEMA_DEPTH) throw tooDeep(path);
  if (typeof definition === 'string') {
    if (!SCALAR_TYPE_NAMES.includes(definition)) {
      throw invalid(
        `field '${path}' has unknown type '${definition}' (expected one of: ${SCALAR_TYPE_NAMES.join(', ')})`,
      );
    }
    return definition;
  }
  if (isParameterized(definition)) {
    const type = definition[PARAMETERIZED];
    // A helper's type was built on its own: only here is it known how deep it sits.
    if (depth + heightOf(type) - 1 > MAX_SCHEMA_DEPTH) throw tooDeep(path);
    return type;
  }
  if (Array.isArray(definition)) {
    if (definition.length !== 1) {
      throw invalid(`field '${path}': an array type is written [itemType], with exactly one item type`);
    }
    return { type: 'list', items: toFieldType(definition[0] as FieldTypeDefinition, `${path}[]`, depth + 1) };
  }
  if (typeof definition === 'object' && definition !== null) {
    return { type: 'document', fields: toSchemaFields(definition as SchemaDefinition, path, depth + 1) };
  }
  throw invalid(`field '${path}' has an invalid type: ${describeValue(definition)}`);
}

/** Converts a schema definition object into fields at level `depth`; `prefix` names the parent in errors. */
export function toSchemaFields(definition: SchemaDefinition, prefix: string, depth: number): SchemaField[] {
  return Object.entries(definition).map(([name, type]) => ({
    name,
    type: toFieldType(type, prefix ? `${prefix}.${name}` : name, depth),
  }));
}
