/**
 * MongoDB's public sample datasets through `findArrow(collection)` with no
 * schema, every cell compared with the plain driver's document.
 *
 * Each `<db>.<collection>.json` (Extended JSON, one document a line or an
 * array; parsed with `relaxed: false` so int, long and double stay apart) or
 * `.bson` (concatenated documents, as mongodump writes) in the directory is
 * inserted into that database and collection (dropped first), then read with
 * `findArrow(c, {}, { sort: { _id: 1 } })` and with the driver's
 * `find({}, { sort: { _id: 1 }, promoteValues: false })` (both with batchSize
 * 1000, which the fast server needs). On FerretDB v1, values it refuses
 * (Decimal128, NaN, arrays of arrays) are taken out first and counted. Writes
 * bench/results/samples-<date>[-label].md and prints a summary. `prepare.ts` writes the directory.
 *
 *   bash scripts/with-test-server.sh node --import tsx bench/samples/load.ts /tmp/samples
 *   bash scripts/fast-server.sh run node --import tsx bench/samples/load.ts /tmp/samples fast
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { BSON, type Collection, type Document, MongoClient } from 'mongodb';
import { type FieldType, findArrow, inferSchema, type ReadReport, readReport, Schema } from '../../lib/index.js';

const { EJSON } = BSON;
const ROOT = join(__dirname, '..', '..');
const FIND = { sort: { _id: 1 }, batchSize: 1000 } as const;
const EXAMPLES_PER_FIELD = 25;

interface Mismatch {
  readonly field: string;
  readonly row: number;
  readonly driver: string;
  readonly ours: string;
  /** Same value, other spelling (e.g. key order of integer-like keys, which JS objects reorder). */
  readonly formatOnly: boolean;
}

interface Result {
  readonly name: string;
  readonly fileDocuments: number;
  readonly refused: readonly { readonly index: number; readonly id: string; readonly reason: string }[];
  /** Values taken out before inserting, by path and reason, with counts. */
  readonly stripped: ReadonlyMap<string, number>;
  readonly changedByServer: number;
  readonly documents: number;
  readonly fields: readonly { readonly name: string; readonly type: FieldType }[];
  readonly report: ReadReport | undefined;
  readonly mismatches: readonly Mismatch[];
  /** Values compared, nested ones and null cells included. */
  readonly cells: number;
  readonly arrowMs: number;
  readonly driverMs: number;
}

// ---- reading the files -------------------------------------------------------------------------

function readDocuments(file: string): Document[] {
  const bytes = readFileSync(file);
  if (file.endsWith('.bson')) {
    const docs: Document[] = [];
    for (let at = 0; at < bytes.length; at += bytes.readInt32LE(at)) {
      docs.push(
        BSON.deserialize(bytes.subarray(at, at + bytes.readInt32LE(at)), { promoteValues: false, bsonRegExp: true }),
      );
    }
    return docs;
  }
  const text = bytes.toString('utf8').trim();
  if (text.startsWith('[')) return EJSON.parse(text, { relaxed: false }) as Document[];
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => EJSON.parse(line, { relaxed: false }) as Document);
}

const STRIPPED = Symbol('stripped');

/**
 * FerretDB v1 refuses Decimal128 (it drops the connection), NaN and arrays of
 * arrays: such values are taken out of the document (an array item, or the
 * field) and counted by path, so the rest of the document is still compared.
 */
function strip(v: unknown, path: string, removed: Map<string, number>): unknown {
  const take = (why: string) => {
    removed.set(`${path} (${why})`, (removed.get(`${path} (${why})`) ?? 0) + 1);
    return STRIPPED;
  };
  if (bsonType(v) === 'Decimal128') return take('Decimal128');
  if (bsonType(v) === 'Double' && Number.isNaN((v as { value: number }).value)) return take('NaN');
  if (Array.isArray(v)) {
    if (v.some(Array.isArray)) return take('array of arrays');
    return v.map((x) => strip(x, `${path}[]`, removed)).filter((x) => x !== STRIPPED);
  }
  if (v === null || typeof v !== 'object' || bsonType(v) || v instanceof Date) return v;
  const out: Document = {};
  for (const [k, x] of Object.entries(v)) {
    const kept = strip(x, path ? `${path}.${k}` : k, removed);
    if (kept !== STRIPPED) out[k] = kept;
  }
  return out;
}

type Refused = Result['refused'][number];

