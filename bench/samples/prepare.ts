/**
 * Writes MongoDB's Atlas sample datasets, as far as public snapshots hold them,
 * into one directory as `<db>.<collection>.json` (Extended JSON) or `.bson`
 * (concatenated documents) for `load.ts`. Reads the bare git directories the
 * search tool's `fetch` leaves under `/work/.mirror` (nothing is downloaded
 * here and nothing is written to the repository).
 *
 *   node --import tsx bench/samples/prepare.ts [/work/.mirror] [/tmp/samples]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Where each collection comes from: a repository, a path in it, and how to read that file. */
export interface SampleSource {
  readonly target: string;
  readonly repo: string;
  readonly path: string;
  /** `json`: Extended JSON as is; `bson`: a mongodump file; `archive`: a `mongodump --archive --gzip` file; `js`: a JS module holding an Extended JSON array. */
  readonly kind: 'json' | 'bson' | 'archive' | 'js';
  /** For `archive`: the collection to take. */
  readonly collection?: string;
  readonly note?: string;
}

export const SOURCES: readonly SampleSource[] = [
  {
    target: 'sample_analytics.accounts',
    repo: 'neelabalan/mongodb-sample-dataset',
    path: 'sample_analytics/accounts.json',
    kind: 'json',
  },
  {
    target: 'sample_analytics.customers',
    repo: 'neelabalan/mongodb-sample-dataset',
    path: 'sample_analytics/customers.json',
    kind: 'json',
  },
  {
    target: 'sample_mflix.users',
    repo: 'neelabalan/mongodb-sample-dataset',
    path: 'sample_mflix/users.json',
    kind: 'json',
  },
  {
    target: 'sample_mflix.theaters',
    repo: 'neelabalan/mongodb-sample-dataset',
    path: 'sample_mflix/theaters.json',
    kind: 'json',
  },
  {
    target: 'sample_mflix.sessions',
    repo: 'neelabalan/mongodb-sample-dataset',
    path: 'sample_mflix/sessions.json',
    kind: 'json',
  },
  {
    target: 'sample_geospatial.shipwrecks',
    repo: 'AddySrivastava/mongodb-sample-dump',
    path: 'sample_geospatial/shipwrecks.bson',
    kind: 'bson',
  },
  {
    target: 'sample_training.zips',
    repo: 'AddySrivastava/mongodb-sample-dump',
    path: 'sample_training/zips.bson',
    kind: 'bson',
  },
  {
    target: 'sample_restaurants.neighborhoods',
    repo: 'AddySrivastava/mongodb-sample-dump',
    path: 'sample_restaurants/neighborhoods.bson',
    kind: 'bson',
  },
  {
    target: 'sample_supplies.sales',
    repo: 'bonniss/mongodb-sample-dataset',
    path: 'sample_supplies.gz',
    kind: 'archive',
    collection: 'sales',
  },
  {
    target: 'sample_weatherdata.data',
    repo: 'bonniss/mongodb-sample-dataset',
    path: 'sample_weatherdata.gz',
    kind: 'archive',
    collection: 'data',
  },
  {
    target: 'sample_mflix.movies',
    repo: 'php-121/movie-page-harry-nguyen',
    path: 'bigtomatoes.json',
    kind: 'json',
    note: 'a subset (the full file is over the 4 MiB snapshot limit everywhere we looked)',
  },
  {
    target: 'sample_mflix.comments',
    repo: 'NoumanAhmad448/user-comments-in-react',
    path: 'src/comments.js',
    kind: 'js',
    note: 'a subset (the full file is over the 4 MiB snapshot limit everywhere we looked)',
  },
];

