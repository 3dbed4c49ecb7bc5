import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Field, Struct } from 'apache-arrow';
import { BSON, type Document } from 'mongodb';
import {
  decodeBson,
  MongoArrowError,
  type RequiredType,
  Schema,
  type SchemaDefinition,
  TypeConflictError,
  types,
} from '../lib/index.js';

const ORDERS = {
  _id: 'int32',
  amount: types.required('double'),
  address: { city: types.required('string'), zip: 'string' },
} satisfies SchemaDefinition;

const ORDERS_JSON =
  '{"fields":[{"name":"_id","type":"int32"},{"name":"amount","type":"double","nullable":false},' +
  '{"name":"address","type":{"type":"document","fields":[{"name":"city","type":"string","nullable":false},' +
  '{"name":"zip","type":"string"}]}}]}';

function serialize(documents: readonly Document[]): Uint8Array[] {
  return documents.map((doc) => BSON.serialize(doc));
}

/** The TypeConflictError decoding `documents` with `schema` fails with. */
async function conflictOf(schema: SchemaDefinition, documents: readonly Document[]): Promise<TypeConflictError> {
  try {
    await decodeBson(serialize(documents), { schema });
  } catch (err) {
    assert.ok(err instanceof TypeConflictError, `expected a TypeConflictError, got ${String(err)}`);
    return err;
  }
  assert.fail('decoding succeeded');
}