/** Inserts in chunks; when a chunk fails, its documents go one by one and those refused are listed. */
async function insert(c: Collection, docs: readonly Document[]): Promise<Refused[]> {
  const refused: Refused[] = [];
  for (let start = 0; start < docs.length; start += 1000) {
    const chunk = docs.slice(start, start + 1000);
    try {
      await c.insertMany(
        chunk.map((d) => ({ ...d })),
        { ordered: false },
      );
    } catch {
      await c.deleteMany({ _id: { $in: chunk.map((d) => d._id) } });
      for (const [i, doc] of chunk.entries()) {
        try {
          await c.insertOne({ ...doc });
        } catch (err) {
          const reason = (err as Error).message;
          refused.push({ index: start + i, id: plainText(doc._id) ?? '', reason: reason.slice(-120) });
        }
      }
    }
  }
  return refused;
}

// ---- what a text column holds: the library's plain text, rebuilt from the driver's value ---------

const bsonType = (v: unknown): string | undefined => (v as { _bsontype?: string } | null)?._bsontype;

/** Shortest round-trip digits, decimal in [low, 1e16), else exponent; integral values keep `.0`. */
function formatDouble(v: number, low: number, plusExponent: boolean): string {
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= low && abs < 1e16) {
    const s = String(v);
    return s.includes('.') ? s : `${s}.0`;
  }
  const e = v.toExponential();
  return plusExponent ? e : e.replace('e+', 'e');
}

const ISO_MIN = -62_167_219_200_000;
const ISO_MAX = 253_402_300_799_999;

/** A scalar's plain text (top-level cells of a text column): strings as they are, numbers in decimal, ISO dates. */
export function plainText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) {
    const ms = v.getTime();
    return ms >= ISO_MIN && ms <= ISO_MAX ? v.toISOString() : `{"$date":{"$numberLong":"${ms}"}}`;
  }
  const value = v as { value: number; toString(): string; toHexString(): string };
  switch (bsonType(v)) {
    case 'Int32':
      return String(value.value);
    case 'Long':
    case 'Decimal128':
      return value.toString();
    case 'Double':
      return Number.isFinite(value.value) ? formatDouble(value.value, 1e-4, false) : String(value.value);
    case 'ObjectId':
      return value.toHexString();
    case 'BSONSymbol':
      return (v as { value: string }).value;
    case 'Code':
      if ((v as { scope?: unknown }).scope == null) return (v as { code: string }).code;
  }
  return relaxed(v);
}

