import type { SchemaNode } from '../../index.js';
import type { SchemaField } from './schema-types.js';

/**
 * A schema crosses into Rust as a flat list of nodes in depth-first order
 * (see src/schema_nodes.rs): napi converts nested values recursively and
 * stops at 128 levels, while a schema may nest 200. Fields from JSON are
 * passed as they are, well-formed or not; the native parser judges them.
 */
const NESTED_KEYS = ['fields', 'items', 'values'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pushType(nodes: SchemaNode[], field: unknown, type: unknown): void {
  const nested = isObject(type) ? NESTED_KEYS.find((key) => key in type) : undefined;
  if (!nested || !isObject(type)) {
    nodes.push({ field, type });
    return;
  }
  const { [nested]: inner, ...shallow } = type;
  const children = Array.isArray(inner) ? inner.length : undefined;
  nodes.push({ field, type: shallow, nested, children });
  if (nested === 'fields') {
    if (Array.isArray(inner)) for (const child of inner) pushField(nodes, child);
  } else {
    pushType(nodes, undefined, inner);
  }
}

function pushField(nodes: SchemaNode[], field: unknown): void {
  if (!isObject(field) || !('type' in field)) {
    nodes.push({ field });
    return;
  }
  const { type, ...rest } = field;
  pushType(nodes, rest, type);
}

/** Fields (of a schema's JSON form) as the native schema takes them. */
export function toSchemaNodes(fields: readonly unknown[]): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  for (const field of fields) pushField(nodes, field);
  return nodes;
}

/** The fields that well-formed nodes (as the native schema writes them) spell. */
export function fromSchemaNodes(nodes: readonly SchemaNode[]): SchemaField[] {
  let at = 0;
  const type = (): unknown => {
    const node = nodes[at++] as SchemaNode;
    if (!node.nested) return node.type;
    const inner = node.nested === 'fields' ? Array.from({ length: node.children ?? 0 }, () => field()) : type();
    return { ...(node.type as object), [node.nested]: inner };
  };
  const field = (): SchemaField => {
    const { name, nullable } = (nodes[at] as SchemaNode).field as Pick<SchemaField, 'name' | 'nullable'>;
    const fieldType = type() as SchemaField['type'];
    // The core writes `nullable` only when false; a nullable field keeps the plain `{ name, type }`.
    return nullable === false ? { name, type: fieldType, nullable } : { name, type: fieldType };
  };
  const fields: SchemaField[] = [];
  while (at < nodes.length) fields.push(field());
  return fields;
}
