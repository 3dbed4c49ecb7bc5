import type { Schema } from './schema.js';
import type { FieldType, SchemaField } from './schema-types.js';

/** A field one side has and the other lacks. */
export interface DriftField {
  /** The field path: `address.city`, `items[].sku`, `scores{}` (a map's values). */
  readonly path: string;
  /** Its type as schemas name it (`'double'`, `'list<string>'`, `'document'`). */
  readonly type: string;
}

/** A field both sides have, with types of different kinds. */
export interface DriftDifference {
  readonly path: string;
  /** The model's type. */
  readonly model: string;
  /** The type inferred from the data (`'text'`: values of several types that cannot share a column). */
  readonly data: string;
  /**
   * Whether every value of the data's type loads into the model's column
   * without a conflict (`int32` data in an `int64` field, fields only ever
   * null): a difference to know of, not a failure.
   */
  readonly widens: boolean;
}

/** How a collection's data differs from its model; see `Model.inferDrift`. */
export interface SchemaDrift {
  /** Fields the data has and the model does not declare (they are not loaded). */
  readonly onlyInData: readonly DriftField[];
  /** Fields the model declares and no document has (their columns are all null). */
  readonly onlyInModel: readonly DriftField[];
  /** Fields whose types differ in kind (parameters such as a date's unit are not compared). */
  readonly typeDifferences: readonly DriftDifference[];
  /** Whether any of the lists is not empty. */
  readonly drifted: boolean;
}

function kindOf(type: FieldType): string {
  return typeof type === 'string' ? type : type.type;
}

/** A type's name as schemas and conflict messages write it. */
export function typeName(type: FieldType): string {
  if (typeof type === 'string') return type;
  if (type.type === 'list') return `list<${typeName(type.items)}>`;
  if (type.type === 'map') return `map<${typeName(type.values)}>`;
  return type.type;
}

/** The data-to-model widenings the decoder accepts without a conflict (crates/bson-arrow/docs/types.md). */
const WIDENS: Readonly<Record<string, readonly string[]>> = {
  int64: ['int32'],
  double: ['int32', 'int64'],
};

function widens(model: string, data: string): boolean {
  return data === 'null' || model === 'text' || model === 'extendedJson' || (WIDENS[model] ?? []).includes(data);
}

interface Collected {
  onlyInData: DriftField[];
  onlyInModel: DriftField[];
  typeDifferences: DriftDifference[];
}

function compareTypes(model: FieldType, data: FieldType, path: string, into: Collected): void {
  const [modelKind, dataKind] = [kindOf(model), kindOf(data)];
  if (modelKind !== dataKind) {
    into.typeDifferences.push({
      path,
      model: typeName(model),
      data: typeName(data),
      widens: widens(modelKind, dataKind),
    });
    return;
  }
  if (typeof model === 'string' || typeof data === 'string') return;
  if (model.type === 'document' && data.type === 'document') compareFields(model.fields, data.fields, path, into);
  else if (model.type === 'list' && data.type === 'list') compareTypes(model.items, data.items, `${path}[]`, into);
  else if (model.type === 'map' && data.type === 'map') compareTypes(model.values, data.values, `${path}{}`, into);
}

function compareFields(
  model: readonly SchemaField[],
  data: readonly SchemaField[],
  prefix: string,
  into: Collected,
): void {
  const path = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const inData = new Map(data.map((f) => [f.name, f]));
  const inModel = new Set(model.map((f) => f.name));
  for (const field of model) {
    const found = inData.get(field.name);
    if (found) compareTypes(field.type, found.type, path(field.name), into);
    else into.onlyInModel.push({ path: path(field.name), type: typeName(field.type) });
  }
  for (const field of data) {
    if (!inModel.has(field.name)) into.onlyInData.push({ path: path(field.name), type: typeName(field.type) });
  }
}

/**
 * How `data` (a schema inferred from documents) differs from `model`: fields
 * on one side only, at any depth, and types of different kinds. A report,
 * never a throw.
 */
export function schemaDrift(model: Schema, data: Schema): SchemaDrift {
  const into: Collected = { onlyInData: [], onlyInModel: [], typeDifferences: [] };
  compareFields(model.fields, data.fields, '', into);
  const drifted = into.onlyInData.length + into.onlyInModel.length + into.typeDifferences.length > 0;
  return { ...into, drifted };
}