/** Collections we could not get whole from any snapshot, and why. */
export const MISSING: readonly { readonly target: string; readonly why: string }[] = [
  'sample_analytics.transactions',
  'sample_mflix.movies (all 23,530; a 43-document subset is used)',
  'sample_mflix.comments (all 41,079; a 166-document subset is used)',
  'sample_training.grades',
  'sample_training.companies',
  'sample_airbnb.listingsAndReviews',
].map((target) => ({
  target,
  why:
    'every copy found is one file of 4 MiB or more, which snapshots leave out (neelabalan/mongodb-sample-dataset and its fork ' +
    'bonniss/mongodb-sample-dataset as JSON and as mongodump archives, AddySrivastava/mongodb-sample-dump as .bson; ' +
    'NoChanJong/mongoDB holds listingsAndReviews.json only as a Git LFS pointer)',
}));

function gitDir(mirrors: string, repo: string): string {
  return join(mirrors, repo.replace('/', '+'), 'repo');
}

function gitShow(mirrors: string, repo: string, path: string): Buffer {
  return execFileSync('git', ['--git-dir', gitDir(mirrors, repo), 'show', `HEAD:${path}`], { maxBuffer: 1 << 30 });
}

/**
 * The documents of one collection in a mongodump archive: magic number, a
 * prelude of BSON documents ended by a 0xFFFFFFFF terminator, then blocks,
 * each a namespace header document ({db, collection, EOF, CRC}) followed by
 * that collection's documents up to a terminator.
 */
export function archiveCollection(archive: Buffer, collection: string): Buffer {
  if (archive.readUInt32LE(0) !== 0x8199e26d) throw new Error('not a mongodump archive');
  const parts: Buffer[] = [];
  let offset = 4;
  let inPrelude = true;
  let expectHeader = false;
  let current: string | undefined;
  while (offset < archive.length) {
    const length = archive.readInt32LE(offset);
    if (length === -1) {
      offset += 4;
      if (inPrelude) inPrelude = false;
      expectHeader = true;
      continue;
    }
    const doc = archive.subarray(offset, offset + length);
    offset += length;
    if (inPrelude) continue;
    if (expectHeader) {
      // A namespace header: which collection the following documents belong to.
      current = doc.includes(Buffer.from(`collection\0${lengthPrefixed(collection)}`)) ? collection : undefined;
      expectHeader = false;
      continue;
    }
    if (current === collection) parts.push(doc);
  }
  return Buffer.concat(parts);
}

function lengthPrefixed(s: string): string {
  const b = Buffer.alloc(4);
  b.writeInt32LE(Buffer.byteLength(s) + 1);
  return `${b.toString('latin1')}${s}\0`;
}

function main(): void {
  const mirrors = process.argv[2] ?? '/work/.mirror';
  const out = process.argv[3] ?? '/tmp/samples';
  mkdirSync(out, { recursive: true });
  const written: Record<string, unknown>[] = [];
  for (const source of SOURCES) {
    const bytes = gitShow(mirrors, source.repo, source.path);
    let file: string;
    let data: Buffer | string;
    switch (source.kind) {
      case 'json':
        [file, data] = [`${source.target}.json`, bytes];
        break;
      case 'bson':
        [file, data] = [`${source.target}.bson`, bytes];
        break;
      case 'archive':
        [file, data] = [`${source.target}.bson`, archiveCollection(gunzipSync(bytes), source.collection ?? '')];
        break;
      case 'js': {
        // `let name = [ ... ];\nexport default name;` around an Extended JSON array.
        const text = bytes.toString('utf8');
        [file, data] = [`${source.target}.json`, text.slice(text.indexOf('['), text.lastIndexOf(']') + 1)];
        break;
      }
    }
    writeFileSync(join(out, file), data);
    const commit = execFileSync('git', ['--git-dir', gitDir(mirrors, source.repo), 'rev-parse', 'HEAD'])
      .toString()
      .trim();
    written.push({ ...source, file, commit });
    console.log(`${file}: ${source.repo}:${source.path}${source.note ? ` (${source.note})` : ''}`);
  }
  // load.ts puts this in its report.
  writeFileSync(join(out, 'sources.json'), `${JSON.stringify({ sources: written, missing: MISSING }, null, 2)}\n`);
}

if (require.main === module) main();