function invalidSchema(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof MongoArrowError, `expected a MongoArrowError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_SCHEMA');
    assert.match(err.message, pattern);
    return true;
  };
}

function child(field: Field, name: string): Field {
  const found = (field.type as Struct).children.find((c) => c.name === name);
  assert.ok(found, `no child ${name}`);
  return found;
}

describe('required fields', () => {
  it('write nullable: false in the JSON form, and read it back', () => {
    const schema = new Schema(ORDERS);
    assert.equal(JSON.stringify(schema), ORDERS_JSON);
    assert.equal(JSON.stringify(Schema.fromJSON(ORDERS_JSON)), ORDERS_JSON);
    assert.deepEqual(Schema.fromJSON(JSON.parse(ORDERS_JSON)).fields, schema.fields);
    // true is the default: accepted, and not written back by the native side.
    const explicit = Schema.fromJSON({ fields: [{ name: 'a', type: 'double', nullable: true as false }] });
    assert.equal(explicit.toArrow().fields[0]?.nullable, true);
    assert.equal(JSON.stringify(Schema.fromArrow(explicit.toArrow())), '{"fields":[{"name":"a","type":"double"}]}');
  });

  it('are non-nullable Arrow fields under conflicts: error only, and survive Schema.fromArrow', () => {
    const schema = new Schema(ORDERS);
    const arrow = schema.toArrow();
    const [id, amount, address] = arrow.fields as [Field, Field, Field];
    assert.equal(id.nullable, true);
    assert.equal(amount.nullable, false);
    assert.equal(address.nullable, true);
    assert.equal(child(address, 'city').nullable, false);
    assert.equal(child(address, 'zip').nullable, true);
    assert.equal(JSON.stringify(Schema.fromArrow(arrow)), ORDERS_JSON);

    for (const conflicts of ['null', 'string'] as const) {
      const lenient = schema.toArrow({ conflicts });
      assert.ok(
        lenient.fields.every((f) => f.nullable),
        conflicts,
      );
      assert.equal(child(lenient.fields[2] as Field, 'city').nullable, true, conflicts);
    }
  });

  it('fail on a document without the field: found missing, with path, index and _id', async () => {
    const documents = [
      { _id: 1, amount: 1, address: { city: 'Oslo' } },
      { _id: 2, amount: 2 },
      { _id: 3, amount: 3, address: null },
      { _id: 7, address: { city: 'Rome' } },
    ];
    const err = await conflictOf(ORDERS, documents);
    assert.equal(err.code, 'TYPE_CONFLICT');
    assert.equal(err.field, 'amount');
    assert.equal(err.found, 'missing');
    assert.equal(err.expected, 'double');
    assert.equal(err.index, 3);
    assert.equal(err.documentId, '7');
    assert.match(
      err.message,
      /^field 'amount' is required \(non-nullable\) but document 3 \(_id 7\) has no value \(missing\)\. /,
    );
    assert.match(err.message, /conflicts: 'null'/);
  });

  it('fail on a BSON null in the field, nested ones named by path', async () => {
    const err = await conflictOf(ORDERS, [
      { _id: 1, amount: 1 },
      { _id: 20, amount: 2, address: { city: null } },
    ]);
    assert.equal(err.field, 'address.city');
    assert.equal(err.found, 'null');
    assert.equal(err.index, 1);
    assert.equal(err.documentId, '20');
    assert.match(err.message, /field 'address\.city' is required .* has no value \(null\)/);
  });

  it('are null with an embedded document that is missing or null', async () => {
    const table = await decodeBson(
      serialize([
        { _id: 1, amount: 1.5, address: { city: 'Oslo' } },
        { _id: 2, amount: 2.5 },
        { _id: 3, amount: 3.5, address: null },
      ]),
      { schema: ORDERS },
    );
    assert.equal(table.numRows, 3);
    assert.equal(table.schema.fields[1]?.nullable, false);
    assert.deepEqual(table.getChild('amount')?.toArray(), Float64Array.from([1.5, 2.5, 3.5]));
    const address = table.getChild('address');
    assert.equal(address?.get(0)?.city, 'Oslo');
    assert.equal(address?.get(1), null);
    assert.equal(address?.get(2), null);
  });

  it('of documents in a list name the item: items[1].sku', async () => {
    const schema = { items: [{ sku: types.required('string'), qty: 'int32' }] } satisfies SchemaDefinition;
    const ok = await decodeBson(serialize([{ items: [{ sku: 'a' }, null, { sku: 'b', qty: 2 }] }]), { schema });
    assert.equal(ok.getChild('items')?.get(0)?.get(2)?.sku, 'b');
    const err = await conflictOf(schema, [{ _id: 'x', items: [{ sku: 'a' }, { qty: 1 }] }]);
    assert.equal(err.field, 'items[1].sku');
    assert.equal(err.found, 'missing');
    assert.equal(err.index, 0);
    assert.equal(err.documentId, 'x');
  });

  it('store null under conflicts: null or string', async () => {
    for (const conflicts of ['null', 'string'] as const) {
      const table = await decodeBson(
        serialize([
          { _id: 1, address: { zip: '0150' } },
          { _id: 2, amount: null },
        ]),
        {
          schema: ORDERS,
          conflicts,
        },
      );
      assert.equal(table.getChild('amount')?.nullCount, 2, conflicts);
      assert.equal(table.schema.fields[1]?.nullable, true, conflicts);
      assert.equal(table.getChild('address')?.get(0)?.city, null, conflicts);
    }
  });

  it('may be a list or a document itself; its items and values may not be required', () => {
    const schema = new Schema({ tags: types.required(['string']), meta: types.required({ tag: 'string' }) });
    const [tags, meta] = schema.toArrow().fields as [Field, Field];
    assert.equal(tags.nullable, false);
    assert.equal(tags.type.children[0]?.nullable, true);
    assert.equal(meta.nullable, false);
    assert.equal(child(meta, 'tag').nullable, true);

    // Also for callers without TypeScript: an INVALID_SCHEMA naming the place.
    const required = types.required('double') as unknown as 'double';
    assert.throws(() => types.list(required), invalidSchema(/types\.list: list items cannot be required/));
    assert.throws(() => types.map(required), invalidSchema(/types\.map: map values cannot be required/));
    assert.throws(
      () => new Schema({ a: [required] }),
      invalidSchema(/field 'a\[\]': list items and map values cannot be required/),
    );
    assert.throws(() => types.required('null'), invalidSchema(/cannot be required/));
    assert.throws(
      () => types.document(types.required({ a: 'double' }) as unknown as SchemaDefinition),
      invalidSchema(/types\.document/),
    );
  });

  it('have a JSON form the native parser checks', () => {
    const bad: [unknown, RegExp][] = [
      [{ name: 'a', type: 'double', nullable: 'no' }, /"nullable" must be true or false/],
      [{ name: 'a', type: { type: 'list', items: 'double', nullable: false } }, /always nullable/],
      [{ name: 'a', type: 'null', nullable: false }, /cannot be required/],
    ];
    for (const [field, pattern] of bad) {
      assert.throws(() => Schema.fromJSON({ fields: [field as never] }), invalidSchema(pattern));
    }
  });

  it('are kept by a schema read back from the native side', () => {
    const declared: RequiredType = types.required('int64');
    const schema = new Schema({ n: declared, inner: { m: declared } });
    assert.deepEqual(Schema.fromArrow(schema.toArrow()).fields, schema.fields);
    assert.deepEqual(schema.overriddenBy(new Schema({ n: 'double' })).fields[0], { name: 'n', type: 'double' });
  });
});
