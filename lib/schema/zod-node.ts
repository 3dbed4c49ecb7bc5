import { describeValue, MongoArrowError } from '../errors/errors.js';

/** What `Schema.fromZod` reads of a zod 4 schema: its plain data, never zod itself. */

/**
 * The part of a zod 4 schema that `Schema.fromZod` needs to recognize one.
 * Structural, so that mongodb-arrow's types do not depend on zod (an
 * optional peer dependency): every zod 4 schema (`zod`, `zod/mini`) fits.
 */
export interface ZodSchemaLike {
  readonly _zod: { readonly def: { readonly type: string } };
}

/** What is read of a schema: its definition, its bag (`z.instanceof`'s class) and a lazy's cached inner type. */
export interface ZodNode {
  readonly _zod: {
    readonly def: Readonly<Record<string, unknown>> & { readonly type: string };
    readonly bag?: Readonly<Record<string, unknown>>;
    readonly innerType?: unknown;
  };
}

export function invalid(path: string, message: string): MongoArrowError {
  return new MongoArrowError('INVALID_SCHEMA', `zod schema${path ? ` at '${path}'` : ''}: ${message}`);
}

export function isZodNode(value: unknown): value is ZodNode {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const internals = (value as { _zod?: unknown })._zod;
  if (typeof internals !== 'object' || internals === null) return false;
  const def = (internals as { def?: unknown }).def;
  return typeof def === 'object' && def !== null && typeof (def as { type?: unknown }).type === 'string';
}

export function asZodNode(value: unknown, path: string): ZodNode {
  if (isZodNode(value)) return value;
  throw invalid(path, `expected a zod 4 schema, got ${describeValue(value)}`);
}

/** A schema with its wrappers peeled off, and what they allowed. */
export interface Peeled {
  readonly node: ZodNode;
  readonly optional: boolean;
  readonly nullable: boolean;
}

/**
 * Takes off the wrappers that leave the stored type as it is: optional,
 * nullable, defaults, catch, readonly, lazy, and pipes, of which the input
 * side is kept (the value stored in MongoDB is what the model parses, before
 * any transform; a preprocess's input is unknown, so its output is kept, as
 * `z.toJSONSchema(model, { io: 'input' })` does).
 */
export function peel(schema: unknown, path: string, seen = new Set<ZodNode>()): Peeled {
  let node = asZodNode(schema, path);
  let optional = false;
  let nullable = false;
  for (;;) {
    if (seen.has(node)) throw invalid(path, 'a z.lazy refers to itself with no document, array or record between');
    seen.add(node);
    const def = node._zod.def;
    let inner: unknown;
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'prefault':
      case 'catch':
        optional = true;
        inner = def.innerType;
        break;
      case 'nullable':
        nullable = true;
        inner = def.innerType;
        break;
      case 'nonoptional': {
        // Takes away the optional inside it (not one around it); a null inside stays allowed.
        const wrapped = peel(def.innerType, path, seen);
        return { node: wrapped.node, optional, nullable: nullable || wrapped.nullable };
      }
      case 'readonly':
        inner = def.innerType;
        break;
      case 'lazy':
        inner = node._zod.innerType ?? (typeof def.getter === 'function' ? def.getter() : undefined);
        break;
      case 'pipe': {
        const input = asZodNode(def.in, path);
        inner = input._zod.def.type === 'transform' ? def.out : input;
        break;
      }
      default:
        return { node, optional, nullable };
    }
    node = asZodNode(inner, path);
  }
}

/** The definitions of a schema's checks; a format schema (`z.int32()`, `z.email()`) is its own first check. */
export function checksOf(node: ZodNode): Readonly<Record<string, unknown>>[] {
  const def = node._zod.def;
  const checks: unknown[] = Array.isArray(def.checks) ? def.checks : [];
  const defs = checks.flatMap((check) => {
    const checkDef = (check as { _zod?: { def?: unknown } } | null)?._zod?.def;
    return typeof checkDef === 'object' && checkDef !== null ? [checkDef as Readonly<Record<string, unknown>>] : [];
  });
  return typeof def.check === 'string' ? [def, ...defs] : defs;
}
