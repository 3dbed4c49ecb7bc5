import { Schema } from '../schema/schema.js';
import type { SchemaDefinition } from '../schema/schema-types.js';
import { parseJsonOption } from './json-input.js';
import { UsageError } from './usage-error.js';

/** `--schema`: Schema JSON (`{"fields": [...]}`, what `schema --json` prints) or a definition object. */
export function parseSchemaOption(text: string | undefined): Schema | undefined {
  if (text === undefined) return undefined;
  const value = parseJsonOption('schema', text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('--schema must be a JSON object: a definition or Schema JSON');
  }
  if (Array.isArray((value as { fields?: unknown }).fields)) return Schema.fromJSON(JSON.stringify(value));
  return new Schema(value as SchemaDefinition);
}
