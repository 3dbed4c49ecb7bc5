import type { Schema as ArrowSchema } from 'apache-arrow';
import type { Collection, Document } from 'mongodb';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { emptyTableFromIpc } from '../native/ipc.js';
import { callNative, NativeSchema } from '../native/native.js';
import { checkDecoderSettings, type DecoderSettings, nativeDecoderOptions } from '../native/options.js';
import { isArrowSchema, nativeSchemaOfArrow } from './arrow-schema.js';
import { fieldsFromJsonSchema, type JsonSchemaOptions } from './json-schema.js';
import { fromSchemaNodes, toSchemaNodes } from './schema-nodes.js';
import { MAX_SCHEMA_DEPTH, type SchemaDefinition, type SchemaField, toSchemaFields } from './schema-types.js';
import { collectionJsonSchema } from './validator.js';
import { fieldsFromZod, type ZodSchemaLike } from './zod-schema.js';

// JSON levels per schema level (type object, fields array, field object), as the core counts them.
const MAX_JSON_DEPTH = 3 * MAX_SCHEMA_DEPTH + 8;

function parseJson(text: string): { fields?: unknown } | null {
  try {
    return JSON.parse(text) as { fields?: unknown } | null;
  } catch (err) {
    throw new MongoArrowError('INVALID_SCHEMA', `schema JSON is malformed: ${(err as Error).message}`, { cause: err });
  }
}

/** Each schema's native form, parsed once when the schema is made. */
const natives = new WeakMap<Schema, NativeSchema>();

/**
 * Fields given as JSON-like values (from `fromJSON` or `fromFields`) must be
 * plain JSON no deeper than a schema may nest, checked without recursion
 * before they cross into Rust (whose conversion of a JS value recurses, and
 * would overflow the stack on a deep or cyclic value); the native parser
 * checks the rest.
 */
