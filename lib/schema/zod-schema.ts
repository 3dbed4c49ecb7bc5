import { describeValue, MongoArrowError } from '../errors/errors.js';
import { checkUnionsOption, integerColumn, type JsonSchemaOptions } from './json-schema.js';
import { type FieldType, MAX_SCHEMA_DEPTH, modelField, type SchemaField } from './schema-types.js';
import { checksOf, invalid, isZodNode, peel, type ZodNode, type ZodSchemaLike } from './zod-node.js';
import { classType, enumValues, literalKind, numberType, stringType } from './zod-scalars.js';

export type { ZodSchemaLike } from './zod-node.js';

/**
 * A zod 4 model as schema fields, read from the model itself (`_zod.def`)
 * rather than through `z.toJSONSchema`, which cannot say `z.date()`,
 * `z.bigint()` or `z.instanceof(ObjectId)`. Where JSON Schema can say the
 * type, the columns are those `fieldsFromJsonSchema` makes of
 * `z.toJSONSchema(model)`. zod is never imported: the caller's copy made the
 * model, and only its plain data is read. The schema's plain data is read in
 * zod-node.ts, its scalar types in zod-scalars.ts; this file walks the model.
 */

/** A column as the walk finds it: its type, and whether the model lets it be missing or null. */
interface Column {
  readonly type: FieldType;
  readonly optional: boolean;
  readonly nullable: boolean;
}

interface Walk {
  readonly options: JsonSchemaOptions;
  /** The documents, lists and maps enclosing the current one: meeting one again is recursion. */
  readonly enclosing: Set<ZodNode>;
}

/**
 * Literals and enums: strings are a string column, booleans bool, integers
 * int32 when all fit it (else int64; bigints int64), other numbers double;
 * `null`/`undefined` only make the column nullable/optional.
 */
function literalColumn(values: readonly unknown[], path: string, walk: Walk): Column {
  const nullable = values.includes(null);
  const optional = values.includes(undefined);
  const rest = values.filter((v) => v !== null && v !== undefined);
  const kinds = new Set(rest.map(literalKind));
  let type: FieldType;
  if (kinds.size === 0) type = 'null';
  else if (kinds.has('string') && kinds.size === 1) type = 'string';
  else if (kinds.has('boolean') && kinds.size === 1) type = 'bool';
  else if (kinds.has('number') && kinds.size === 1) {
    const numbers = rest.map(Number);
    if (rest.some((v) => typeof v === 'bigint')) type = 'int64';
    else if (numbers.every(Number.isInteger)) type = integerColumn(Math.min(...numbers), Math.max(...numbers));
    else type = 'double';
  } else type = union(path, `a union of ${[...kinds].join(' and ')} literals`, walk);
  return { type, optional, nullable };
}

/** Why a zod type has no column. */
const UNMAPPABLE: Readonly<Record<string, string>> = {
  function: 'a function is not stored data',
  promise: 'a promise is not stored data',
  symbol: 'MongoDB does not store JavaScript symbols',
  map: 'a document comes back from MongoDB as a plain object: model it as z.record(z.string(), T)',
  set: 'MongoDB stores arrays: model it as z.array(T)',
  file: 'MongoDB does not store File objects: model binary data as z.instanceof(Binary) or z.instanceof(Buffer)',
  transform: 'a bare transform says nothing of the stored value',
  intersection: 'intersections (z.intersection, .and) are not mapped: combine objects with .extend()',
  never: 'z.never() accepts no value',
  success: "z.success() accepts any value and says nothing of the stored one's type",
  custom:
    'z.custom() and z.instanceof() of a class other than Date, Buffer/Uint8Array or a bson class have no known type',
};

function union(path: string, what: string, walk: Walk): FieldType {
  const choice = walk.options.unions ?? 'error';
  if (choice === 'text' || choice === 'extendedJson') return choice;
  throw invalid(
    path,
    `${what} has no single column type; pass { unions: 'text' } or { unions: 'extendedJson' } to load such fields, or declare the field yourself`,
  );
}

/** zod types that are of another's kind in a union. */
const KIND_OF_TYPE: Readonly<Record<string, string>> = {
  template_literal: 'string',
  int: 'number',
  nan: 'number',
  bigint: 'number',
  tuple: 'array',
};

/** What an alternative of a union is at a glance, without walking into it: unions of one kind are walked. */
function kindOf(node: ZodNode): string {
  const def = node._zod.def;
  const values = def.type === 'literal' ? def.values : def.type === 'enum' ? enumValues(def.entries) : undefined;
  if (Array.isArray(values)) {
    const kinds = new Set(values.filter((v) => v !== null && v !== undefined).map(literalKind));
    return kinds.size === 1 ? ([...kinds][0] as string) : 'literal';
  }
  return KIND_OF_TYPE[def.type] ?? def.type;
}

