import type { FieldCounts, SchemaCounts } from '../api/infer.js';
import type { FieldType, SchemaField } from '../schema/schema-types.js';

/** A field's counts by its path, for the comment beside its line. */
type CountsOf = (path: readonly string[]) => FieldCounts | undefined;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function typeText(type: FieldType, indent: string, path: readonly string[], counts: CountsOf): string {
  if (typeof type === 'string') return `'${type}'`;
  switch (type.type) {
    case 'document':
      return fieldsText(type.fields, indent, path, counts);
    case 'list':
      // An array's element documents' fields follow the array's own path, as the counts name them.
      return `[${typeText(type.items, indent, path, counts)}]`;
    case 'map':
      return `types.map(${typeText(type.values, indent, path, counts)})`;
    case 'date':
      return type.unit === 'ms' && type.timezone === 'UTC'
        ? `'date'`
        : `types.date('${type.unit}', ${type.timezone === null ? 'null' : JSON.stringify(type.timezone)})`;
    case 'decimal128':
      return `types.decimal128(${type.precision}, ${type.scale})`;
    case 'binary':
      return `types.binary(${type.subtype})`;
  }
}

function countsComment(counts: FieldCounts | undefined): string {
  return counts ? ` // documents ${counts.documents}, nulls ${counts.nulls}, conflicts ${counts.conflicts}` : '';
}

function fieldsText(fields: readonly SchemaField[], indent: string, path: readonly string[], counts: CountsOf): string {
  if (fields.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = fields.map((field) => {
    const at = [...path, field.name];
    const text = typeText(field.type, inner, at, counts);
    const line = `${inner}${key(field.name)}: ${field.nullable === false ? `types.required(${text})` : text},`;
    // Beside the field's first line: a document's fields follow on their own lines.
    const cut = line.indexOf('\n');
    const comment = countsComment(counts(at));
    return cut < 0 ? `${line}${comment}` : `${line.slice(0, cut)}${comment}${line.slice(cut)}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * A schema in the definition syntax of `findArrow({ schema })`, as TypeScript
 * source; with counts, each field's as a comment beside it and the documents
 * seen on a first line.
 */
export function definitionText(fields: readonly SchemaField[], counts?: SchemaCounts): string {
  if (!counts) return fieldsText(fields, '', [], () => undefined);
  const byPath = new Map(counts.fields.map((f) => [JSON.stringify(f.path), f]));
  return `// documents ${counts.documents}\n${fieldsText(fields, '', [], (path) => byPath.get(JSON.stringify(path)))}`;
}
