import type { Table } from 'apache-arrow';
import { MongoArrowError } from '../errors/errors.js';
import { planRead, type ReadOptions } from '../pipeline/read-options.js';
import { ArrowBatchStream } from '../pipeline/stream.js';
import { bsonFileSource } from '../sources/file.js';
import { type BsonBytes, bytesSource, DEFAULT_CHUNK_BYTES } from '../sources/memory.js';
import { readTable } from './read.js';

/**
 * Options of {@link decodeBson} and {@link readBsonFile}: the decoding options
 * of every read (`schema`, `conflicts`, `signal`, `onProgress`, `rowsPerBatch`,
 * `sampleSize`, representations). There is no server, so no driver options.
 */
export type BsonInputOptions = ReadOptions;

/** @internal Tuning that tests need and users should not: the bytes per chunk read or decoded. */
export interface BsonChunking {
  readonly chunkBytes?: number;
}

/**
 * Bytes per chunk with `threads` decoding: one thread decodes a record batch
 * at a time, and a chunk shared by several threads must hold several batches
 * (65,536 documents of 200 bytes are 13 MB), so 32 MiB per thread; memory
 * stays bounded by about two chunks.
 */
function parallelChunkBytes(threads: number): number {
  return threads > 1 ? threads * 32 * 1024 * 1024 : DEFAULT_CHUNK_BYTES;
}

/** `planRead` for inputs without a server: anything it leaves over is an unknown option. */
function planBsonRead(options: BsonInputOptions | undefined, caller: string, mode: 'table' | 'stream') {
  const { plan, driverOptions } = planRead(options, caller, mode);
  const unknown = Object.keys(driverOptions);
  if (unknown.length > 0) {
    throw new MongoArrowError('INVALID_ARGUMENT', `${caller}: unknown option(s) ${unknown.join(', ')}`);
  }
  return plan;
}

/**
 * Decodes BSON documents held in memory into an Arrow table: one buffer of
 * concatenated documents (as a `.bson` file holds them) or an array of one
 * buffer per document. Decoding runs on the thread pool; without a schema it
 * is inferred from every document. Truncated input rejects with
 * `INVALID_BSON` naming the byte offset.
 *
 * @example
 * ```ts
 * import { serialize } from 'bson';
 * const table = await decodeBson([serialize({ a: 1 }), serialize({ a: 2.5 })]);
 * table.getChild('a')?.toArray(); // Float64Array [1, 2.5]
 * const fromFile = await decodeBson(await readFile('dump/shop/orders.bson'), { schema: { amount: 'double' } });
 * ```
 */
export async function decodeBson(bytes: BsonBytes, options?: BsonInputOptions): Promise<Table> {
  return decodeBsonChunked(bytes, options, {});
}

/** @internal {@link decodeBson} with an explicit chunk size, for tests. */
export async function decodeBsonChunked(
  bytes: BsonBytes,
  options: BsonInputOptions | undefined,
  { chunkBytes }: BsonChunking,
): Promise<Table> {
  const plan = planBsonRead(options, 'decodeBson', 'table');
  const source = bytesSource(bytes, 'decodeBson', chunkBytes ?? parallelChunkBytes(plan.threads));
  return readTable({ plan, open: () => source });
}

/**
 * Streams a file of concatenated BSON documents, such as a `mongodump`
 * `.bson` file of any size, as Arrow record batches with one fixed schema.
 * The file is read in 8 MiB chunks, so memory stays bounded (a document
 * larger than a chunk still works). Without a schema it is inferred from the
 * first chunk (or `sampleSize` documents). A truncated file fails with
 * `INVALID_BSON` naming the byte offset of the cut document; a missing file
 * with Node's own `ENOENT` error.
 *
 * @example
 * ```ts
 * const stream = readBsonFile('dump/shop/orders.bson', { schema: { _id: 'objectId', amount: 'double' } });
 * for await (const batch of stream) total += batch.numRows;
 * ```
 */
export function readBsonFile(path: string, options?: BsonInputOptions): ArrowBatchStream {
  return readBsonFileChunked(path, options, {});
}

/** @internal {@link readBsonFile} with an explicit chunk size, for tests. */
export function readBsonFileChunked(
  path: string,
  options: BsonInputOptions | undefined,
  { chunkBytes }: BsonChunking,
  mode: 'table' | 'stream' = 'stream',
): ArrowBatchStream {
  if (typeof path !== 'string') {
    throw new MongoArrowError('INVALID_ARGUMENT', 'readBsonFile: the path must be a string');
  }
  const plan = planBsonRead(options, 'readBsonFile', mode);
  const bytes = chunkBytes ?? parallelChunkBytes(plan.threads);
  return new ArrowBatchStream(() => bsonFileSource(path, bytes), plan);
}

/**
 * Reads a whole file of concatenated BSON documents into one Arrow table.
 * Without a schema it is inferred from every document.
 *
 * @example
 * ```ts
 * const table = await readBsonFileTable('dump/shop/orders.bson');
 * console.log(table.numRows, table.schema.fields.map((f) => f.name));
 * ```
 */
export async function readBsonFileTable(path: string, options?: BsonInputOptions): Promise<Table> {
  return readBsonFileChunked(path, options, {}, 'table').toTable();
}
