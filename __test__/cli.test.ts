import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type DataType, type Field, type Table, Type, tableFromIPC } from 'apache-arrow';
import { jsonValue } from '../lib/cli/json-values.js';
import { findArrow, inferSchema, readParquet } from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';
import { cli, interruptCli, runCli } from './helpers/cli.js';
import { serverUri } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'mongodb-arrow-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/** Control characters but \t and \n: a terminal's escapes start with ESC, rewrites with \r. */
function controlCharacters(text: string): number[] {
  return [...text]
    .map((c) => c.charCodeAt(0))
    .filter((code) => (code < 32 && code !== 9 && code !== 10) || code === 127);
}

/** The table's rows as the documented JSON values. */
function jsonRows(table: Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let row = 0; row < table.numRows; row++) {
    const object: Record<string, unknown> = {};
    for (const field of table.schema.fields)
      object[field.name] = jsonValue(table.getChild(field.name)?.get(row), field.type);
    rows.push(object);
  }
  return rows;
}

/** A value as pyarrow-read.py prints it: integers and epoch milliseconds as text, binary as base64. */
function pythonValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  if (type.typeId === Type.Int || type.typeId === Type.Timestamp) return String(value);
  if (type.typeId === Type.Struct) {
    const row = value as Record<string, unknown>;
    return Object.fromEntries((type.children as Field[]).map((c) => [c.name, pythonValue(row[c.name], c.type)]));
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

function pythonRows(table: Table): Record<string, unknown>[] {
  return Array.from({ length: table.numRows }, (_, row) =>
    Object.fromEntries(table.schema.fields.map((f) => [f.name, pythonValue(table.getChild(f.name)?.get(row), f.type)])),
  );
}

function assertSameTable(actual: Table, expected: Table): void {
  assert.deepEqual(
    actual.schema.fields.map((f) => [f.name, String(f.type), Object.fromEntries(f.metadata)]),
    expected.schema.fields.map((f) => [f.name, String(f.type), Object.fromEntries(f.metadata)]),
  );
  assert.deepEqual(jsonRows(actual), jsonRows(expected));
}

describe('mongodb-arrow command line', () => {
  const fixture = useAllTypesCollection('cli', 500);
  const base = () => ['--uri', serverUri(), '--db', fixture.db.databaseName, '--collection', 'all_types'];
  const filter = '{"i": {"$gte": 100}}';
  const expected = () => findArrow(fixture.collection, { i: { $gte: 100 } }, { sort: { i: 1 } });

  it('exports to parquet and arrow equal to findArrow, with a summary line and no control characters', async () => {
    for (const name of ['out.parquet', 'out.arrow']) {
      const run = await cli(['export', ...base(), '--filter', filter, '--sort', '{"i": 1}', '--out', join(dir, name)]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(controlCharacters(run.stderr), []);
      assert.match(run.stderr, new RegExp(`^exported 400 rows to .*${name} \\(.+ k?B\\) in .+ s, .+ rows/s\\n$`));
      const table = name.endsWith('.parquet')
        ? await readParquet(join(dir, name)).toTable()
        : tableFromIPC(readFileSync(join(dir, name)));
      assertSameTable(table, await expected());
    }
    const metadata = (await readParquet(join(dir, 'out.parquet')).toTable()).schema.metadata;
    assert.equal(metadata.get('mongodb-arrow.collection'), 'all_types');
    assert.deepEqual(JSON.parse(metadata.get('mongodb-arrow.filter') ?? ''), { i: { $gte: 100 } });
  });

  it('writes a Parquet file that pyarrow (an independent reader) reads with equal values', async (t) => {
    const venv = spawnSync('bash', ['scripts/pyarrow-venv.sh'], { encoding: 'utf8' });
    if (venv.status !== 0) {
      t.skip(`pyarrow could not be installed from PyPI: ${venv.stderr.trim()}`);
      return;
    }
    const read = spawnSync(venv.stdout.trim(), ['__test__/helpers/pyarrow-read.py', join(dir, 'out.parquet')], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(read.status, 0, read.stderr);
    const table = await expected();
    const { fields, rows } = JSON.parse(read.stdout);
    assert.deepEqual(
      fields,
      table.schema.fields.map((f) => f.name),
    );
    assert.deepEqual(rows, pythonRows(table));
  });

  it('exports an IPC stream to stdout, with JSON progress lines', async () => {
    const run = await cli([
      'export',
      ...base(),
      '--sort',
      '{"i": 1}',
      '--out',
      '-',
      '--format',
      'arrows',
      '--progress',
      'json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const events = run.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(events.at(-1)?.event, 'done');
    assert.equal(events.at(-1)?.rows, 500);
    assertSameTable(tableFromIPC(run.stdout), await findArrow(fixture.collection, {}, { sort: { i: 1 } }));
  });

  it('exports NDJSON and CSV as the documented JSON values of findArrow', async () => {
    const table = await expected();
    const rows = jsonRows(table);
    const ndjson = await cli([
      'export',
      ...base(),
      '--filter',
      filter,
      '--sort',
      '{"i": 1}',
      '--out',
      join(dir, 'o.ndjson'),
      '-q',
    ]);
    assert.equal(ndjson.code, 0, ndjson.stderr);
    assert.equal(ndjson.stderr, '');
    const lines = readFileSync(join(dir, 'o.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines, rows);
    // And against the plain driver for the types JSON changes.
    const driver = fixture.driverDocuments.filter((d) => d.i >= 100);
    assert.deepEqual(
      lines.map((l) => l._id),
      driver.map((d) => d._id.toHexString()),
    );
    assert.deepEqual(
      lines.map((l) => l.at),
      driver.map((d) => (d.at instanceof Date ? d.at.toISOString() : null)),
    );

    const csv = await cli([
      'export',
      ...base(),
      '--filter',
      filter,
      '--sort',
      '{"i": 1}',
      '--out',
      join(dir, 'o.csv'),
      '-q',
    ]);
    assert.equal(csv.code, 0, csv.stderr);
    const [header, ...records] = readFileSync(join(dir, 'o.csv'), 'utf8').trimEnd().split('\r\n');
    const fields = table.schema.fields.map((f) => f.name);
    assert.equal(header, fields.join(','));
    assert.equal(records.length, rows.length);
    records.forEach((record, r) => {
      const want = fields.map((f) => {
        const v = rows[r]?.[f];
        if (v === null || v === undefined) return '';
        const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
        return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
      });
      assert.equal(record, want.join(','), `row ${r}`);
    });
  });

  it('fails without leaving a file: bad JSON (usage, 2) and a server error (1)', async () => {
    const out = join(dir, 'fail.parquet');
    const bad = await cli(['export', ...base(), '--filter', '{"i": ', '--out', out]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^mongodb-arrow: --filter: not valid \(Extended\) JSON/);
    const server = await cli(['export', ...base(), '--filter', '{"i": {"$nosuchop": 1}}', '--out', out]);
    assert.equal(server.code, 1);
    assert.match(server.stderr, /^mongodb-arrow: server error \[.+\]: .*nosuchop/);
    assert.doesNotMatch(server.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('fail')),
      [],
    );
    const missing = await cli(['export', ...base(), '--out', join(dir, 'x.unknown')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--format/);
  });

  it('on SIGINT kills the read, removes the temporary file and exits with 130', async () => {
    const out = join(dir, 'interrupted.parquet');
    const { code, stderr } = await interruptCli(
      ['export', ...base(), '--batch-size', '2', '--progress', 'json', '--out', out],
      '"event":"progress"',
    );
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('interrupted')),
      [],
    );
  });

  it('masks the password of the URI in errors', async () => {
    const run = await cli([
      'export',
      '--uri',
      'mongodb://user:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=300',
      '--db',
      'x',
      '--collection',
      'y',
      '--out',
      join(dir, 'm.csv'),
    ]);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr, /s3cret/);
  });

  it('prints the inferred schema with per-field counts: definition, JSON and Arrow', async () => {
    const schema = await inferSchema(fixture.collection);
    const docs = fixture.driverDocuments;
    const counts = (name: string) => ({
      documents: docs.filter((d) => name in d).length,
      nulls: docs.filter((d) => d[name] === null).length,
      conflicts: 0, // price mixes the int32 0 with doubles: numbers widen, no conflict
    });
    const text = await runCli(['schema', ...base()]);
    assert.equal(text.code, 0, text.stderr);
    const price = counts('price');
    assert.match(
      text.stdout.toString(),
      new RegExp(
        `^// documents 500\n{\n {2}_id: 'objectId', // documents 500, nulls 0, conflicts 0\n {2}i: 'int32',.*\n {2}price: 'double', // documents ${price.documents}, nulls ${price.nulls}, conflicts 0\n`,
      ),
    );
    assert.match(
      text.stdout.toString(),
      /\n {2}extra: \{ \/\/ documents 500, nulls 0, conflicts 0\n {4}nested: 'int32', \/\/ documents 500,/,
    );
    const json = JSON.parse((await runCli(['schema', ...base(), '--json'])).stdout.toString());
    assert.deepEqual(json.fields, schema.toJSON().fields);
    assert.equal(json.counts.documents, 500);
    for (const name of ['price', 'qty', 'big', 'name', 'at']) {
      assert.deepEqual(
        json.counts.fields.find((f: { path: string[] }) => f.path.join() === name),
        { path: [name], ...counts(name) },
      );
    }
    assert.deepEqual(json.counts.fields.at(-1), { path: ['extra', 'nested'], documents: 500, nulls: 0, conflicts: 0 });
    // What --json prints is a --schema: the counts are ignored.
    const schemaFile = join(dir, 'schema.json');
    writeFileSync(schemaFile, JSON.stringify(json));
    const exported = await runCli(['export', ...base(), '--schema', schemaFile, '--out', join(dir, 's.arrows'), '-q']);
    assert.equal(exported.code, 0, exported.stderr);
    const arrow = await runCli(['schema', ...base(), '--arrow']);
    assert.match(arrow.stdout.toString(), /^_id: Utf8/m);
  });

  it('counts the values of a field of mixed types as conflicts', async () => {
    await fixture.db.collection('mixed').insertMany([{ v: 1 }, { v: 'x' }, { v: 2.5 }, { v: null }, { w: 1 }]);
    const text = await runCli([...['schema', ...base().slice(0, -1)], 'mixed']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout.toString(), /^ {2}v: 'text', \/\/ documents 4, nulls 1, conflicts 1$/m);
    const json = JSON.parse(
      (
        await runCli([...['schema', ...base().slice(0, -1)], 'mixed', '--json', '--conflicts', 'null'])
      ).stdout.toString(),
    );
    assert.deepEqual(json.counts.fields[1], { path: ['v'], documents: 4, nulls: 1, conflicts: 1 });
  });
});
