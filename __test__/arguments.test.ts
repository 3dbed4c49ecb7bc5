import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Schema as ArrowSchema, type DataType, Field, Float64, Struct } from 'apache-arrow';
import { BSON, type Collection, type Document, type MongoClient } from 'mongodb';
import {
  aggregateArrow,
  aggregateArrowStream,
  type BsonInputOptions,
  decodeBson,
  findArrow,
  findArrowStream,
  inferSchema,
  MongoArrowError,
  type MongoArrowErrorCode,
  type ParameterizedType,
  Schema,
  type SchemaDefinition,
  tableToColumns,
  types,
} from '../lib/index.js';
import { helperCall, nested, prng, readOptions, schemaDefinition, schemaJsonText } from './helpers/fuzz.js';
import { openTestDb } from './helpers/server.js';

const BYTES = [BSON.serialize({ a: 1.5, b: [1, 2] }), BSON.serialize({ a: 'x' })];
const SEED = 20_20;
const LIMIT = 200;

function isCode(err: unknown, codes: readonly MongoArrowErrorCode[]): boolean {
  return err instanceof MongoArrowError && codes.includes(err.code);
}

/** A predicate for assert.throws/rejects: a MongoArrowError of `code` whose message matches. */
function code(expected: MongoArrowErrorCode, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof MongoArrowError, `expected a MongoArrowError, got ${String(err)}`);
    assert.equal(err.code, expected, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  };
}

describe('bad options are INVALID_ARGUMENT naming the option', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['signal', { signal: {} }],
    ['signal', { signal: 'abort' }],
    ['signal', { signal: { aborted: 'no', addEventListener: () => undefined } }],
    ['onProgress', { onProgress: 5 }],
    ['onProgress', { onProgress: {} }],
    ['rowsPerBatch', { rowsPerBatch: 5n }],
    ['rowsPerBatch', { rowsPerBatch: 0 }],
    ['rowsPerBatch', { rowsPerBatch: 1.5 }],
    ['rowsPerBatch', { rowsPerBatch: 2 ** 60 }],
    ['rowsPerBatch', { rowsPerBatch: '5' }],
    ['sampleSize', { sampleSize: 5n }],
    ['sampleSize', { sampleSize: -1 }],
    ['threads', { threads: 0 }],
    ['threads', { threads: 1.5 }],
    ['threads', { threads: '2' }],
    ['conflicts', { conflicts: 'ignore' }],
    ['conflicts', { conflicts: 5n }],
    ['objectId', { objectId: 'string' }],
    ['decimal128', { decimal128: 'number' }],
    ['uuidAsString', { uuidAsString: 'yes' }],
    ['uuidAsString', { uuidAsString: 1n }],
    ['emptyStringsAsNull', { emptyStringsAsNull: 0 }],
    ['inferRest', { inferRest: 'true', schema: { a: 'double' } }],
  ];
  for (const [name, options] of cases) {
    it(`rejects ${name}: ${String(Object.values(options)[0])}`, async () => {
      await assert.rejects(
        decodeBson(BYTES, options as BsonInputOptions),
        code('INVALID_ARGUMENT', new RegExp(`'${name}'`)),
      );
    });
  }

  it('accepts a signal by its shape, not its class', async () => {
    const target = new EventTarget();
    const signal = Object.assign(target, { aborted: false, reason: undefined }) as unknown as AbortSignal;
    const table = await decodeBson(BYTES, { signal, schema: { b: ['int32'] } });
    assert.equal(table.numRows, 2);
  });

  it('rejects bad decoder settings in Schema.toArrow too', () => {
    assert.throws(
      () => new Schema({ a: 'double' }).toArrow({ objectId: 5n as unknown as 'hex' }),
      code('INVALID_ARGUMENT', /'objectId'/),
    );
  });
});

describe('bad types.* parameters are INVALID_SCHEMA', () => {
  const calls: [string, () => unknown][] = [
    ["types.date('weeks')", () => types.date('weeks' as 'ms')],
    ['types.date(ms, 5)', () => types.date('ms', 5 as unknown as string)],
    ['types.decimal128(99, -1)', () => types.decimal128(99, -1)],
    ['types.decimal128(10, 11)', () => types.decimal128(10, 11)],
    ['types.decimal128(5n, 2)', () => types.decimal128(5n as unknown as number, 2)],
    ['types.binary(300)', () => types.binary(300)],
    ['types.binary(1.5)', () => types.binary(1.5)],
    ['types.map(undefined)', () => types.map(undefined as unknown as 'double')],
    ['types.list(42)', () => types.list(42 as unknown as 'double')],
    ['types.document(null)', () => types.document(null as unknown as SchemaDefinition)],
  ];
  for (const [name, call] of calls) {
    it(`rejects ${name}`, () => assert.throws(call, code('INVALID_SCHEMA')));
  }

  it('still accepts good parameters', () => {
    const schema = new Schema({ d: types.decimal128(38, -2), at: types.date('ns', null), b: types.binary(255) });
    assert.equal(schema.fields.length, 3);
  });
});