/** Relaxed Extended JSON as the library writes it (the Rust bson crate and serde_json), keys in stored order. */
function relaxed(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(relaxed).join(',')}]`;
  if (v instanceof Date) {
    const ms = v.getTime();
    const year = v.getUTCFullYear();
    if (year < 1970 || year > 9999) return `{"$date":{"$numberLong":"${ms}"}}`;
    // RFC 3339 as the `time` crate writes it: the fraction only when non-zero, trailing zeros cut.
    const fraction =
      ms % 1000
        ? `.${String(ms % 1000)
            .padStart(3, '0')
            .replace(/0+$/, '')}`
        : '';
    return `{"$date":"${v.toISOString().slice(0, 19)}${fraction}Z"}`;
  }
  const any = v as Record<string, unknown> & { value: number; toString(): string };
  switch (bsonType(v)) {
    case 'Int32':
      return String(any.value);
    case 'Long':
      return any.toString();
    case 'Double':
      return Number.isFinite(any.value)
        ? formatDouble(any.value, 1e-5, true)
        : `{"$numberDouble":"${String(any.value)}"}`;
    case 'ObjectId':
      return `{"$oid":"${(v as { toHexString(): string }).toHexString()}"}`;
    case 'Decimal128':
      return `{"$numberDecimal":"${any.toString()}"}`;
    case undefined: {
      const entries = Object.entries(v as Document).map(([k, x]) => `${JSON.stringify(k)}:${relaxed(x)}`);
      return `{${entries.join(',')}}`;
    }
  }
  // The rarer types: relaxed Extended JSON as js-bson writes it.
  return EJSON.stringify(v as Document, { relaxed: true });
}

// ---- comparing cells ---------------------------------------------------------------------------

function show(v: unknown): string {
  let s: string;
  try {
    s =
      typeof v === 'string'
        ? JSON.stringify(v)
        : v instanceof Uint8Array
          ? `<${v.length} bytes>`
          : typeof v === 'bigint'
            ? `${v}n`
            : v !== null && typeof v === 'object' && 'toJSON' in v
              ? JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))
              : EJSON.stringify(v as Document, { relaxed: false });
  } catch {
    s = String(v);
  }
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Every value compared (leaves and containers), for the report. */
let cellsCompared = 0;

type Row = Record<string, unknown> & { toJSON?(): Record<string, unknown> };

/** Compares the driver's value `want` with the Arrow value `got` of a column of type `type`; pushes what differs. */
export function compare(
  type: FieldType,
  want: unknown,
  got: unknown,
  field: string,
  row: number,
  out: Mismatch[],
): void {
  cellsCompared++;
  const miss = (formatOnly = false) => out.push({ field, row, driver: show(want), ours: show(got), formatOnly });
  if (want === null || want === undefined) {
    if (got !== null && got !== undefined) miss();
    return;
  }
  const name = typeof type === 'string' ? type : type.type;
  const number = (want as { value?: unknown }).value;
  switch (name) {
    case 'double':
      if (!(typeof got === 'number' && Object.is(got, Number(number ?? NaN)))) miss();
      return;
    case 'int32':
      if (got !== number) miss();
      return;
    case 'int64':
      if (got !== (bsonType(want) === 'Long' ? BigInt(String(want)) : BigInt(Number(number)))) miss();
      return;
    case 'bool':
    case 'string':
      if (got !== (bsonType(want) === 'BSONSymbol' ? number : want)) miss();
      return;
    case 'date':
      if (!(want instanceof Date && got != null && Number(got) === want.getTime())) miss();
      return;
    case 'objectId':
      if (got !== (want as { toHexString(): string }).toHexString()) miss();
      return;
    case 'decimal128':
      if (got !== String(want)) miss();
      return;
    case 'binary': {
      const bytes = (want as { buffer?: Uint8Array }).buffer;
      if (!(got instanceof Uint8Array && bytes && Buffer.from(got).equals(Buffer.from(bytes)))) miss();
      return;
    }
    case 'null':
      miss();
      return;
    case 'text': {
      const expected = plainText(want);
      if (got === expected) return;
      // Same value, other spelling? Parse both (JS objects put integer-like keys first, so stored order is lost).
      let same = false;
      try {
        same =
          typeof got === 'string' &&
          isDeepStrictEqual(EJSON.parse(got, { relaxed: true }), EJSON.parse(expected ?? '', { relaxed: true }));
      } catch {}
      miss(same);
      return;
    }
    case 'document': {
      if (typeof type === 'string' || type.type !== 'document') return;
      if (typeof want !== 'object' || bsonType(want) || Array.isArray(want) || got == null) return void miss();
      const g = got as Row;
      const gotFields = typeof g.toJSON === 'function' ? g.toJSON() : g;
      const known = new Set(type.fields.map((f) => f.name));
      for (const f of type.fields) {
        compare(f.type, (want as Document)[f.name], gotFields[f.name], `${field}.${f.name}`, row, out);
      }
      for (const key of Object.keys(want as Document)) {
        if (!known.has(key))
          out.push({
            field: `${field}.${key}`,
            row,
            driver: show((want as Document)[key]),
            ours: '(no column)',
            formatOnly: false,
          });
      }
      return;
    }
    case 'list': {
      if (typeof type === 'string' || type.type !== 'list') return;
      const v = got as { length: number; get(i: number): unknown } | null;
      if (!Array.isArray(want) || v == null || v.length !== want.length) return void miss();
      want.forEach((item, i) => {
        compare(type.items, item, v.get(i), `${field}[]`, row, out);
      });
      return;
    }
    case 'map': {
      if (typeof type === 'string' || type.type !== 'map') return;
      if (typeof want !== 'object' || bsonType(want) || got == null) return void miss();
      const entries = [...(got as Iterable<[string, unknown]>)];
      const keys = Object.keys(want as Document);
      const gotKeys = entries.map(([k]) => k);
      if (!isDeepStrictEqual(gotKeys, keys)) {
        // Integer-like keys come first in a JS object whatever their stored order.
        const sameSet = isDeepStrictEqual([...gotKeys].sort(), [...keys].sort());
        if (!sameSet || !keys.some((k) => /^\d+$/.test(k))) return void miss();
      }
      for (const [k, value] of entries) compare(type.values, (want as Document)[k], value, `${field}{}`, row, out);
      return;
    }
  }
  miss();
}

/** The inferred type as its Arrow column reads back: text, ObjectId and Decimal128 are Utf8. */
function asArrow(t: FieldType): FieldType {
  if (t === 'text' || t === 'objectId' || t === 'decimal128') return 'string';
  if (t === 'date') return { type: 'date', unit: 'ms', timezone: 'UTC' };
  if (typeof t === 'string') return t;
  switch (t.type) {
    case 'document':
      return { type: 'document', fields: t.fields.map((f) => ({ name: f.name, type: asArrow(f.type) })) };
    case 'list':
      return { type: 'list', items: asArrow(t.items) };
    case 'map':
      return { type: 'map', values: asArrow(t.values) };
    default:
      return t;
  }
}

// ---- the schema in words -----------------------------------------------------------------------

function typeName(t: FieldType): string {
  if (typeof t === 'string') return t;
  switch (t.type) {
    case 'document':
      return 'document';
    case 'list':
      return `list<${typeName(t.items)}>`;
    case 'map':
      return `map<${typeName(t.values)}>`;
    default:
      return t.type;
  }
}

/** Paths of the `text` and `map` columns, nested ones included (`a.b`, `a[]`, `m{}`). */
function special(t: FieldType, path: string, found: { text: string[]; map: string[] }): void {
  if (t === 'text') found.text.push(path);
  if (typeof t === 'string') return;
  if (t.type === 'map') {
    found.map.push(`${path} (${typeName(t)})`);
    special(t.values, `${path}{}`, found);
  } else if (t.type === 'list') special(t.items, `${path}[]`, found);
  else if (t.type === 'document') for (const f of t.fields) special(f.type, `${path}.${f.name}`, found);
}

// ---- one collection ----------------------------------------------------------------------------

async function run(client: MongoClient, dir: string, file: string, ferretdb: boolean): Promise<Result> {
  const name = file.replace(/\.(json|bson)$/, '');
  const dot = name.indexOf('.');
  const c = client.db(name.slice(0, dot)).collection(name.slice(dot + 1));
  const stripped = new Map<string, number>();
  const read = readDocuments(join(dir, file));
  const docs = ferretdb ? read.map((d) => strip(d, '', stripped) as Document) : read;
  await c.drop().catch(() => undefined);
  const refused = await insert(c, docs);

  let start = performance.now();
  const table = await findArrow(c, {}, FIND);
  const arrowMs = performance.now() - start;
  start = performance.now();
  await c.find({}, FIND).toArray();
  const driverMs = performance.now() - start;
  const driver = await c.find({}, { ...FIND, promoteValues: false, bsonRegExp: true }).toArray();
  // Inferred over the same order as the read, so the columns come in the same order.
  const schema = await inferSchema(c, { pipeline: [{ $sort: { _id: 1 } }] });

  // Did the server store what the file said? (compared by _id, as BSON bytes)
  const source = new Map(docs.map((d) => [EJSON.stringify(d._id, { relaxed: false }), BSON.serialize(d)]));
  const changedByServer = driver.filter((d) => {
    const bytes = source.get(EJSON.stringify(d._id, { relaxed: false }));
    return !bytes || !Buffer.from(bytes).equals(Buffer.from(BSON.serialize(d)));
  }).length;

  const mismatches: Mismatch[] = [];
  const compared = cellsCompared;
  const fields = schema.fields;
  // The table's own schema must be the inferred one (so each column is compared as the type it has).
  const arrowFields = Schema.fromArrow(table.schema).fields;
  const inferredFields = fields.map((f) => ({ name: f.name, type: asArrow(f.type) }));
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(arrowFields)), inferredFields)) {
    mismatches.push({
      field: '(schema)',
      row: -1,
      driver: JSON.stringify(inferredFields),
      ours: JSON.stringify(arrowFields),
      formatOnly: false,
    });
  }
  if (table.numRows !== driver.length) {
    mismatches.push({
      field: '(rows)',
      row: -1,
      driver: String(driver.length),
      ours: String(table.numRows),
      formatOnly: false,
    });
  }
  const known = new Set(fields.map((f) => f.name));
  for (const f of fields) {
    const column = table.getChild(f.name);
    driver.forEach((doc, row) => {
      compare(f.type, doc[f.name], column?.get(row) ?? null, f.name, row, mismatches);
    });
  }
  driver.forEach((doc, row) => {
    for (const key of Object.keys(doc)) {
      if (!known.has(key))
        mismatches.push({ field: key, row, driver: show(doc[key]), ours: '(no column)', formatOnly: false });
    }
  });
  return {
    name,
    fileDocuments: docs.length,
    refused,
    stripped,
    changedByServer,
    documents: driver.length,
    fields,
    report: readReport(table),
    mismatches,
    cells: cellsCompared - compared,
    arrowMs,
    driverMs,
  };
}

/** The datasets section, from the sources.json prepare.ts writes beside the files. */
function datasets(dir: string): string[] {
  let parsed: { sources: Record<string, string>[]; missing: { target: string; why: string }[] };
  try {
    parsed = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8'));
  } catch {
    return [];
  }
  return [
    '## Datasets',
    '',
    '| collection | repository | path | commit | note |',
    '|---|---|---|---|---|',
    ...parsed.sources.map(
      (s) => `| ${s.target} | ${s.repo} | ${s.path} | ${String(s.commit).slice(0, 10)} | ${s.note ?? ''} |`,
    ),
    '',
    ...[...new Set(parsed.missing.map((m) => m.why))].map(
      (why) =>
        `Not available whole: ${parsed.missing
          .filter((m) => m.why === why)
          .map((m) => m.target)
          .join(', ')}: ${why}.`,
    ),
    '',
  ];
}

// ---- the report --------------------------------------------------------------------------------

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, '\\n');

function section(r: Result): string {
  const found = { text: [] as string[], map: [] as string[] };
  for (const f of r.fields) special(f.type, f.name, found);
  const kinds = new Map<string, number>();
  for (const f of r.fields) kinds.set(typeName(f.type), (kinds.get(typeName(f.type)) ?? 0) + 1);
  const lines = [
    `## ${r.name}`,
    '',
    `- documents: ${r.fileDocuments} in the file, ${r.documents} read back${r.refused.length ? `, ${r.refused.length} refused by the server` : ''}; ${r.changedByServer ? `${r.changedByServer} stored differently from what was inserted (the comparison is with what the server returns)` : 'the server returned every document byte for byte as inserted'}`,
    `- columns: ${r.fields.length} top-level — ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
    `- text columns: ${found.text.length ? found.text.map((p) => `\`${p}\``).join(', ') : 'none'}`,
    `- map columns: ${found.map.length ? found.map.map((p) => `\`${p}\``).join(', ') : 'none'}`,
    `- values compared: ${r.cells} (every cell, nested values one by one, nulls included)`,
    `- findArrow ${r.arrowMs.toFixed(0)} ms, driver toArray ${r.driverMs.toFixed(0)} ms (one run each)`,
    '',
  ];
  lines.push(
    '<details><summary>inferred schema</summary>',
    '',
    '```json',
    JSON.stringify(r.fields),
    '```',
    '',
    '</details>',
    '',
  );
  const coercions = r.report?.coercions ?? [];
  if (coercions.length) {
    lines.push('| field | column | types converted | stored | coerced | nulled |', '|---|---|---|--:|--:|--:|');
    for (const c of coercions) {
      lines.push(
        `| \`${c.field}\` | ${c.column} | ${cell(JSON.stringify(c.types))} | ${c.stored} | ${c.coerced} | ${c.nulled} |`,
      );
    }
  } else lines.push('Coercion report: empty (every value stored as it was).');
  const dropped = [...(r.report?.droppedFields ?? [])];
  lines.push(
    '',
    `Dropped fields: ${dropped.length ? dropped.map(([k, n]) => `\`${k}\` (${n})`).join(', ') : 'none'}.`,
    '',
  );
  for (const [path, n] of r.stripped)
    lines.push(`- taken out before inserting (FerretDB v1 refuses it): \`${path}\` ×${n}`);
  const reasons = new Map<string, Refused[]>();
  for (const x of r.refused) reasons.set(x.reason, [...(reasons.get(x.reason) ?? []), x]);
  for (const [reason, list] of reasons) {
    const ids = list
      .slice(0, 5)
      .map((x) => x.id)
      .join(', ');
    lines.push(
      `- refused by the server: ${list.length} documents (_id ${ids}${list.length > 5 ? ', …' : ''}): …${cell(reason)}`,
    );
  }
  if (r.stripped.size || r.refused.length) lines.push('');
  if (r.mismatches.length === 0) {
    lines.push('**Every cell equals the driver’s value.**', '');
    return lines.join('\n');
  }
  const byField = new Map<string, Mismatch[]>();
  for (const m of r.mismatches) byField.set(m.field, [...(byField.get(m.field) ?? []), m]);
  lines.push(
    `**${r.mismatches.length} cells differ** (${r.mismatches.filter((m) => m.formatOnly).length} only in spelling):`,
    '',
  );
  lines.push('| field | row | driver value | our value | same value? |', '|---|--:|---|---|---|');
  for (const [, list] of byField) {
    for (const m of list.slice(0, EXAMPLES_PER_FIELD)) {
      lines.push(
        `| \`${m.field}\` | ${m.row} | ${cell(m.driver)} | ${cell(m.ours)} | ${m.formatOnly ? 'yes, other spelling' : 'no'} |`,
      );
    }
    if (list.length > EXAMPLES_PER_FIELD)
      lines.push(`| \`${list[0]?.field}\` | … | ${list.length - EXAMPLES_PER_FIELD} more | | |`);
  }
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const [dir, label] = process.argv.slice(2);
  const uri = process.env.MONGODB_URI;
  if (!dir || !uri) throw new Error('usage: MONGODB_URI=... node --import tsx bench/samples/load.ts <dir> [label]');
  const files = readdirSync(dir)
    .filter((f) => /^[^.]+\..+\.(json|bson)$/.test(f))
    .sort();
  const client = await new MongoClient(uri).connect();
  const results: Result[] = [];
  let server = '';
  try {
    const info = await client.db('admin').command({ buildInfo: 1 });
    server = `${info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}, claiming MongoDB ` : ''}${info.version ?? '?'}`;
    for (const file of files) {
      process.stderr.write(`${file}…\n`);
      results.push(await run(client, dir, file, Boolean(info.ferretdbVersion)));
    }
  } finally {
    await client.close();
  }
  const date = new Date().toISOString();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  const summary = [
    '| collection | documents | columns | text | map | coercions | values compared | differing | findArrow ms | toArray ms |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...results.map((r) => {
      const found = { text: [] as string[], map: [] as string[] };
      for (const f of r.fields) special(f.type, f.name, found);
      return `| ${r.name} | ${r.documents}${r.refused.length ? ` (${r.refused.length} refused)` : ''} | ${r.fields.length} | ${found.text.length} | ${found.map.length} | ${r.report?.coercions.length ?? 0} | ${r.cells} | ${r.mismatches.length} | ${r.arrowMs.toFixed(0)} | ${r.driverMs.toFixed(0)} |`;
    }),
  ].join('\n');
  const markdown = [
    '# Sample datasets: `findArrow(collection)` against the plain driver',
    '',
    `Run ${date} at commit ${commit} (work tree as it was), server ${server}, Node.js ${process.version}.`,
    '',
    '```sh',
    'node --import tsx bench/samples/prepare.ts /work/.mirror /tmp/samples   # the files, from the snapshots below',
    `${label === 'fast' ? 'bash scripts/fast-server.sh run' : 'bash scripts/with-test-server.sh'} node --import tsx bench/samples/load.ts ${dir}${label ? ` ${label}` : ''}`,
    '```',
    '',
    label
      ? ''
      : 'The same on mongo-java-server, which keeps Decimal128 and arrays of arrays: ' +
        `\`bash scripts/fast-server.sh run node --import tsx bench/samples/load.ts ${dir} fast\` (samples-<date>-fast.md).`,
    '',
    ...datasets(dir),
    '## Summary',
    '',
    summary,
    '',
    'Each cell of the table is compared with the driver’s value (`promoteValues: false`) by the type of its column: numbers exactly ' +
      '(int64 as BigInt), dates as milliseconds, ObjectId as hex, Decimal128 as its string, binary by bytes, structs and lists ' +
      'item by item, maps entry by entry in stored order, text columns against the plain text the library documents ' +
      '(documents and arrays in it as relaxed Extended JSON in stored key order); a document key with no column is a difference too. ' +
      '“Only in spelling” marks text that parses to the same value (JS objects put integer-like keys first, so the stored order cannot be rebuilt from a driver document).',
    '',
    ...results.map(section),
  ].join('\n');
  const out = join(ROOT, 'bench', 'results', `samples-${date.slice(0, 10)}${label ? `-${label}` : ''}.md`);
  writeFileSync(out, `${markdown}\n`);
  process.stdout.write(`${summary}\n\nwritten: ${out}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