function checkJsonShape(fields: readonly SchemaField[]): void {
  const pending: [unknown, number][] = [[fields, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    // undefined is left out by JSON.stringify, as a missing key.
    if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) continue;
    if (typeof value !== 'object') {
      throw new MongoArrowError('INVALID_SCHEMA', `schema JSON cannot hold ${describeValue(value)}`);
    }
    if (depth > MAX_JSON_DEPTH) {
      throw new MongoArrowError('INVALID_SCHEMA', `the schema nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
    }
    for (const inner of Object.values(value)) pending.push([inner, depth + 1]);
  }
}

/**
 * The columns to load and their types, in output order.
 *
 * Declare it with short names (`'double'`, `'int32'`, `'int64'`, `'bool'`, `'string'`, `'date'`,
 * `'objectId'`, `'decimal128'`, `'binary'`, `'uuid'`, `'code'`, `'codeWithScope'`, `'regex'`,
 * `'timestamp'`, `'extendedJson'`, `'text'` (any value as plain text), `'null'`), nested objects for embedded documents, `[T]` for
 * arrays, `types.map(T)` for embedded documents whose keys are data (Arrow `Map<Utf8, T>`) and
 * the `types` helpers for parameters; or convert an `apache-arrow` `Schema` with
 * {@link Schema.fromArrow}. A column is nullable, BSON null and missing fields becoming null,
 * unless it is declared with `types.required(T)` (`"nullable": false` in the JSON form): then,
 * under `conflicts: 'error'` (the default), its Arrow field is non-nullable and a document
 * without a value for it is a `TypeConflictError` (`found` `'missing'` or `'null'`). List items
 * and map values are always nullable.
 *
 * @example
 * ```ts
 * const schema = new Schema({
 *   _id: 'objectId',
 *   price: 'double',
 *   tags: ['string'],
 *   address: { city: types.required('string'), zip: 'int32' },
 * });
 * schema.toArrow(); // an apache-arrow Schema
 * ```
 */
export class Schema {
  readonly fields: readonly SchemaField[];

  constructor(definition: SchemaDefinition) {
    if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
      throw new MongoArrowError('INVALID_SCHEMA', 'a schema must be an object mapping field names to types');
    }
    const fields = toSchemaFields(definition, '', 1);
    if (fields.length === 0) {
      throw new MongoArrowError('INVALID_SCHEMA', 'a schema must declare at least one field');
    }
    this.fields = fields;
    natives.set(this, Schema.parsed(fields));
  }

  /** Parses and validates fields with the native parser, so every rule lives in one place. */
  private static parsed(fields: readonly SchemaField[]): NativeSchema {
    checkJsonShape(fields);
    try {
      return callNative(() => new NativeSchema(toSchemaNodes(fields)));
    } catch (err) {
      // napi's own conversion of a node's value stops at 128 levels: only junk nests that deep in one node.
      const cause = err instanceof MongoArrowError ? err.cause : undefined;
      if ((cause as { code?: unknown } | undefined)?.code !== 'InvalidArg') throw err;
      throw new MongoArrowError('INVALID_SCHEMA', `schema JSON is not a schema: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  /** A schema of its fields and their native form. */
  private static of(fields: readonly SchemaField[], native: NativeSchema): Schema {
    const schema = Object.create(Schema.prototype) as { fields: readonly SchemaField[] };
    schema.fields = fields;
    natives.set(schema as Schema, native);
    return schema as Schema;
  }

  /** A schema of already-normalized fields (may be empty: an inferred schema of no documents). */
  static fromFields(fields: readonly SchemaField[]): Schema {
    return Schema.of(fields, Schema.parsed(fields));
  }

  /** @internal A schema the native side made (an inferred one): its fields are read back, not parsed again. */
  static fromNative(native: NativeSchema): Schema {
    return Schema.of(fromSchemaNodes(callNative(() => native.nodes())), native);
  }

  /** @internal The native form, which readers are made from. */
  get native(): NativeSchema {
    return natives.get(this) as NativeSchema;
  }

  /** Reads the JSON form (`{"fields":[...]}`) that {@link Schema.toJSON} writes. */
  static fromJSON(json: string | { fields: readonly SchemaField[] }): Schema {
    const parsed = typeof json === 'string' ? parseJson(json) : (json as { fields?: unknown } | null);
    if (parsed === null || typeof parsed !== 'object' || !Array.isArray(parsed.fields)) {
      throw new MongoArrowError('INVALID_SCHEMA', 'schema JSON must be an object with a "fields" array');
    }
    return Schema.fromFields(parsed.fields as SchemaField[]);
  }

  /** Converts an `apache-arrow` Schema (of any apache-arrow copy: checked by shape). */
  static fromArrow(schema: ArrowSchema): Schema {
    return Schema.fromNative(nativeSchemaOfArrow(schema));
  }

  /**
   * The schema of a JSON Schema of documents: a model's (zod 4's
   * `z.toJSONSchema(model)`, TypeBox, OpenAPI) or a MongoDB validator's
   * `$jsonSchema` (with `bsonType`). `object` with `properties` → a document,
   * with only `additionalProperties: T` → `types.map(T)`, with neither →
   * `'extendedJson'`; `array` → a list; `string` with `format: 'date-time'`
   * → `'date'`; `integer` → `'int32'` when bounded to its range (`z.int32()`),
   * else `'int64'`; `number` → `'double'`; no constraint (`{}`) → `'extendedJson'`;
   * a property listed in `required` whose schema does not allow `null` is a
   * required field (non-nullable, see `types.required`); the others are
   * nullable. A field of several unrelated types (`anyOf`, `type: [...]`) is
   * `INVALID_SCHEMA` naming it unless `unions` says `'text'` or
   * `'extendedJson'`. `$ref` is not followed: dereference first. Anything else
   * it cannot map is `INVALID_SCHEMA` naming the path.
   *
   * @example
   * ```ts
   * const info = await db.listCollections({ name: 'orders' }).next();
   * const schema = Schema.fromJsonSchema(info?.options?.validator);
   * ```
   */
  static fromJsonSchema(jsonSchema: object, options?: JsonSchemaOptions): Schema {
    return Schema.fromFields(fieldsFromJsonSchema(jsonSchema, options));
  }

  /**
   * The schema of a collection's `$jsonSchema` validator, read with
   * `listCollections` and mapped as {@link Schema.fromJsonSchema} maps it.
   * Rejects with `INVALID_SCHEMA` when the collection does not exist or its
   * validator has no top-level `$jsonSchema`.
   *
   * @example
   * ```ts
   * const schema = await Schema.fromCollectionValidator(db.collection('orders'));
   * ```
   */
  static async fromCollectionValidator(collection: Collection<Document>, options?: JsonSchemaOptions): Promise<Schema> {
    return Schema.fromJsonSchema(await collectionJsonSchema(collection), options);
  }

  /**
   * The schema of a zod 4 model of documents (`z.object({...})`), read from
   * the model itself, so that what JSON Schema cannot say maps too: `z.date()`
   * → `'date'`, `z.bigint()` → `'int64'`, `z.instanceof(ObjectId)` (or
   * `AnyObjectId`) → `'objectId'`, and the other bson classes. Where
   * JSON Schema can say the type, the columns are those of
   * `Schema.fromJsonSchema(z.toJSONSchema(model))`. Optional, nullable and
   * default wrappers give the inner type, and a field without one of them
   * is required (`types.required`); a pipe its input side (the stored
   * value, before any transform); `z.record(z.string(), T)` → `types.map(T)`;
   * `z.any()`/`z.unknown()` → `'extendedJson'`. A union of unrelated types
   * is `INVALID_SCHEMA` naming the field unless `unions` says `'text'` or
   * `'extendedJson'`; what has no column (`z.function()`, `z.map()`, a
   * recursive `z.lazy`) is `INVALID_SCHEMA` naming the path. zod itself is
   * not loaded: the model is read as data.
   *
   * @example
   * ```ts
   * const Order = z.object({ _id: z.instanceof(ObjectId), total: z.number(), at: z.date() });
   * const table = await findArrow(orders, {}, { schema: Schema.fromZod(Order) });
   * ```
   */
  static fromZod(model: ZodSchemaLike, options?: JsonSchemaOptions): Schema {
    return Schema.fromFields(fieldsFromZod(model, options));
  }

  /** Accepts a `Schema`, an `apache-arrow` Schema or a plain definition object. */
  static from(schema: Schema | ArrowSchema | SchemaDefinition): Schema {
    if (schema instanceof Schema) return schema;
    if (isArrowSchema(schema)) return Schema.fromArrow(schema as ArrowSchema);
    return new Schema(schema as SchemaDefinition);
  }

  /** The Arrow schema of the tables read with this schema (and these representation options). */
  toArrow(settings: DecoderSettings = {}): ArrowSchema {
    checkDecoderSettings(settings, 'Schema.toArrow');
    const options = nativeDecoderOptions(settings);
    return emptyTableFromIpc(callNative(() => this.native.arrowIpc(options))).schema;
  }

  /**
   * The projection that fetches this schema's top-level fields (never dotted
   * paths, which would make the server drop values of other types before the
   * decoder could report them). `_id` comes anyway, so that an error can name
   * the document; it is a column only if the schema names it. `undefined` when
   * a top-level name cannot be a projection path (contains '.', starts with
   * '$'): whole documents are fetched and the decoder skips the rest.
   */
  toProjection(): Record<string, 0 | 1> | undefined {
    return callNative(() => this.native.projection()) ?? undefined;
  }

  /**
   * This (inferred) schema with the fields of `declared` put in: a declared
   * field replaces the inferred one of the same name, in its place; declared
   * fields no document had come last.
   */
  overriddenBy(declared: Schema): Schema {
    const byName = new Map(declared.fields.map((f) => [f.name, f]));
    const fields = this.fields.map((f) => byName.get(f.name) ?? f);
    const inferredNames = new Set(this.fields.map((f) => f.name));
    fields.push(...declared.fields.filter((f) => !inferredNames.has(f.name)));
    return Schema.fromFields(fields);
  }

  /** The JSON form, as {@link Schema.fromJSON} reads it. */
  toJSON(): { fields: readonly SchemaField[] } {
    return { fields: this.fields };
  }
}
