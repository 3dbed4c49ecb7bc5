import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type Table, tableFromIPC } from 'apache-arrow';
import { jsonValue } from '../lib/cli/json-values.js';
import { findArrow, inferSchema, readParquet } from '../lib/index.js';
import { useAllTypesCollection } from './helpers/all-types.js';
import { serverUri } from './helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'mongodb-arrow-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
/** Control characters but \t and \n: a terminal's escapes start with ESC, rewrites with \r. */
function controlCharacters(text: string): number[] {
  return [...text]
    .map((c) => c.charCodeAt(0))
    .filter((code) => (code < 32 && code !== 9 && code !== 10) || code === 127);
}

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The command as a user runs it, with stdout and stderr pipes (not a TTY). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], {
      env: { ...process.env, ...env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
  });
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
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'lib/cli/main.ts',
        'export',
        ...base(),
        '--batch-size',
        '2',
        '--progress',
        'json',
        '--out',
        out,
      ],
      { env: process.env },
    );
    let stderr = '';
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      // Interrupted once the first progress line shows the export under way.
      if (stderr.includes('"event":"progress"')) child.kill('SIGINT');
    });
    assert.equal(await closed, 130, stderr);
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

  it('prints the inferred schema: definition, JSON and Arrow', async () => {
    const schema = await inferSchema(fixture.collection);
    const text = await cli(['schema', ...base()]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout.toString(), /^\{\n {2}_id: 'objectId',\n {2}i: 'int32',/);
    const json = await cli(['schema', ...base(), '--json']);
    assert.deepEqual(JSON.parse(json.stdout.toString()), schema.toJSON());
    const arrow = await cli(['schema', ...base(), '--arrow']);
    assert.match(arrow.stdout.toString(), /^_id: Utf8/m);
  });
});
