import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Document, ObjectId } from 'mongodb';
import pl from 'nodejs-polars';
import { loadPolars } from '../lib/api/polars.js';
import { aggregatePolars, findPolars, MongoArrowError } from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';
import { ALL_TYPES_SCHEMA } from './helpers/documents.js';

const DOCUMENT_COUNT = 2000;

/** The value nodejs-polars gives back (`toArray`) for a driver value read with `useBigInt64`. */
function expectedPolarsValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof ObjectId) return value.toHexString();
  // int64 is compared through a cast to string, which is exact.
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function assertFrameMatches(df: pl.DataFrame, documents: readonly Document[], fields: readonly string[]): void {
  assert.equal(df.height, documents.length);
  assert.deepEqual(df.columns, [...fields]);
  for (const field of fields) {
    let series = df.getColumn(field);
    if (series.dtype.equals(pl.Int64)) series = series.cast(pl.String);
    assert.deepEqual(
      series.toArray(),
      documents.map((doc) => expectedPolarsValue(doc[field])),
      field,
    );
  }
}

const isMissingPeer = (err: unknown) => {
  assert.ok(err instanceof MongoArrowError, `expected a MongoArrowError, got ${String(err)}`);
  assert.equal(err.code, 'MISSING_PEER');
  assert.match(err.message, /"nodejs-polars"/);
  assert.match(err.message, /npm install nodejs-polars/);
  return true;
};

describe('findPolars and aggregatePolars against the plain driver', () => {
  const fixture = useAllTypesCollection('polars', DOCUMENT_COUNT);

  it('findPolars gives a DataFrame holding the driver documents, with Arrow types carried over', async () => {
    const df = await findPolars(fixture.collection, {}, { schema: ALL_TYPES_SCHEMA, sort: { i: 1 } });
    assertFrameMatches(df, fixture.driverDocuments, Object.keys(ALL_TYPES_SCHEMA));
    assert.deepEqual(df.dtypes.map(String), [
      'DataType(String)',
      'DataType(Int32)',
      'DataType(Float64)',
      'DataType(Int32)',
      'DataType(Int64)',
      'DataType(Bool)',
      'DataType(String)',
      'DataType(Datetime(ms,UTC))',
      'DataType(String)',
    ]);
  });

  it('aggregatePolars matches the driver aggregate', async () => {
    // No $project of our own: the schema's is appended, and FerretDB v1 drops the connection on two $project stages.
    const pipeline = [{ $match: { active: true } }, { $sort: { i: 1 } }];
    const expected = await fixture.collection.aggregate(pipeline).toArray();
    const df = await aggregatePolars(fixture.collection, pipeline, { schema: { i: 'int32', name: 'string' } });
    assertFrameMatches(df, expected, ['i', 'name']);
  });

  it('infers the schema when none is given, and gives an empty frame for no documents', async () => {
    const df = await findPolars(
      fixture.collection,
      { i: { $lt: 5 } },
      { sort: { i: 1 }, projection: { _id: 0, i: 1, at: 1 } },
    );
    assertFrameMatches(df, fixture.driverDocuments.slice(0, 5), ['i', 'at']);
    const empty = await findPolars(fixture.collection, { i: -1 }, { schema: { i: 'int32' } });
    assert.deepEqual(empty.shape, { height: 0, width: 1 });
  });

  it('names the package and its install command when it cannot be loaded', async () => {
    // A real failed import of a package that is not installed.
    const absent = 'nodejs-polars-absent-for-this-test';
    await assert.rejects(
      loadPolars('findPolars', () => import(absent)),
      (err: unknown) => isMissingPeer(err) && /findPolars/.test((err as Error).message),
    );
  });

  it('tells an installed nodejs-polars whose native binary did not load from a missing one', async () => {
    const binaryMissing = () => Promise.reject(new Error('Failed to load native binding'));
    await assert.rejects(loadPolars('findPolars', binaryMissing), (err: unknown) => {
      assert.ok(err instanceof MongoArrowError);
      assert.equal(err.code, 'MISSING_PEER');
      assert.match(err.message, /it is installed, but its native binary/);
      assert.match(err.message, /npm install nodejs-polars@0\.24/);
      return true;
    });
    const absent = 'nodejs-polars-not-installed-here';
    await assert.rejects(
      loadPolars('findPolars', () => import(absent)),
      (err: unknown) => isMissingPeer(err) && /is not installed/.test((err as Error).message),
    );
  });

  it('rejects with MISSING_PEER in a process where nodejs-polars does not resolve', async () => {
    // A resolve hook redirects the package to a name that does not exist, so the
    // library's own `import('nodejs-polars')` fails in Node's real resolver.
    const dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-polars-'));
    try {
      await writeFile(
        join(dir, 'hooks.mjs'),
        `export async function resolve(specifier, context, next) {
  return next(specifier === 'nodejs-polars' ? 'nodejs-polars-hidden-by-test' : specifier, context);
}\n`,
      );
      await writeFile(
        join(dir, 'register.mjs'),
        `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
      );
      const script = `
        const { findPolars } = require(${JSON.stringify(resolve('lib/index.ts'))});
        const { MongoClient } = require('mongodb');
        (async () => {
          const client = await new MongoClient(process.env.MONGODB_URI).connect();
          try {
            await findPolars(client.db(${JSON.stringify(fixture.db.databaseName)}).collection('all_types'));
            console.log(JSON.stringify({ loaded: true }));
          } catch (err) {
            console.log(JSON.stringify({ code: err.code, message: err.message }));
          } finally {
            await client.close();
          }
        })();`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--import', join(dir, 'register.mjs'), '-e', script],
        { cwd: resolve('.'), env: process.env },
      );
      const outcome = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { code?: string; message?: string };
      assert.ok(isMissingPeer(Object.assign(new MongoArrowError('INTERNAL', ''), outcome)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
