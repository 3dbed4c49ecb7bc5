import type { Schema as ArrowSchema } from 'apache-arrow';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { isArrowSchema } from '../schema/arrow-schema.js';
import { Schema } from '../schema/schema.js';
import type { SchemaDefinition } from '../schema/schema-types.js';
import type { ZodSchemaLike } from '../schema/zod-schema.js';

/** A JSON Schema of documents or a MongoDB validator (`{ $jsonSchema }`), told apart by its keys. */
export interface JsonSchemaDefinition {
  readonly $jsonSchema?: object;
  readonly type?: unknown;
  readonly bsonType?: unknown;
  readonly properties?: object;
}

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