const NUMERIC: readonly FieldType[] = ['int32', 'int64', 'double'];

/**
 * A union of alternatives of one type (string literals, `z.email()` or
 * `z.string()`, objects alike) is that type; of integers and numbers the
 * widest of them; `null` and `undefined` alternatives only make the column
 * nullable. Any other union is an error unless `unions` asks for a
 * `'text'` or `'extendedJson'` column.
 */
function unionColumn(node: ZodNode, path: string, depth: number, walk: Walk): Column {
  let optional = false;
  let nullable = false;
  const alternatives: ZodNode[] = [];
  const seen = new Set<ZodNode>();
  const pending = [node];
  for (let next = pending.pop(); next; next = pending.pop()) {
    // A union that holds itself (through z.lazy) adds no alternative.
    if (seen.has(next)) continue;
    seen.add(next);
    const options = next._zod.def.options;
    if (!Array.isArray(options)) throw invalid(path, 'a union without options');
    for (const option of [...options].reverse()) {
      const peeled = peel(option, path);
      optional ||= peeled.optional;
      nullable ||= peeled.nullable;
      const def = peeled.node._zod.def;
      const values = def.type === 'literal' && Array.isArray(def.values) ? def.values : [];
      if (def.type === 'union') pending.push(peeled.node);
      else if (def.type === 'null' || (values.length > 0 && values.every((v) => v === null || v === undefined))) {
        nullable ||= values.length === 0 || values.includes(null);
        optional ||= values.includes(undefined);
      } else if (def.type === 'undefined' || def.type === 'void') optional = true;
      else alternatives.unshift(peeled.node);
    }
  }
  if (alternatives.length === 0) return { type: 'null', optional, nullable };
  const kinds = [...new Set(alternatives.map(kindOf))];
  if (kinds.length > 1) {
    return { type: union(path, `a union of ${kinds.join(' and ')}`, walk), optional, nullable };
  }
  const columns = alternatives.map((alternative) => nodeColumn(alternative, path, depth, walk));
  const types = columns.map((c) => c.type);
  const first = JSON.stringify(types[0]);
  let type: FieldType;
  if (types.every((t) => JSON.stringify(t) === first)) type = types[0] as FieldType;
  else if (types.every((t) => NUMERIC.includes(t)))
    type = NUMERIC[Math.max(...types.map((t) => NUMERIC.indexOf(t)))] as FieldType;
  else type = union(path, `a union of ${alternatives.length} different ${kinds[0]} schemas`, walk);
  return {
    type,
    optional: optional || columns.some((c) => c.optional),
    nullable: nullable || columns.some((c) => c.nullable),
  };
}

