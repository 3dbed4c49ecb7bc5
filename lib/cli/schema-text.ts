import type { FieldType, SchemaField } from '../schema/schema-types.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function typeText(type: FieldType, indent: string): string {
  if (typeof type === 'string') return `'${type}'`;
  switch (type.type) {
    case 'document':
      return fieldsText(type.fields, indent);
    case 'list':
      return `[${typeText(type.items, indent)}]`;
    case 'map':
      return `types.map(${typeText(type.values, indent)})`;
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

function fieldsText(fields: readonly SchemaField[], indent: string): string {
  if (fields.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = fields.map((field) => {
    const text = typeText(field.type, inner);
    return `${inner}${key(field.name)}: ${field.nullable === false ? `types.required(${text})` : text},`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** A schema in the definition syntax of `findArrow({ schema })`, as TypeScript source. */
export function definitionText(fields: readonly SchemaField[]): string {
  return fieldsText(fields, '');
}
