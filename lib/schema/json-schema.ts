import { describeValue, MongoArrowError } from '../errors/errors.js';
import { type FieldType, MAX_SCHEMA_DEPTH, modelField, type SchemaField } from './schema-types.js';

/**
 * A JSON Schema (draft 7 to 2020-12, as `z.toJSONSchema`, TypeBox or OpenAPI
 * write them) or a MongoDB `$jsonSchema` validator (with `bsonType`) as
 * schema fields. A property listed in `required` whose schema does not allow
 * `null` is a required field (non-nullable; a document without a value
 * there is a conflict); any other is nullable. A field of several unrelated types has no
 * column type: `INVALID_SCHEMA` naming it, unless the caller asks for
 * `'text'` or `'extendedJson'` columns.
 */

/** Options of {@link fieldsFromJsonSchema}. */
export interface JsonSchemaOptions {
  /**
   * What a field of several unrelated types (`anyOf`, `type: [...]`) becomes:
   * an error naming it (default), a `'text'` column (plain text of every
   * value) or an `'extendedJson'` column (exact).
   */
  readonly unions?: 'error' | 'text' | 'extendedJson';
}

/** MongoDB's `bsonType` names (the `$type` aliases) and their column types. */
const BSON_TYPES: Readonly<Record<string, FieldType | 'object' | 'array'>> = {
  double: 'double',
  number: 'double',
  string: 'string',
  object: 'object',
  array: 'array',
  binData: 'binary',
  objectId: 'objectId',
  bool: 'bool',
  date: 'date',
  null: 'null',
  regex: 'regex',
  javascript: 'code',
  javascriptWithScope: 'codeWithScope',
  int: 'int32',
  timestamp: 'timestamp',
  long: 'int64',
  decimal: 'decimal128',
  symbol: 'string',
  minKey: 'extendedJson',
  maxKey: 'extendedJson',
  undefined: 'null',
  dbPointer: 'extendedJson',
};

/** JSON Schema's `type` names. */
const JSON_TYPES: Readonly<Record<string, FieldType | 'object' | 'array'>> = {
  string: 'string',
  integer: 'int64',
  number: 'double',
  boolean: 'bool',
  null: 'null',
  object: 'object',
  array: 'array',
};

type Node = Record<string, unknown>;

function invalid(path: string, message: string): MongoArrowError {
  return new MongoArrowError('INVALID_SCHEMA', `JSON Schema${path ? ` at '${path}'` : ''}: ${message}`);
}

function asNode(value: unknown, path: string): Node {
  if (value === true) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(path, `expected a schema object, got ${describeValue(value)}`);
  }
  return value as Node;
}

function names(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/** The alternatives of `anyOf`/`oneOf` that are not just `null`. */
function alternatives(node: Node, path: string): Node[] | undefined {
  const list = node.anyOf ?? node.oneOf;
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) throw invalid(path, 'anyOf/oneOf must be an array');
  return list.map((n) => asNode(n, path)).filter((n) => !(names(n.type ?? n.bsonType).join() === 'null'));
}