/** A container's contents one level down; meeting an enclosing container again is a recursive model. */
function within<T>(node: ZodNode, path: string, depth: number, walk: Walk, contents: () => T): T {
  if (depth > MAX_SCHEMA_DEPTH) throw invalid(path, `nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
  if (walk.enclosing.has(node)) {
    throw invalid(
      path,
      'the model is recursive here (through z.lazy or a getter), and a column cannot nest without end; declare the field yourself',
    );
  }
  walk.enclosing.add(node);
  try {
    return contents();
  } finally {
    walk.enclosing.delete(node);
  }
}

function documentFields(node: ZodNode, prefix: string, depth: number, walk: Walk): SchemaField[] {
  const shape = node._zod.def.shape;
  if (shape === null || typeof shape !== 'object') throw invalid(prefix, 'an object schema without a shape');
  return within(node, prefix, depth, walk, () =>
    // Symbol keys are not stored: BSON keys are strings.
    Object.keys(shape).map((name) => {
      const column = columnOf(
        (shape as Record<string, unknown>)[name],
        prefix ? `${prefix}.${name}` : name,
        depth,
        walk,
      );
      return modelField(name, column.type, !column.optional && !column.nullable);
    }),
  );
}

/**
 * A record is a map column (its keys are data) of values at `depth`: its keys
 * must be strings or numbers (stored as strings). A loose record whose key
 * schema can reject a key keeps such keys with values of any type:
 * `'extendedJson'`.
 */
function recordType(node: ZodNode, path: string, depth: number, walk: Walk): FieldType {
  const def = node._zod.def;
  const key = peel(def.keyType, path).node;
  const keyKind = key._zod.def.type === 'union' ? 'union' : kindOf(key);
  if (keyKind !== 'string' && keyKind !== 'number') {
    const union = key._zod.def.options;
    const kinds = Array.isArray(union) ? union.map((o) => kindOf(peel(o, path).node)) : [keyKind];
    if (!kinds.every((k) => k === 'string' || k === 'number')) {
      throw invalid(
        path,
        `z.record keys must be strings or numbers (BSON keys are strings), not ${kinds.join(' or ')}`,
      );
    }
  }
  const everyKey = key._zod.def.type === 'string' && checksOf(key).length === 0;
  if (def.mode === 'loose' && !everyKey) return 'extendedJson';
  return { type: 'map', values: columnOf(def.valueType, `${path}{}`, depth, walk).type };
}

function columnOf(schema: unknown, path: string, depth: number, walk: Walk): Column {
  if (depth > MAX_SCHEMA_DEPTH) throw invalid(path, `nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
  const peeled = peel(schema, path);
  const column = nodeColumn(peeled.node, path, depth, walk);
  return { ...column, optional: peeled.optional || column.optional, nullable: peeled.nullable || column.nullable };
}

const FIXED: Readonly<Record<string, Column>> = {
  boolean: { type: 'bool', optional: false, nullable: false },
  date: { type: 'date', optional: false, nullable: false },
  bigint: { type: 'int64', optional: false, nullable: false },
  nan: { type: 'double', optional: false, nullable: false },
  template_literal: { type: 'string', optional: false, nullable: false },
  // Any value, kept exactly, as fromJsonSchema makes of `{}`.
  any: { type: 'extendedJson', optional: true, nullable: true },
  unknown: { type: 'extendedJson', optional: true, nullable: true },
  null: { type: 'null', optional: false, nullable: true },
  undefined: { type: 'null', optional: true, nullable: false },
  void: { type: 'null', optional: true, nullable: false },
};

/** The column of a peeled schema (no wrapper left on top). */
function nodeColumn(node: ZodNode, path: string, depth: number, walk: Walk): Column {
  const def = node._zod.def;
  const plain = (type: FieldType): Column => ({ type, optional: false, nullable: false });
  const fixed = FIXED[def.type];
  if (fixed) return fixed;
  switch (def.type) {
    case 'string':
      return plain(stringType(node));
    case 'number':
    case 'int':
      return plain(numberType(node));
    case 'enum':
      return literalColumn(enumValues(def.entries), path, walk);
    case 'literal':
      return literalColumn(Array.isArray(def.values) ? def.values : [], path, walk);
    case 'object':
      return plain({ type: 'document', fields: documentFields(node, path, depth + 1, walk) });
    case 'array':
      return plain({
        type: 'list',
        items: within(node, path, depth + 1, walk, () => columnOf(def.element, `${path}[]`, depth + 1, walk).type),
      });
    case 'tuple': {
      // A tuple is an array: one list whose items are the union of its positions.
      const items = [...(Array.isArray(def.items) ? def.items : []), ...(def.rest ? [def.rest] : [])];
      const options = { _zod: { def: { type: 'union', options: items } } };
      return plain({
        type: 'list',
        items: within(node, path, depth + 1, walk, () => unionColumn(options, `${path}[]`, depth + 1, walk).type),
      });
    }
    case 'record':
      return plain(within(node, path, depth + 1, walk, () => recordType(node, path, depth + 1, walk)));
    case 'union':
      return unionColumn(node, path, depth, walk);
    case 'custom': {
      const type = classType(node._zod.bag?.Class);
      if (type) return plain(type);
      break;
    }
  }
  const why = UNMAPPABLE[def.type] ?? `zod type '${def.type}' has no column type`;
  throw invalid(path, `${why}; declare the field yourself`);
}

/** Why a value is not a zod 4 schema: zod 3's schemas have `_def` and no `_zod`. */
function notZod4(model: unknown): MongoArrowError {
  const zod3 = typeof model === 'object' && model !== null && '_def' in model;
  return new MongoArrowError(
    'INVALID_SCHEMA',
    zod3
      ? 'Schema.fromZod expects a zod 4 schema, and this looks like a zod 3 one (it has _def, not _zod). ' +
          "Upgrade to zod 4 (zod 3.25 ships it as 'zod/v4'), or turn the model into a JSON Schema " +
          '(zod 3 has no z.toJSONSchema; the zod-to-json-schema package does it) and use Schema.fromJsonSchema'
      : `Schema.fromZod expects a zod 4 schema (z.object({...})), got ${describeValue(model)}`,
  );
}

/** The fields of a zod 4 object schema of documents. */
export function fieldsFromZod(model: ZodSchemaLike, options: JsonSchemaOptions = {}): SchemaField[] {
  checkUnionsOption(options, 'Schema.fromZod');
  if (!isZodNode(model)) throw notZod4(model);
  const walk: Walk = { options, enclosing: new Set() };
  const root = peel(model, '').node;
  if (root._zod.def.type !== 'object') {
    throw invalid('', `the root must be a z.object(...) (the documents of a collection), not ${root._zod.def.type}`);
  }
  // The root's fields are level 1, as a schema's top-level fields are.
  return documentFields(root, '', 1, walk);
}
