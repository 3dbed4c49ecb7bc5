import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Table } from 'apache-arrow';
import { Binary, BSON, BSONRegExp, Code, Decimal128, Timestamp } from 'mongodb';
import { decodeBson, findArrow, findArrowStream, MongoArrowError, readParquet, writeParquet } from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';

const dir = mkdtempSync(join(tmpdir(), 'mongodb-arrow-parquet-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Equal tables: the same fields (names, types, nullability, metadata) and the same values, row by row. */
function assertSameTable(actual: Table, expected: Table): void {
  assert.equal(actual.numRows, expected.numRows, 'row count');
  const describe = (t: Table) =>
    t.schema.fields.map((f) => ({
      name: f.name,
      type: String(f.type),
      nullable: f.nullable,
      metadata: Object.fromEntries(f.metadata),
    }));
  assert.deepEqual(describe(actual), describe(expected));
  for (const field of expected.schema.fields) {
    const got = actual.getChild(field.name);
    const want = expected.getChild(field.name);
    for (let row = 0; row < expected.numRows; row++) {
      const a = got?.get(row);
      const b = want?.get(row);
      // Nested values are row proxies and vectors: compare their JSON form.
      if (a !== b) assert.deepEqual(toPlain(a), toPlain(b), `${field.name} at row ${row}`);
    }
  }
}

function toPlain(value: unknown): unknown {
  const json = (value as { toJSON?: () => unknown } | null)?.toJSON;
  const plain = typeof json === 'function' ? json.call(value) : value;
  return JSON.parse(JSON.stringify(plain, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? 'null');
}

const file = (name: string) => join(dir, name);

describe('writeParquet and readParquet', () => {
  const fixture = useAllTypesCollection('parquet', 2_000);

  it('round-trips every type of the fixture, value by value, with field metadata', async () => {
    // The BSON types FerretDB 1.24 cannot store, decoded from bytes: binary subtypes, code, regex,
    // timestamps, Decimal128, nested documents, arrays, maps.
    const extra = await decodeBson(
      Array.from({ length: 50 }, (_, i) =>
        BSON.serialize({
          i,
          bin: new Binary(Buffer.from([i, 1, 2]), 0),
          uuid: new Binary(Buffer.alloc(16, i), 4),
          code: new Code(`return ${i}`),
          re: new BSONRegExp(`^a${i}`, 'i'),
          ts: new Timestamp({ t: 1_700_000_000 + i, i: 1 }),
          dec: Decimal128.fromString(`${i}.25`),
          doc: { a: i, b: `s${i}`, deeper: { c: i % 2 === 0 } },
          tags: i % 5 === 0 ? [] : [`t${i}`, 'x'],
          counts: Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`key-${i}-${k}`, k])),
        }),
      ),
      { decimal128: 'binary' },
    );
    const extraPath = file('roundtrip-extra.parquet');
    await writeParquet(extra, extraPath);
    const extraBack = await readParquet(extraPath).toTable();
    assertSameTable(extraBack, extra);
    assert.ok(
      extra.schema.fields.some((f) => f.metadata.size > 0),
      'the extra types carry field metadata',
    );
    for (const [collection, options] of [
      [fixture.collection, { objectId: 'binary' as const }],
      [fixture.collection, {}],
    ] as const) {
      const table = await findArrow(collection, {}, { sort: { i: 1 }, ...options });
      const path = file(`roundtrip-${Object.keys(options).length}.parquet`);
      const written = await writeParquet(table, path, { rowGroupRows: 500 });
      assert.equal(written.rows, table.numRows);
      assert.equal(written.bytes, statSync(path).size);
      const back = await readParquet(path, { rowsPerBatch: 300 }).toTable();
      assertSameTable(back, table);
    }
  });

  it('writes a read stream batch by batch and records the version and the schema', async () => {
    const stream = findArrowStream(fixture.collection, {}, { sort: { i: 1 }, batchSize: 300, rowsPerBatch: 256 });
    const path = file('stream.parquet');
    const written = await writeParquet(stream, path, { metadata: { source: 'test' } });
    const expected = await findArrow(fixture.collection, {}, { sort: { i: 1 }, schema: stream.schema });
    assert.equal(written.rows, expected.numRows);
    const back = readParquet(path);
    const table = await back.toTable();
    assertSameTable(table, expected);
    const metadata = table.schema.metadata;
    assert.equal(metadata.get('source'), 'test');
    assert.equal(metadata.get('mongodb-arrow.version'), JSON.parse(readFileSync('package.json', 'utf8')).version);
    assert.deepEqual(JSON.parse(metadata.get('mongodb-arrow.schema') ?? 'null'), stream.schema?.toJSON());
  });

  it('reads back every compression, and writes to a stream and from batches', async () => {
    const table = await findArrow(fixture.collection, {}, { sort: { i: 1 } });
    const sizes: Record<string, number> = {};
    for (const compression of ['zstd', 'snappy', 'gzip', 'none'] as const) {
      const path = file(`c-${compression}.parquet`);
      sizes[compression] = (await writeParquet(table.batches, path, { compression, statistics: false })).bytes;
      assertSameTable(await readParquet(path).toTable(), table);
    }
    assert.ok((sizes.zstd ?? 0) < (sizes.none ?? 0), `zstd ${sizes.zstd} < none ${sizes.none}`);
    // A web stream target: the same bytes as the file.
    const chunks: Uint8Array[] = [];
    await writeParquet(table, new WritableStream({ write: (chunk) => void chunks.push(chunk) }), {
      compression: 'none',
      statistics: false,
    });
    assert.deepEqual(Buffer.concat(chunks), readFileSync(file('c-none.parquet')));
  });

  it('keeps an empty table schema', async () => {
    const table = await findArrow(fixture.collection, { i: -1 }, { schema: { i: 'int32', name: 'string' } });
    const path = file('empty.parquet');
    assert.deepEqual(await writeParquet(table, path), { rows: 0, bytes: statSync(path).size });
    assert.equal((await readParquet(path).toTable()).numRows, 0);
  });

  it('fails with IO_ERROR for an unwritable path and leaves no file', async () => {
    const table = await findArrow(fixture.collection, {}, { schema: { i: 'int32' } });
    await assert.rejects(writeParquet(table, join(dir, 'missing', 'x.parquet')), (err) => {
      assert.ok(err instanceof MongoArrowError);
      assert.equal(err.code, 'IO_ERROR');
      assert.match(err.message, /missing/);
      return true;
    });
    await assert.rejects(readParquet(join(dir, 'nope.parquet')).toTable(), { code: 'IO_ERROR' });
    await assert.rejects(readParquet('package.json').toTable(), { code: 'PARQUET_ERROR' });
  });

  it('leaves no file when the source fails midway', async () => {
    const table = await findArrow(fixture.collection, {}, { schema: { i: 'int32' }, rowsPerBatch: 100 });
    const path = file('failed.parquet');
    async function* failing() {
      yield* table.batches.slice(0, 3);
      throw new Error('source broke');
    }
    await assert.rejects(writeParquet(failing(), path), /source broke/);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.includes('failed')),
      [],
    );
    await assert.rejects(writeParquet(table, path, { compression: 'lz4' as 'zstd' }), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(writeParquet([], path), { code: 'INVALID_ARGUMENT' });
  });
});
