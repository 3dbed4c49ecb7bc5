import type { Schema as ArrowSchema } from 'apache-arrow';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { isArrowSchema } from '../schema/arrow-schema.js';
import type { ArrowTypesOf, Representation } from '../schema/arrow-types.js';
import { Schema } from '../schema/schema.js';
import type { SchemaDefinition } from '../schema/schema-types.js';
import type { ZodSchemaLike } from '../schema/zod-schema.js';
import type { ZodModelTypes } from '../schema/zod-types.js';

type ObjectKind = 'object' | readonly string[];

/**
 * A JSON Schema of documents or a MongoDB validator, told apart from a
 * schema definition by its keys: `$jsonSchema`, or `type`/`bsonType` of
 * `'object'` (no type name of a definition).
 */
export type JsonSchemaDefinition =
  | { readonly $jsonSchema: object; readonly [keyword: string]: unknown }
  | { readonly bsonType: ObjectKind; readonly [keyword: string]: unknown }
  | { readonly type: ObjectKind; readonly [keyword: string]: unknown };

/**
 * The column types of a model's tables, at compile time: from a zod model
 * or a definition object; `any` (apache-arrow's default) from a JSON Schema,
 * a `Schema` or an Arrow schema, whose types only the runtime knows. `R`:
 * the read's representation options.
 */
export type ModelTypes<Def, R extends Representation = Representation> = Def extends ZodSchemaLike
  ? ZodModelTypes<Def, R>
  : Def extends Schema | JsonSchemaDefinition
    ? // biome-ignore lint/suspicious/noExplicitAny: apache-arrow's own default for a table of unknown columns.
      any
    : Def extends SchemaDefinition
      ? ArrowTypesOf<Def, R>
      : // biome-ignore lint/suspicious/noExplicitAny: as above.
        any;

/** What a model is made from. */
export type ModelDefinition = Schema | ArrowSchema | ZodSchemaLike | JsonSchemaDefinition | SchemaDefinition;

function isObjectKind(value: unknown): boolean {
  return value === 'object' || (Array.isArray(value) && value.includes('object'));
}

/**
 * A JSON Schema's root says `type`/`bsonType: 'object'` or is a validator
 * (`$jsonSchema`); neither can be a schema definition, where `'object'` is
 * no type name.
 */
function isJsonSchema(value: Record<string, unknown>): boolean {
  return '$jsonSchema' in value || isObjectKind(value.type) || isObjectKind(value.bsonType);
}

function isZod(value: Record<string, unknown>): value is Record<string, unknown> & ZodSchemaLike {
  const internals = value._zod as { def?: { type?: unknown } } | undefined;
  return typeof internals?.def?.type === 'string';
}

/**
 * The model's schema, `_id` moved first when it has one: the column a
 * DataFrame (which has no index) and a reader look for first.
 */
export function modelSchema(definition: ModelDefinition): Schema {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new MongoArrowError(
      'INVALID_SCHEMA',
      `model: the definition must be a zod object, a JSON Schema, a Schema or a schema definition, got ${describeValue(definition)}`,
    );
  }
  const value = definition as Record<string, unknown>;
  let schema: Schema;
  if (definition instanceof Schema) schema = definition;
  else if (isZod(value)) schema = Schema.fromZod(value);
  else if (isArrowSchema(value)) schema = Schema.fromArrow(definition as ArrowSchema);
  else if (isJsonSchema(value)) schema = Schema.fromJsonSchema(value);
  else schema = new Schema(definition as SchemaDefinition);
  const at = schema.fields.findIndex((f) => f.name === '_id');
  if (at <= 0) return schema;
  const fields = [...schema.fields];
  fields.unshift(...fields.splice(at, 1));
  return Schema.fromFields(fields);
}
