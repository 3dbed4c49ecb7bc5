/**
 * The data sets: each shape's documents written once as concatenated BSON
 * (the in-memory bytes of the decode-only contenders, cached in bench/.data)
 * and inserted into the server for the end-to-end contenders. Both come from
 * the same seeded generator, so they hold the same documents.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { BSON, type Collection, type Document } from 'mongodb';
import { Random } from './random.js';
import type { Shape } from './shapes.js';

/** Bump when a generator changes, so stale cached files are rebuilt. */
const GENERATOR_VERSION = 1;
const CHUNK = 5_000;

function seedOf(shape: Shape): number {
  let h = 2_166_136_261;
  for (const c of shape.name) h = Math.imul(h ^ c.charCodeAt(0), 16_777_619);
  return h >>> 0;
}

/** Documents [0, count) of the shape, `CHUNK` at a time (1M wide documents do not fit in one array comfortably). */
export function* documentChunks(shape: Shape, count: number): Generator<Document[]> {
  const random = new Random(seedOf(shape));
  for (let start = 0; start < count; start += CHUNK) {
    const chunk: Document[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) chunk.push(shape.generate(i, random));
    yield chunk;
  }
}

export interface DataFile {
  readonly path: string;
  readonly bytes: number;
}

export function ensureDataFile(shape: Shape, count: number, dir: string): DataFile {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${shape.name}-${count}.bson`);
  const stamp = `${path}.version`;
  if (existsSync(path) && existsSync(stamp) && readFileSync(stamp, 'utf8') === String(GENERATOR_VERSION)) {
    return { path, bytes: statSync(path).size };
  }
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    for (const chunk of documentChunks(shape, count)) {
      for (const doc of chunk) writeSync(fd, BSON.serialize(doc));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  writeFileSync(stamp, String(GENERATOR_VERSION));
  return { path, bytes: statSync(path).size };
}

/** A decode-only group's input: the shape's concatenated BSON documents. */
export function readDataFile(path: string | undefined): Uint8Array {
  if (!path) throw new Error('decode-only: no data file given');
  return new Uint8Array(readFileSync(path));
}

/** The byte offset just past the first `count` documents of concatenated BSON (all of them at most). */
export function documentsEnd(bytes: Uint8Array, count: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (let i = 0; i < count && offset < bytes.byteLength; i++) offset += view.getInt32(offset, true);
  return offset;
}

/** insertMany calls in flight while loading: the next chunk is generated while the server stores the last. */
const INSERTS_IN_FLIGHT = 3;

/** Replaces the collection's contents with the shape's documents. */
export async function loadCollection(collection: Collection<Document>, shape: Shape, count: number): Promise<void> {
  await collection.drop().catch(() => undefined);
  const inFlight = new Set<Promise<unknown>>();
  for (const chunk of documentChunks(shape, count)) {
    const insert: Promise<unknown> = collection.insertMany(chunk, { ordered: false }).finally(() => {
      inFlight.delete(insert);
    });
    inFlight.add(insert);
    if (inFlight.size >= INSERTS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const stored = await collection.countDocuments();
  if (stored !== count) throw new Error(`${collection.collectionName}: ${stored} documents stored, ${count} expected`);
}
