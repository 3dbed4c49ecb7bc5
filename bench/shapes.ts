/**
 * The document shapes of the benchmark: PyMongoArrow's own suite (small,
 * large, array, nested, extension), two messy ones (mixed, wide) and the
 * three realistic ones of issue #15 (sensor, events, orders; shapes-realistic.ts).
 * Each shape carries its column types once; our declared schema, the pure-JS
 * builders and the Python schema all derive from it, so every contender
 * decodes exactly the same columns.
 */
import { Binary, Decimal128, type Document, Double, Int32, Long, ObjectId } from 'mongodb';
import { type FieldTypeDefinition, Schema, type SchemaDefinition } from '../lib/index.js';
import type { Random } from './random.js';
import { REALISTIC_SHAPES } from './shapes-realistic.js';

export type ScalarType =
  | 'double'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'string'
  | 'date'
  | 'objectId'
  | 'decimal128'
  | 'binary';
export type FieldType = ScalarType | { readonly list: FieldType } | { readonly document: readonly Field[] };
export interface Field {
  readonly name: string;
  readonly type: FieldType;
}

export type ShapeName =
  | 'small'
  | 'large'
  | 'array'
  | 'nested'
  | 'extension'
  | 'mixed'
  | 'wide'
  | 'sensor'
  | 'events'
  | 'orders';

export interface Shape {
  readonly name: ShapeName;
  readonly description: string;
  readonly fields: readonly Field[];
  /** Whether FerretDB v1 can store it (it has no Decimal128). */
  readonly onServer: boolean;
  /** Document `i` of the data set; `random` is shared along the sequence. */
  generate(i: number, random: Random): Document;
}

const twenty = Array.from({ length: 20 }, (_, k) => `f${k}`);
const doubles20: readonly Field[] = twenty.map((name) => ({ name, type: 'double' }));
const MIXED_TYPES: readonly ScalarType[] = ['objectId', 'string', 'date', 'bool', 'int64', 'double'];
const MISSING = 0.2;

function twentyDoubles(random: Random): Document {
  const doc: Document = {};
  for (const name of twenty) doc[name] = new Double(random.next() * 1000);
  return doc;
}

/** A value of one of the mixed types; doubles and int64s are wrapped so BSON keeps their type. */
function mixedValue(type: ScalarType, random: Random): unknown {
  switch (type) {
    case 'objectId':
      return new ObjectId(random.bytes(12));
    case 'string':
      return random.word(10, 40);
    case 'date':
      return new Date(1_600_000_000_000 + Math.floor(random.next() * 1e10));
    case 'bool':
      return random.chance(0.5);
    case 'int64':
      return Long.fromNumber(Math.floor(random.next() * 2 ** 40));
    default:
      return new Double(random.next() * 1e6);
  }
}

function mixedDocument(fields: readonly Field[], random: Random): Document {
  const doc: Document = {};
  for (const field of fields) {
    // Missing fields are left out entirely, not stored as null: that is what
    // sparse collections look like and what decoders must handle.
    if (random.chance(MISSING)) continue;
    doc[field.name] = mixedValue(field.type as ScalarType, random);
  }
  return doc;
}

const mixedFields: readonly Field[] = [
  { name: 'ref', type: 'objectId' },
  { name: 'name', type: 'string' },
  { name: 'at', type: 'date' },
  { name: 'flag', type: 'bool' },
  { name: 'count', type: 'int64' },
  { name: 'value', type: 'double' },
];

const wideFields: readonly Field[] = Array.from({ length: 100 }, (_, k) => ({
  name: `c${k}`,
  type: MIXED_TYPES[k % MIXED_TYPES.length] as ScalarType,
}));

const xy: readonly Field[] = [
  { name: 'x', type: 'int32' },
  { name: 'y', type: 'double' },
];

export const SHAPES: readonly Shape[] = [
  {
    name: 'small',
    description: '{x: int32, y: double}',
    fields: xy,
    onServer: true,
    generate: (i, random) => ({ x: new Int32(i), y: new Double(random.next() * 1000) }),
  },
  {
    name: 'large',
    description: '20 doubles',
    fields: doubles20,
    onServer: true,
    generate: (_i, random) => twentyDoubles(random),
  },
  {
    name: 'array',
    description: 'x, y + list of 20 doubles',
    fields: [...xy, { name: 'values', type: { list: 'double' } }],
    onServer: true,
    generate: (i, random) => ({
      x: new Int32(i),
      y: new Double(random.next()),
      values: twenty.map(() => new Double(random.next() * 1000)),
    }),
  },
  {
    name: 'nested',
    description: 'x, y + subdocument of 20 doubles',
    fields: [...xy, { name: 'sub', type: { document: doubles20 } }],
    onServer: true,
    generate: (i, random) => ({ x: new Int32(i), y: new Double(random.next()), sub: twentyDoubles(random) }),
  },
  {
    name: 'extension',
    description: 'Decimal128 + Binary(16 bytes)',
    fields: [
      { name: 'amount', type: 'decimal128' },
      { name: 'blob', type: 'binary' },
    ],
    onServer: false,
    generate: (i, random) => ({
      amount: Decimal128.fromString(`${i}.${String(random.int(0, 99)).padStart(2, '0')}`),
      blob: new Binary(random.bytes(16), 0),
    }),
  },
  {
    name: 'mixed',
    description: 'ObjectId, string 10–40, date, bool, int64, double; ~20% missing',
    fields: mixedFields,
    onServer: true,
    generate: (_i, random) => mixedDocument(mixedFields, random),
  },
  {
    name: 'wide',
    description: '100 fields cycling the mixed types; ~20% missing',
    fields: wideFields,
    onServer: true,
    generate: (_i, random) => mixedDocument(wideFields, random),
  },
  ...REALISTIC_SHAPES,
];

export function shapeByName(name: string): Shape {
  const shape = SHAPES.find((s) => s.name === name);
  if (!shape) throw new Error(`unknown shape '${name}' (known: ${SHAPES.map((s) => s.name).join(', ')})`);
  return shape;
}

function publicType(type: FieldType): FieldTypeDefinition {
  if (typeof type === 'string') return type;
  if ('list' in type) return [publicType(type.list)];
  return publicDefinition(type.document);
}

/** The fields as a schema definition object: `{ x: 'int32', sub: { f0: 'double' }, values: ['double'] }`. */
export function publicDefinition(fields: readonly Field[]): SchemaDefinition {
  return Object.fromEntries(fields.map((f) => [f.name, publicType(f.type)]));
}

/** The declared schema our contenders read the shape with. */
export function schemaOf(shape: Shape): Schema {
  return Schema.from(publicDefinition(shape.fields));
}

/** The projection every server contender uses, so all fetch the same bytes. */
export function projectionOf(shape: Shape): Document {
  const projection: Document = { _id: 0 };
  for (const field of shape.fields) projection[field.name] = 1;
  return projection;
}
