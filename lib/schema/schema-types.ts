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
  /**
   * `false`: the field is required (see {@link types.required}); absent, it
   * is nullable. Only fields of documents have it: list items and map values
   * are always nullable.
   */
  readonly nullable?: false;
}

/**
 * A field of a model: `required` (the model says it always has a value)
 * makes it non-nullable, except a `'null'` column, which only holds nulls.
 */
export function modelField(name: string, type: FieldType, required: boolean): SchemaField {
  return required && type !== 'null' ? { name, type, nullable: false } : { name, type };
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
// Its own key, not a flag beside PARAMETERIZED: code that reads a
// ParameterizedType's type can never take a required field for a plain type.
const REQUIRED = Symbol('mongodb-arrow.required');

/** Never set: carries what a helper made to the compile-time column types (lib/schema/arrow-types.ts). */
declare const DESCRIBES: unique symbol;

/**
 * A parameterized type made by one of the {@link types} helpers. `P`
 * describes it at compile time only (`{ list: 'double' }`, `{ date: 'us' }`),
 * so that a read's table is typed.
 */
export interface ParameterizedType<P = unknown> {
  readonly [PARAMETERIZED]: FieldType;
  readonly [DESCRIBES]?: P;
}

/**
 * A document field that must have a value, made by {@link types.required}.
 * Not a {@link FieldTypeDefinition}: list items and map values cannot be
 * required, so `[T]`, `types.list` and `types.map` do not take it.
 */
export interface RequiredType<T = unknown> {
  readonly [REQUIRED]: FieldType;
  readonly [DESCRIBES]?: { readonly required: T };
}

/** What a field of a {@link SchemaDefinition} may be: a type, or a required one. */
export type FieldDefinition = FieldTypeDefinition | RequiredType;

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
  readonly [field: string]: FieldDefinition;
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
 *   amount: types.required('double'),
 * });
 * ```
 */
export const types = {
  /** A UTC datetime as Timestamp(unit, timezone); `ms` and `"UTC"` by default. */
  date<const U extends TimeUnitName = 'ms'>(
    unit: U = 'ms' as U,
    timezone: string | null = 'UTC',
  ): ParameterizedType<{ readonly date: U }> {
    if (!TIME_UNITS.includes(unit)) {
      throw invalid(`types.date: the unit must be one of ${TIME_UNITS.join(', ')}, got ${describeValue(unit)}`);
    }
    if (timezone !== null && typeof timezone !== 'string') {
      throw invalid(`types.date: the timezone must be a string or null, got ${describeValue(timezone)}`);
    }
    return { [PARAMETERIZED]: { type: 'date', unit, timezone } };
  },
  /** Decimal128 as Arrow Decimal128(precision, scale); values that do not fit are conflicts. */
  decimal128(precision: number, scale: number): ParameterizedType<{ readonly decimal: true }> {
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
  binary(subtype: number): ParameterizedType<{ readonly binary: true }> {
    if (!Number.isInteger(subtype) || subtype < 0 || subtype > 255) {
      throw invalid(`types.binary: the subtype must be an integer 0..255, got ${describeValue(subtype)}`);
    }
    return { [PARAMETERIZED]: { type: 'binary', subtype } };
  },
  /** An array whose items have type `items` (the same as `[items]`). */
  list<const I extends FieldTypeDefinition>(items: I): ParameterizedType<{ readonly list: I }> {
    if (isRequired(items)) throw notRequirable('types.list: list items');
    return { [PARAMETERIZED]: { type: 'list', items: toFieldType(items, '[]', 2) } };
  },
  /**
   * An embedded document whose keys are data (`{ "2021": 3.5, "2022": 4 }`,
   * `{ "<id>": { tier: 'gold' } }`), not field names, as Arrow `Map<Utf8, T>`:
   * one entry per key, in stored order, every value of type `values` (any
   * type: `types.map({ tier: 'string' })`, `types.map(['int32'])`).
   */
  map<const V extends FieldTypeDefinition>(values: V): ParameterizedType<{ readonly map: V }> {
    if (isRequired(values)) throw notRequirable('types.map: map values');
    return { [PARAMETERIZED]: { type: 'map', values: toFieldType(values, '{}', 2) } };
  },
  /** An embedded document (the same as a nested object); useful when a field is named like a helper. */
  document<const F extends SchemaDefinition>(fields: F): ParameterizedType<{ readonly document: F }> {
    if (
      fields === null ||
      typeof fields !== 'object' ||
      Array.isArray(fields) ||
      isParameterized(fields) ||
      isRequired(fields)
    ) {
      throw invalid(
        `types.document: the fields must be an object mapping names to types, got ${describeValue(fields)}`,
      );
    }
    return { [PARAMETERIZED]: { type: 'document', fields: toSchemaFields(fields, '', 2) } };
  },
  /**
   * A required field of a document (top level or nested) of type `type`
   * (any type: `types.required('double')`, `types.required({ city: 'string' })`,
   * `types.required(['string'])`): under `conflicts: 'error'` (the default)
   * its Arrow field is non-nullable, and a document that lacks it or holds
   * null there fails with a `TypeConflictError` whose `found` is `'missing'`
   * or `'null'`. A required field of an embedded document that is itself
   * missing or null is null with it. Under `conflicts: 'null'` or `'string'`
   * the field stays nullable and a missing value is null. List items and map
   * values cannot be required (`types.list(types.required(...))` is
   * `INVALID_SCHEMA`): they are always nullable.
   */
  required<const T extends FieldTypeDefinition>(type: T): RequiredType<T> {
    if (isRequired(type)) return type as RequiredType<T>;
    const fieldType = toFieldType(type, '', 1);
    if (fieldType === 'null') {
      throw invalid(`types.required: a 'null' column holds only nulls and cannot be required`);
    }
    return { [REQUIRED]: fieldType };
  },
} as const;

function isParameterized(value: unknown): value is ParameterizedType {
  return typeof value === 'object' && value !== null && PARAMETERIZED in value;
}

function isRequired(value: unknown): value is RequiredType {
  return typeof value === 'object' && value !== null && REQUIRED in value;
}

/** The error of a required type where only a plain type may go; `what` names the place. */
function notRequirable(what: string): MongoArrowError {
  return invalid(
    `${what} cannot be required: they are always nullable (types.required applies to a document's fields; ` +
      `to require the list or map itself, wrap it: types.required(types.list(...)))`,
  );
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
  // toSchemaFields takes a field's required type: here it is an item's or a value's.
  if (isRequired(definition)) throw notRequirable(`field '${path}': list items and map values`);
  if (isParameterized(definition)) return placed(definition[PARAMETERIZED], path, depth);
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

/** A helper's type, built on its own: only where it is placed is it known how deep it sits. */
function placed(type: FieldType, path: string, depth: number): FieldType {
  if (depth + heightOf(type) - 1 > MAX_SCHEMA_DEPTH) throw tooDeep(path);
  return type;
}

/** Converts a schema definition object into fields at level `depth`; `prefix` names the parent in errors. */
export function toSchemaFields(definition: SchemaDefinition, prefix: string, depth: number): SchemaField[] {
  return Object.entries(definition).map(([name, definition]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    if (isRequired(definition)) {
      if (depth > MAX_SCHEMA_DEPTH) throw tooDeep(path);
      return { name, type: placed(definition[REQUIRED], path, depth), nullable: false };
    }
    return { name, type: toFieldType(definition, path, depth) };
  });
}
