import type { Schema as ArrowSchema, Field } from 'apache-arrow';
import { MongoArrowError } from '../errors/errors.js';
import { schemaToIpc } from '../native/ipc.js';
import { callNative, NativeSchema } from '../native/native.js';
import { MAX_SCHEMA_DEPTH } from './schema-types.js';

/**
 * An apache-arrow Schema as a native schema. The mapping of Arrow types to
 * schema types lives in Rust (crates/bson-arrow/src/schema/from_arrow.rs),
 * beside the mapping the other way; here the schema is only checked by shape
 * and serialized as Arrow IPC.
 */

/** True for an `apache-arrow` Schema, by shape rather than `instanceof`. */
export function isArrowSchema(value: unknown): boolean {
  const fields = (value as { fields?: unknown } | null)?.fields;
  return (
    Array.isArray(fields) &&
    fields.every((f) => typeof (f as { type?: { typeId?: unknown } })?.type?.typeId === 'number')
  );
}

/** A field's name for a path in messages, whatever the caller passed as a field. */
function nameOf(field: unknown): string {
  const name = (field as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '?';
}

/**
 * Checks, without recursion, that every field is an Arrow Field and that the
 * schema nests no deeper than a schema may, before apache-arrow's writer
 * (which recurses) and the native reader see it.
 */
function checkShape(schema: ArrowSchema): void {
  const pending: [unknown, string, number][] = schema.fields.map((f) => [f, nameOf(f), 1]);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [field, path, depth] = next;
    if (depth > MAX_SCHEMA_DEPTH) {
      throw new MongoArrowError(
        'INVALID_SCHEMA',
        `field '${path}' nests deeper than ${MAX_SCHEMA_DEPTH} levels (the limit of a schema)`,
      );
    }
    const shaped = field as Partial<Field> | null;
    if (typeof shaped?.name !== 'string' || typeof shaped.type?.typeId !== 'number') {
      throw new MongoArrowError('INVALID_SCHEMA', `field '${path}' is not an Arrow Field with a name and a type`);
    }
    const children: unknown = (shaped.type as { children?: unknown }).children;
    if (!Array.isArray(children)) continue;
    for (const child of children) pending.push([child, `${path}.${nameOf(child)}`, depth + 1]);
  }
}

/** The native schema of an apache-arrow Schema (of any apache-arrow copy). */
export function nativeSchemaOfArrow(schema: ArrowSchema): NativeSchema {
  checkShape(schema);
  let ipc: Uint8Array;
  try {
    ipc = schemaToIpc(schema);
  } catch (err) {
    throw new MongoArrowError('INVALID_SCHEMA', `apache-arrow cannot write this schema: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return callNative(() => NativeSchema.fromArrowIpc(ipc));
}
