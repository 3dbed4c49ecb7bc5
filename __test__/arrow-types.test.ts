import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Binary,
  Bool,
  type DataType,
  Decimal,
  Field,
  FixedSizeBinary,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  Null,
  Struct,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint32,
  Utf8,
} from 'apache-arrow';
import { type ArrowTypesOf, type ScalarArrowTypes, Schema, type SchemaDefinition, types } from '../lib/index.js';
import { SCALAR_TYPE_NAMES } from '../lib/schema/schema-types.js';

/**
 * The compile-time column types (lib/schema/arrow-types.ts) against the
 * runtime's: each value below is typed by the compile-time mapping (tsc
 * checks it under `npm run check`), and each must equal the Arrow type the
 * decoder gives that column (checked here).
 */
const utf8 = (name: string) => new Field(name, new Utf8(), false);
const SCALARS: { [K in keyof ScalarArrowTypes]: ScalarArrowTypes[K] } = {
  double: new Float64(),
  int32: new Int32(),
  int64: new Int64(),
  bool: new Bool(),
  string: new Utf8(),
  date: new TimestampMillisecond('UTC'),
  objectId: new Utf8(),
  decimal128: new Utf8(),
  binary: new Binary(),
  uuid: new Utf8(),
  code: new Utf8(),
  codeWithScope: new Struct([utf8('code'), utf8('scope')]),
  regex: new Struct([utf8('pattern'), utf8('options')]),
  timestamp: new Struct([new Field('t', new Uint32(), false), new Field('i', new Uint32(), false)]),
  extendedJson: new Utf8(),
  text: new Utf8(),
  null: new Null(),
};

/** What an Arrow type is, for comparing types of two copies of apache-arrow by value. */
function describeType(type: DataType): string {
  return `${type.typeId}:${String(type)}`;
}

function definitionTypes<const D extends SchemaDefinition>(definition: D, expected: ArrowTypesOf<D>): void {
  const fields = new Schema(definition).toArrow().fields;
  assert.deepEqual(
    fields.map((f) => [f.name, describeType(f.type)]),
    Object.entries(expected).map(([name, type]) => [name, describeType(type as DataType)]),
  );
}

describe('the compile-time column types', () => {
  it('are the Arrow types of every short name', () => {
    assert.deepEqual(Object.keys(SCALARS).sort(), [...SCALAR_TYPE_NAMES].sort());
    const schema = new Schema(Object.fromEntries(SCALAR_TYPE_NAMES.map((name) => [name, name])));
    for (const field of schema.toArrow().fields) {
      assert.equal(describeType(field.type), describeType(SCALARS[field.name as keyof ScalarArrowTypes]), field.name);
    }
  });

  it('are the Arrow types of the helpers, lists and documents', () => {
    definitionTypes(
      {
        s: types.date('s'),
        us: types.date('us'),
        ns: types.date('ns'),
        price: types.decimal128(12, 2),
        blob: types.binary(3),
        tags: ['string'],
        lines: types.list({ sku: 'string' }),
        scores: types.map('double'),
        address: { city: 'string' },
        inner: types.document({ n: 'int32' }),
        must: types.required('int64'),
      },
      {
        s: new TimestampSecond('UTC'),
        us: new TimestampMicrosecond('UTC'),
        ns: new TimestampNanosecond('UTC'),
        price: new Decimal(2, 12, 128),
        blob: new Binary(),
        tags: new List(new Field('item', new Utf8(), true)),
        lines: new List(new Field('item', new Struct([new Field('sku', new Utf8(), true)]), true)),
        scores: new Map_(
          new Field(
            'entries',
            new Struct([new Field('keys', new Utf8(), false), new Field('values', new Float64(), true)]),
            false,
          ),
        ),
        address: new Struct([new Field('city', new Utf8(), true)]),
        inner: new Struct([new Field('n', new Int32(), true)]),
        must: new Int64(),
      },
    );
  });

  it('follow the representation options', () => {
    const arrow = new Schema({ id: 'objectId', d: 'decimal128' }).toArrow({ objectId: 'binary', decimal128: 'binary' });
    const expected: ArrowTypesOf<{ id: 'objectId'; d: 'decimal128' }, { objectId: 'binary'; decimal128: 'binary' }> = {
      id: new FixedSizeBinary(12),
      d: new FixedSizeBinary(16),
    };
    assert.deepEqual(
      arrow.fields.map((f) => describeType(f.type)),
      [describeType(expected.id), describeType(expected.d)],
    );
  });
});
