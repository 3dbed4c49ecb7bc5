import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import {
  Binary,
  BSON,
  BSONRegExp,
  type Collection,
  type Db,
  type Document,
  Double,
  Int32,
  Long,
  type MongoClient,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb';
import { cli, interruptCli, runCli } from './helpers/cli.js';
import { openTestDb, serverUri } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'mongodb-arrow-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The driver's view with every BSON type told apart: wrappers for Int32, Double and Long, BSONRegExp. */
const EXACT: BSON.DeserializeOptions = { promoteValues: false, bsonRegExp: true };

/** Arrow cannot tell a null field from a missing one, so neither side keeps null fields. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object' || '_bsontype' in value || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

async function exactDocuments(collection: Collection): Promise<unknown[]> {
  const documents = await collection.find({}, { sort: { i: 1 }, ...EXACT }).toArray();
  return documents.map(withoutNulls);
}

/** Every BSON type FerretDB 1.24 stores, nulls and missing fields, nesting and lists; one type per field. */
function documents(count: number): Document[] {
  return Array.from({ length: count }, (_, i) => {
    const doc: Document = {
      _id: new ObjectId(),
      i: new Int32(i),
      price: new Double(i / 4),
      big: Long.fromBigInt(2n ** 60n + BigInt(i)),
      active: i % 3 === 0,
      name: i % 7 === 0 ? null : `name-${i} ☕`,
      at: new Date(1_600_000_000_000 + i * 1000),
      ref: new ObjectId(),
      blob: new Binary(Uint8Array.from([i & 255, 1, 2]), 0x80),
      uuid: new UUID(`0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`),
      re: new BSONRegExp(`^a${i % 5}`, i % 2 ? 'i' : 'ms'),
      ts: new Timestamp({ t: 1_700_000_000 + i, i: i % 4 }),
      meta: { by: `user${i % 9}`, score: new Double(i / 8) },
      tags: i % 4 === 0 ? [] : [`t${i % 3}`, `t${i % 5}`],
      items: [{ sku: `s${i}`, qty: new Int32(i % 3) }],
    };
    if (i % 6 === 0) delete doc.meta;
    return doc;
  });
}

describe('mongodb-arrow import', () => {
  let client: MongoClient;
  let db: Db;
  let source: Collection;
  const connection = () => ['--uri', serverUri(), '--db', db.databaseName];

  before(async () => {
    ({ client, db } = await openTestDb('cli_import'));
    source = db.collection('source');
    await source.insertMany(documents(60));
  });
  after(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  for (const format of ['parquet', 'arrow', 'arrows'] as const) {
    it(`round-trips a ${format} export: the same documents and BSON types`, async () => {
      const file = join(dir, `source.${format}`);
      const exported = await runCli(['export', ...connection(), '--collection', 'source', '--out', file, '-q']);
      assert.equal(exported.code, 0, exported.stderr);
      const imported = await runCli(['import', file, ...connection(), '--collection', `from_${format}`]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(
        imported.stderr,
        new RegExp(`^imported 60 rows into ${db.databaseName}\\.from_${format} from .+ in .+ s, .+ rows/s\\n$`),
      );
      assert.deepEqual(await exactDocuments(db.collection(`from_${format}`)), await exactDocuments(source));
    });
  }

  it('imports mongodump BSON and mongoexport canonical NDJSON, a field of mixed types kept exactly', async () => {
    const originals = await source.find({}, { sort: { i: 1 }, ...EXACT }).toArray();
    // A field of mixed types, and one first seen in the last document: neither may lose a value.
    originals.forEach((d, i) => {
      d.mixed = [new Int32(i), `s${i}`, { n: new Double(i) }][i % 3];
    });
    (originals.at(-1) as Document).late = 'x';
    writeFileSync(join(dir, 'dump.bson'), Buffer.concat(originals.map((d) => BSON.serialize(d))));
    writeFileSync(
      join(dir, 'export.ndjson'),
      originals.map((d) => `${BSON.EJSON.stringify(d, { relaxed: false })}\n`).join(''),
    );
    for (const file of ['dump.bson', 'export.ndjson']) {
      const target = file.replace('.', '_');
      const run = await runCli(['import', join(dir, file), ...connection(), '--collection', target, '-q']);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(await exactDocuments(db.collection(target)), originals.map(withoutNulls), file);
    }
  });

  it('upserts by a compound key, and reports each failed row with exit code 1', async () => {
    const prices = db.collection('prices');
    await prices.insertMany([
      { sku: 'a', day: 1, price: 1.5 },
      { sku: 'a', day: 2, price: 2.5 },
    ]);
    const file = join(dir, 'prices.ndjson');
    writeFileSync(file, '{"sku": "a", "day": 2, "price": 9.5}\n\n{"sku": "b", "day": 2, "price": 3.5}\n');
    const run = await runCli([
      'import',
      file,
      ...connection(),
      '--collection',
      'prices',
      '--mode',
      'upsert',
      '--key',
      'sku,day',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const rows = await prices.find({}, { projection: { _id: 0 }, sort: { sku: 1, day: 1 } }).toArray();
    assert.deepEqual(rows, [
      { sku: 'a', day: 1, price: 1.5 },
      { sku: 'a', day: 2, price: 9.5 },
      { sku: 'b', day: 2, price: 3.5 },
    ]);

    // The same _ids again: every row is a duplicate key, one stderr line each.
    const again = await runCli(['import', join(dir, 'source.arrows'), ...connection(), '--collection', 'from_arrows']);
    assert.equal(again.code, 1);
    const failed = again.stderr.split('\n').filter((line) => line.startsWith('mongodb-arrow: row '));
    assert.equal(failed.length, 60, again.stderr);
    assert.match(failed[0] ?? '', /^mongodb-arrow: row 0 failed \[11000\]: .*duplicate key/i);
    assert.match(again.stderr, /^imported 0 rows into .+; 60 failed$/m);
    // --ordered stops at the first: the rest are listed as not attempted.
    const ordered = await runCli([
      'import',
      join(dir, 'source.arrows'),
      ...connection(),
      '--collection',
      'from_arrows',
      '--ordered',
      '-q',
    ]);
    assert.equal(ordered.code, 1);
    assert.match(
      ordered.stderr,
      /^mongodb-arrow: row 0 failed \[11000\]: .*\nmongodb-arrow: row 1 failed \[NOT_ATTEMPTED\]: /,
    );
    // --drop first: all written again.
    const dropped = await runCli([
      'import',
      join(dir, 'source.arrows'),
      ...connection(),
      '--collection',
      'from_arrows',
      '--drop',
      '-q',
    ]);
    assert.equal(dropped.code, 0, dropped.stderr);
    assert.deepEqual(await exactDocuments(db.collection('from_arrows')), await exactDocuments(source));
  });

  it('refuses bad arguments with exit code 2 and masks the password', async () => {
    const noKey = await runCli([
      'import',
      join(dir, 'prices.ndjson'),
      ...connection(),
      '--collection',
      'x',
      '--key',
      'a',
    ]);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /^mongodb-arrow: --key needs --mode upsert or replace\n/);
    const unknown = await runCli(['import', join(dir, 'x.txt'), ...connection(), '--collection', 'x']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--format/);
    // As a user runs it: a real process, its exit code and stderr.
    const bad = await cli([
      'import',
      join(dir, 'prices.ndjson'),
      '--uri',
      'mongodb://user:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=300',
      '--db',
      'x',
      '--collection',
      'y',
    ]);
    assert.equal(bad.code, 1);
    assert.doesNotMatch(bad.stderr, /s3cret/);
    const help = await runCli(['import', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /Examples:\n {2}mongodb-arrow import /);
  });

  it('on SIGINT stops sending, reports the acknowledged rows and exits with 130', async () => {
    const file = join(dir, 'many.arrows');
    const n = 4_000;
    writeFileSync(file, tableToIPC(tableFromArrays({ i: Int32Array.from({ length: n }, (_, i) => i) }), 'stream'));
    const { code, stderr } = await interruptCli(
      ['import', file, ...connection(), '--collection', 'interrupted', '--batch-size', '2', '--progress', 'json'],
      '"event":"progress"',
    );
    assert.equal(code, 130, stderr);
    const acknowledged = Number(/interrupted; (\d+) rows were acknowledged/.exec(stderr)?.[1]);
    assert.ok(acknowledged > 0 && acknowledged < n, stderr);
    assert.equal(await db.collection('interrupted').countDocuments(), acknowledged);
  });
});
