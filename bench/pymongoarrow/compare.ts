/**
 * Differential comparison with PyMongoArrow (`npm run compare:pymongoarrow`).
 * Each collection of compare-data.ts is read (a) with the plain driver, (b) with
 * our findArrow (dist/, as built) without and with the declared schema, (c) with
 * PyMongoArrow's find_arrow_all the same two ways (compare.py); every cell of
 * (b) and (c) is compared with the driver's value (compare-values.ts) and the
 * fields where the two libraries differ go to bench/results/pymongoarrow-compare.md.
 * Needs MONGODB_URI (FerretDB) and MONGODB_ARROW_FAST_URI (mongo-java-server): compare.sh sets both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { MongoClient } from 'mongodb';
import { COLLECTIONS, type CompareCollection, documentsOf } from './compare-data.js';
import { type Loaded, type Mode, notes, type Outcome, report } from './compare-report.js';

type Api = typeof import('../../lib/index.js');

const ROOT = join(__dirname, '..', '..');
const DATABASE = 'compare_pymongoarrow';
const FIND = { sort: { _id: 1 }, batchSize: 100 } as const;

const message = (err: unknown) =>
  (err instanceof Error ? `${(err as { code?: string }).code ?? err.name}: ${err.message}` : String(err)).slice(0, 200);

async function ours(api: Api, loaded: Loaded, mode: Mode, client: MongoClient): Promise<Outcome> {
  const collection = client.db(DATABASE).collection(loaded.collection.name);
  const declared = loaded.collection.declared;
  const schema =
    mode === 'declared' && typeof declared !== 'string'
      ? { schema: api.Schema.fromJSON({ fields: declared as never }) }
      : {};
  try {
    return { table: await api.findArrow(collection, {}, { ...FIND, ...schema }) };
  } catch (err) {
    // Report the failure, and what the documented lossless fallback gives.
    const error = message(err);
    try {
      return {
        error,
        table: await api.findArrow(collection, {}, { ...FIND, ...schema, conflicts: 'string' }),
      };
    } catch (again) {
      return { error: `${error}; with conflicts: 'string' too: ${message(again)}` };
    }
  }
}

async function load(
  api: Api,
  collection: CompareCollection,
  uris: { ferretdb: string; fast?: string },
): Promise<Loaded | string> {
  const docs = documentsOf(collection);
  const candidates = collection.server === 'fast' ? [uris.fast] : [uris.ferretdb, uris.fast];
  let note: string | undefined;
  for (const uri of candidates) {
    if (!uri) continue;
    const client = await new MongoClient(uri).connect();
    try {
      const coll = client.db(DATABASE).collection(collection.name);
      await coll.drop().catch(() => undefined);
      try {
        await coll.insertMany(docs.map((d) => ({ ...d })));
      } catch (err) {
        note = `FerretDB refused the documents (${message(err)}); stored on the fast server instead`;
        continue;
      }
      const driver = await coll.find({}, { ...FIND, promoteValues: false, bsonRegExp: true }).toArray();
      const loaded: Loaded = { collection, uri, docs: driver, ours: {}, theirs: {}, ...(note && { note }) };
      loaded.ours.inferred = await ours(api, loaded, 'inferred', client);
      if (typeof collection.declared !== 'string') loaded.ours.declared = await ours(api, loaded, 'declared', client);
      return loaded;
    } finally {
      await client.close();
    }
  }
  return note ?? `no ${collection.server} server given (MONGODB_ARROW_FAST_URI unset)`;
}

function runPyMongoArrow(loaded: readonly Loaded[]): { version: string } {
  const out = mkdtempSync(join(tmpdir(), 'compare-pymongoarrow-'));
  const spec = {
    out,
    collections: loaded.map((l) => ({
      name: l.collection.name,
      uri: l.uri,
      database: DATABASE,
      declared: typeof l.collection.declared === 'string' ? null : l.collection.declared,
    })),
  };
  writeFileSync(join(out, 'spec.json'), JSON.stringify(spec));
  const python = join(ROOT, 'bench', '.venv', 'bin', 'python');
  const run = spawnSync(python, [join(__dirname, 'compare.py'), join(out, 'spec.json')], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`compare.py failed (${run.status ?? run.signal})`);
  const report = JSON.parse(readFileSync(join(out, 'pymongoarrow.json'), 'utf8'));
  for (const l of loaded) {
    for (const [mode, r] of Object.entries(report.collections[l.collection.name] ?? {}) as [
      Mode,
      { file?: string; error?: string; omitted?: string[] },
    ][]) {
      l.theirs[mode] = {
        ...(r.error && { error: r.error }),
        ...(r.omitted?.length && { omitted: r.omitted }),
        ...(r.file && { table: tableFromIPC(readFileSync(r.file)) }),
      };
    }
  }
  rmSync(out, { recursive: true, force: true });
  return { version: `pymongoarrow ${report.version}, pyarrow ${report.pyarrow}` };
}

const METHOD =
  'Each collection is read sorted by `_id` with the plain driver (`promoteValues: false`, `bsonRegExp: true`), with our `findArrow` from `dist/` and with `find_arrow_all`, ' +
  'each without a schema ("inferred") and with the declared schema of `bench/pymongoarrow/compare-data.ts`. Every cell is compared with the driver\'s value as ' +
  '`bench/pymongoarrow/compare-values.ts` defines: "equal" in the documented representation (ObjectId as hex or tagged bytes, dates as ms, int64 as bigint, ' +
  'numbers by exact value), "as text" when a text cell holds a plain rendering of the value (the string, `String(n)`, `1.0`, Extended JSON), "null" when the value ' +
  'is lost, "partly null" when part of a document or list is, "differs" otherwise. When our read fails (by default a type conflict is an error), the error is ' +
  "reported and the read is repeated with `conflicts: 'string'`; the field rows then show that read. Rows list only where the two libraries' tallies differ.";

async function main(): Promise<void> {
  const ferretdb = process.env.MONGODB_URI;
  if (!ferretdb) throw new Error('MONGODB_URI is not set: run `npm run compare:pymongoarrow`');
  const dist = join(ROOT, 'dist', 'esm', 'index.js');
  const addon = readdirSync(ROOT).find((name) => name.endsWith('.node'));
  const built = `${statSync(dist).mtime.toISOString()}, native addon ${addon ? statSync(join(ROOT, addon)).mtime.toISOString() : 'missing'}`;
  const api = (await import(pathToFileURL(dist).href)) as Api;
  const started = new Date();
  const loaded: Loaded[] = [];
  const skipped: string[] = [];
  for (const collection of COLLECTIONS) {
    process.stderr.write(`compare: ${collection.name}\n`);
    const result = await load(api, collection, { ferretdb, fast: process.env.MONGODB_ARROW_FAST_URI });
    if (typeof result === 'string') skipped.push(`- ${collection.name}: skipped, ${result}`);
    else loaded.push(result);
  }
  const { version } = runPyMongoArrow(loaded);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const { rows, sameValues, summary } = report(loaded);
  const notesList = [...notes(loaded), ...skipped];
  const markdown = [
    '# Compared with PyMongoArrow',
    '',
    `Run ${started.toISOString()} with \`npm run compare:pymongoarrow\`: ${version}; ours: \`dist/\` built ${built} (HEAD ${commit}), Node ${process.version}. ` +
      'Servers: FerretDB v1.24.2 (scripts/with-test-server.sh), and mongo-java-server 1.47.0 (scripts/fast-server.sh) for what FerretDB v1 cannot store.',
    '',
    METHOD,
    '',
    `Summary: ${summary}.`,
    '',
    '| collection | field | mode | the driver has | we give | PyMongoArrow gives | matches the driver |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(notesList.length ? ['Notes:', '', ...notesList, ''] : []),
    ...(sameValues.length ? ['Same cells, different Arrow types:', '', ...sameValues.map((s) => `- ${s}`), ''] : []),
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results', 'pymongoarrow-compare.md'), markdown);
  process.stdout.write(`${summary}\nwritten: bench/results/pymongoarrow-compare.md\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