/** The kinds a node allows, from `bsonType`, `type`, `enum`/`const` or the keywords present; `null` left out. */
function kindsOf(node: Node, path: string): (FieldType | 'object' | 'array')[] {
  const table = node.bsonType !== undefined ? BSON_TYPES : JSON_TYPES;
  let declared = names(node.bsonType ?? node.type);
  if (declared.length === 0) {
    const values = 'const' in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
    if (values) declared = values.map((v) => (v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v));
    else if (node.properties !== undefined || node.additionalProperties !== undefined) declared = ['object'];
    else if (node.items !== undefined) declared = ['array'];
  }
  const kinds = declared.map((name) => {
    const kind = table[name];
    if (kind === undefined) throw invalid(path, `unknown ${table === BSON_TYPES ? 'bsonType' : 'type'} '${name}'`);
    if (kind === 'string' && (node.format === 'date-time' || node.format === 'date')) return 'date';
    return kind;
  });
  const withoutNull = [...new Set(kinds)].filter((k) => k !== 'null');
  // An integer where a number is allowed is a number.
  if (withoutNull.length === 2 && withoutNull.includes('double') && withoutNull.includes('int64')) return ['double'];
  return withoutNull.length === 0 && kinds.length > 0 ? ['null'] : withoutNull;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * An integer is int32 when its bounds fit that range (as `z.int32()`'s do),
 * int64 otherwise; `Schema.fromZod` applies the same rule to zod's checks.
 */
export function integerColumn(low: unknown, high: unknown): FieldType {
  const bounded = typeof low === 'number' && typeof high === 'number' && low >= INT32_MIN && high <= INT32_MAX;
  return bounded ? 'int32' : 'int64';
}

function integerType(node: Node): FieldType {
  return integerColumn(node.minimum ?? node.exclusiveMinimum, node.maximum ?? node.exclusiveMaximum);
}

function union(path: string, what: string, options: JsonSchemaOptions): FieldType {
  const choice = options.unions ?? 'error';
  if (choice === 'text' || choice === 'extendedJson') return choice;
  throw invalid(
    path,
    `${what} has no single column type; pass { unions: 'text' } or { unions: 'extendedJson' } to load such fields, or declare the field yourself`,
  );
}

function typeOf(value: unknown, path: string, depth: number, options: JsonSchemaOptions): FieldType {
  if (depth > MAX_SCHEMA_DEPTH) throw invalid(path, `nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
  const node = asNode(value, path);
  if (node.$ref !== undefined) {
    throw invalid(path, `references ($ref ${describeValue(node.$ref)}) are not followed: dereference the schema first`);
  }
  const choices = alternatives(node, path);
  if (choices !== undefined) {
    if (choices.length === 1) return typeOf(choices[0], path, depth, options);
    return choices.length === 0 ? 'null' : union(path, `a union of ${choices.length} schemas`, options);
  }
  const kinds = kindsOf(node, path);
  // No constraint at all (`{}`, `true`, `z.unknown()`): any value, kept exactly.
  if (kinds.length === 0) return 'extendedJson';
  if (kinds.length > 1) return union(path, `a union of ${kinds.map(kindName).join(' and ')}`, options);
  const [kind] = kinds as [FieldType | 'object' | 'array'];
  if (kind === 'object') return objectType(node, path, depth, options);
  if (kind === 'array') {
    if (node.items === undefined || Array.isArray(node.items)) return { type: 'list', items: 'extendedJson' };
    return { type: 'list', items: typeOf(node.items, `${path}[]`, depth + 1, options) };
  }
  if (kind === 'int64' && node.bsonType === undefined) return integerType(node);
  return kind;
}

/** An object with properties is a document; one with only `additionalProperties` a map; one with neither any document. */
function kindName(kind: FieldType | 'object' | 'array'): string {
  return typeof kind === 'string' ? kind : kind.type;
}

function objectType(node: Node, path: string, depth: number, options: JsonSchemaOptions): FieldType {
  if (node.properties !== undefined) return { type: 'document', fields: fieldsOf(node, path, depth + 1, options) };
  const extra = node.additionalProperties;
  if (extra !== undefined && extra !== true && extra !== false) {
    return { type: 'map', values: typeOf(extra, `${path}{}`, depth + 1, options) };
  }
  return 'extendedJson';
}

function fieldsOf(node: Node, path: string, depth: number, options: JsonSchemaOptions): SchemaField[] {
  const properties = node.properties;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    throw invalid(path, `properties must be an object, got ${describeValue(properties)}`);
  }
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  return Object.entries(properties as Node).map(([name, child]) => {
    const at = path ? `${path}.${name}` : name;
    const type = typeOf(child, at, depth, options);
    return modelField(name, type, required.has(name) && !allowsNull(asNode(child, at)));
  });
}

/**
 * Whether a property's schema accepts null: a `null` type or alternative,
 * or no type constraint at all (JSON Schema's keywords other than `type`,
 * `enum` and `const` apply only to values of their own type).
 */
function allowsNull(node: Node): boolean {
  const list = node.anyOf ?? node.oneOf;
  if (Array.isArray(list)) return list.some((n) => n === true || allowsNull(n as Node));
  if ('const' in node) return node.const === null;
  if (Array.isArray(node.enum)) return node.enum.includes(null);
  const declared = names(node.bsonType ?? node.type);
  return declared.length === 0 || declared.includes('null');
}

/** Throws `INVALID_ARGUMENT` unless `options` are {@link JsonSchemaOptions} (those of `Schema.fromZod` too). */
export function checkUnionsOption(options: JsonSchemaOptions, caller: string): void {
  if (
    options === null ||
    typeof options !== 'object' ||
    ![undefined, 'error', 'text', 'extendedJson'].includes(options.unions)
  ) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: option 'unions' must be 'error', 'text' or 'extendedJson', got ${describeValue(options?.unions)}`,
    );
  }
}

/** The fields of a JSON Schema of documents (or of a validator `{ $jsonSchema: ... }`). */
export function fieldsFromJsonSchema(schema: unknown, options: JsonSchemaOptions = {}): SchemaField[] {
  const root = asNode(schema, '');
  const node = root.$jsonSchema !== undefined ? asNode(root.$jsonSchema, '') : root;
  checkUnionsOption(options, 'Schema.fromJsonSchema');
  const type = typeOf(node, '', 1, options);
  if (typeof type !== 'object' || type.type !== 'document') {
    throw invalid('', 'the root must be an object schema with properties (the documents of a collection)');
  }
  return [...type.fields];
}
