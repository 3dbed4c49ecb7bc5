import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MongoArrowError, Schema, type SchemaDefinition } from '../lib/index.js';

describe('Schema', () => {
  it('derives a projection of its top-level fields; _id comes anyway, to name documents in errors', () => {
    assert.deepEqual(new Schema({ a: 'double', b: 'string' }).toProjection(), { a: 1, b: 1 });
    assert.deepEqual(new Schema({ a: { b: 'double' }, l: [{ c: 'int32' }] }).toProjection(), { a: 1, l: 1 });
    assert.deepEqual(new Schema({ _id: 'objectId', a: 'double' }).toProjection(), { _id: 1, a: 1 });
  });

  it('does not project when a name cannot be a projection path', () => {
    assert.equal(new Schema({ 'a.b': 'double' }).toProjection(), undefined);
    assert.equal(new Schema({ $x: 'double' }).toProjection(), undefined);
  });

  it('rejects unknown types, empty schemas and non-objects with INVALID_SCHEMA', () => {
    for (const bad of [{ a: 'float' }, {}, null, ['double']]) {
      assert.throws(
        () => new Schema(bad as unknown as SchemaDefinition),
        (err: unknown) => err instanceof MongoArrowError && err.code === 'INVALID_SCHEMA',
      );
    }
  });
});