describe(`schemas nest at most ${LIMIT} levels`, () => {
  const tooDeep = code('INVALID_SCHEMA', new RegExp(`nests deeper than ${LIMIT} levels`));

  it(`accepts ${LIMIT} levels and rejects ${LIMIT + 1}, naming the field path`, () => {
    assert.equal(new Schema({ a: nested(LIMIT) as SchemaDefinition }).fields.length, 1);
    assert.equal(new Schema({ l: nested(LIMIT, 'list') as SchemaDefinition }).fields.length, 1);
    assert.throws(() => new Schema({ a: nested(LIMIT + 1) as SchemaDefinition }), tooDeep);
    assert.throws(
      () => new Schema({ l: nested(LIMIT + 1, 'list') as SchemaDefinition }),
      code('INVALID_SCHEMA', /'l\[\]/),
    );
  });

  it('rejects 10,000 levels from new Schema, decodeBson and helpers', async () => {
    const deep = { a: nested(10_000) } as SchemaDefinition;
    assert.throws(() => new Schema(deep), code('INVALID_SCHEMA', /field 'a\.a\.a.* nests deeper than 200/));
    await assert.rejects(decodeBson(BYTES, { schema: deep }), tooDeep);
    let helper: ParameterizedType = types.list('double');
    assert.throws(() => {
      for (let i = 0; i < 10_000; i++) helper = types.list(helper);
    }, tooDeep);
    // A helper's type counts where it is put: 151 levels fit under 40 more, not under 60.
    const under = (levels: number) => {
      let definition: unknown = types.list(nested(150) as 'double');
      for (let i = 0; i < levels; i++) definition = { a: definition };
      return definition as SchemaDefinition;
    };
    assert.equal(new Schema(under(40)).fields.length, 1);
    assert.throws(() => new Schema(under(60)), tooDeep);
  });

  it('rejects a cyclic definition instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => new Schema(cyclic as SchemaDefinition), tooDeep);
  });

  it(`accepts ${LIMIT} levels of an apache-arrow Schema, read back in Rust from its IPC form`, () => {
    let field: Field<DataType> = new Field('a', new Float64());
    for (let i = 1; i < LIMIT; i++) field = new Field('a', new Struct([field]));
    const schema = Schema.fromArrow(new ArrowSchema([field]));
    assert.deepEqual(Schema.fromArrow(schema.toArrow()).toJSON(), schema.toJSON());
    assert.throws(() => Schema.fromArrow(new ArrowSchema([new Field('a', new Struct([field]))])), tooDeep);
  });

  it('rejects 3,000 levels of an apache-arrow Schema', () => {
    // apache-arrow's own Schema constructor recurses and overflows near 10,000 levels.
    let field: Field<DataType> = new Field('a', new Float64());
    for (let i = 0; i < 3_000; i++) field = new Field('a', new Struct([field]));
    assert.throws(() => Schema.fromArrow(new ArrowSchema([field])), tooDeep);
  });

  it('rejects 100,000 levels of schema JSON, as text and as an object', () => {
    const levels = 100_000;
    const text = `{"fields":[{"name":"a","type":${'{"type":"document","fields":[{"name":"a","type":'.repeat(levels)}"double"${'}]}'.repeat(levels)}}]}`;
    assert.throws(() => Schema.fromJSON(text), tooDeep);
    assert.throws(() => Schema.fromJSON(JSON.parse(text)), tooDeep);
  });
});

describe('field names that are Object.prototype names', () => {
  const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
  // JSON.parse makes "__proto__" an own key, as the driver does for a stored field.
  const record = (value: (i: number) => unknown) =>
    JSON.parse(
      JSON.stringify(Object.fromEntries(RESERVED.map((name, i) => [`#${name}`, value(i)]))).replaceAll('"#', '"'),
    );

  it('are columns, nested fields and map keys like any other', async () => {
    const doc = { ...record((i) => i), nested: record((i) => i * 10), scores: record((i) => i * 100) };
    const table = await decodeBson([BSON.serialize(doc)], {
      schema: Object.assign(
        record(() => 'int32'),
        { nested: record(() => 'int32'), scores: types.map('int32') },
      ),
    });
    const { columns, validity } = tableToColumns(table);
    assert.deepEqual(Object.keys(columns), [...RESERVED, 'nested', 'scores']);
    assert.equal(Object.getPrototypeOf(columns), null);
    assert.equal(Object.getPrototypeOf(validity), null);
    RESERVED.forEach((name, i) => {
      assert.deepEqual(Object.getOwnPropertyDescriptor(columns, name)?.value, Int32Array.from([i]), name);
      assert.ok(Object.hasOwn(validity, name), name);
    });
    for (const [column, scale] of [
      ['nested', 10],
      ['scores', 100],
    ] as const) {
      const row = (columns[column] as Record<string, unknown>[])[0] as Record<string, unknown>;
      assert.deepEqual(Object.keys(row), RESERVED, column);
      RESERVED.forEach((name, i) => {
        assert.equal(Object.getOwnPropertyDescriptor(row, name)?.value, i * scale, name);
      });
    }
  });
});

describe('seeded fuzz of arguments', () => {
  const CASES = 3000;
  const OPTION_CODES: readonly MongoArrowErrorCode[] = [
    'INVALID_ARGUMENT',
    'INVALID_SCHEMA',
    'TYPE_CONFLICT',
    'ABORTED',
  ];

  it(`${CASES} cases of options, schemas, helpers and schema JSON fail only with documented codes`, async () => {
    const random = prng(SEED);
    const outcomes = { ok: 0, failed: 0 };
    const check = (index: number, what: string, err: unknown, codes: readonly MongoArrowErrorCode[]) => {
      outcomes.failed += 1;
      const detail =
        err instanceof Error ? `${err.name} ${(err as { code?: string }).code}: ${err.message}` : String(err);
      assert.ok(isCode(err, codes), `seed ${SEED} case ${index} (${what}): ${detail.slice(0, 300)}`);
    };
    const started = Date.now();
    for (let index = 0; index < CASES; index++) {
      const kind = index % 4;
      if (kind === 0) {
        const options = readOptions(random);
        await decodeBson(BYTES, options as BsonInputOptions).then(
          () => outcomes.ok++,
          (err: unknown) => check(index, 'decodeBson', err, OPTION_CODES),
        );
      } else {
        try {
          if (kind === 1) new Schema(schemaDefinition(random, 4) as SchemaDefinition);
          else if (kind === 2) {
            const { error } = helperCall(random, 3);
            if (error !== undefined) throw error;
          } else Schema.fromJSON(schemaJsonText(random));
          outcomes.ok++;
        } catch (err) {
          check(index, ['', 'new Schema', 'types helper', 'Schema.fromJSON'][kind] as string, err, ['INVALID_SCHEMA']);
        }
      }
    }
    // Both outcomes are frequent, or the fuzz would be testing only one side.
    assert.ok(outcomes.ok > CASES / 10 && outcomes.failed > CASES / 10, JSON.stringify(outcomes));
    assert.ok(Date.now() - started < 20_000, `the fuzz took ${Date.now() - started} ms`);
  });
});

describe('a read with a bad option sends no command', () => {
  let client: MongoClient;
  let collection: Collection<Document>;
  const commands: string[] = [];

  before(async () => {
    const opened = await openTestDb('arguments', { monitorCommands: true });
    client = opened.client;
    collection = opened.db.collection('docs');
    await collection.insertOne({ a: 1 });
    client.on('commandStarted', (event) => commands.push(event.commandName));
  });
  after(async () => {
    await client.db(collection.dbName).dropDatabase();
    await client.close();
  });

  it('rejects findArrow, aggregateArrow and findArrowStream before any find or aggregate', async () => {
    const bad = [
      { signal: {} },
      { onProgress: 'log' },
      { rowsPerBatch: 5n },
      { conflicts: 'drop' },
      { schema: { a: types.list('double'), b: nested(300) } },
    ] as unknown as BsonInputOptions[];
    for (const options of bad) {
      await assert.rejects(findArrow(collection, {}, options), (err) =>
        isCode(err, ['INVALID_ARGUMENT', 'INVALID_SCHEMA']),
      );
      await assert.rejects(aggregateArrow(collection, [], options), (err) =>
        isCode(err, ['INVALID_ARGUMENT', 'INVALID_SCHEMA']),
      );
      assert.throws(
        () => findArrowStream(collection, {}, options),
        (err) => isCode(err, ['INVALID_ARGUMENT', 'INVALID_SCHEMA']),
      );
    }
    // A stage that is not a document (found by faults-fuzz.test.ts: the $out check threw a TypeError).
    for (const pipeline of [['double'], [{ $match: {} }, null], [[]], [5n]] as unknown as Document[][]) {
      await assert.rejects(
        aggregateArrow(collection, pipeline),
        code('INVALID_ARGUMENT', /pipeline stage \d+ must be a document/),
      );
      assert.throws(() => aggregateArrowStream(collection, pipeline), code('INVALID_ARGUMENT', /pipeline stage/));
      await assert.rejects(inferSchema(collection, { pipeline }), code('INVALID_ARGUMENT', /pipeline stage/));
    }
    assert.equal(commands.length, 0, commands.join(', '));
    // The listener does see commands: a good read is counted.
    await findArrow(collection, {}, { schema: { a: 'double' } });
    assert.ok(commands.includes('find'), commands.join(', '));
  });
});
