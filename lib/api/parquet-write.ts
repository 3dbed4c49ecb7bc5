import { type RecordBatch, Table, tableToIPC } from 'apache-arrow';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { schemaToIpc } from '../native/ipc.js';
import {
  callNative,
  ParquetWriter as NativeParquetWriter,
  type ParquetWriter,
  packageVersion,
  settleWrite,
} from '../native/native.js';
import { ArrowBatchStream } from '../pipeline/stream.js';
import { type ByteTarget, openSink } from './file-sink.js';

/** Options of {@link writeParquet}. */
export interface WriteParquetOptions {
  /** The codec of every column (default `'zstd'`). */
  readonly compression?: 'zstd' | 'snappy' | 'gzip' | 'none';
  /** Rows per row group (default 122,880); a row group is also cut at 128 MiB encoded. */
  readonly rowGroupRows?: number;
  /** Min/max/null-count statistics per page and row group (default true). */
  readonly statistics?: boolean;
  /** Key/value metadata of the file (besides `mongodb-arrow.version` and, for a read stream, `mongodb-arrow.schema`). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Stops the write: it rejects with code `ABORTED` and no file is left at the path. */
  readonly signal?: AbortSignal;
}

/** What {@link writeParquet} wrote. */
export interface WriteParquetResult {
  readonly rows: number;
  /** The file's size in bytes. */
  readonly bytes: number;
}

/** The record batches to write: a table, batches, or a read's stream. */
export type ParquetSource = Table | Iterable<RecordBatch> | AsyncIterable<RecordBatch> | ArrowBatchStream;

/** Tables are iterables of rows, not batches: recognized by shape, since another copy of apache-arrow fails `instanceof`. */
function isTable(source: unknown): source is Table {
  return source instanceof Table || Array.isArray((source as { batches?: unknown } | null)?.batches);
}

function checkOptions(options: WriteParquetOptions): void {
  const { compression, rowGroupRows, statistics, metadata } = options;
  if (compression !== undefined && !['zstd', 'snappy', 'gzip', 'none'].includes(compression)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `writeParquet: option 'compression' must be 'zstd', 'snappy', 'gzip' or 'none', got ${describeValue(compression)}`,
    );
  }
  if (
    rowGroupRows !== undefined &&
    !(Number.isInteger(rowGroupRows) && rowGroupRows > 0 && rowGroupRows <= 2 ** 32 - 1)
  ) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `writeParquet: option 'rowGroupRows' must be a positive integer, got ${describeValue(rowGroupRows)}`,
    );
  }
  if (statistics !== undefined && typeof statistics !== 'boolean') {
    throw new MongoArrowError('INVALID_ARGUMENT', `writeParquet: option 'statistics' must be a boolean`);
  }
  if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null)) {
    throw new MongoArrowError('INVALID_ARGUMENT', `writeParquet: option 'metadata' must be an object of strings`);
  }
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string') {
      throw new MongoArrowError('INVALID_ARGUMENT', `writeParquet: metadata '${key}' must be a string`);
    }
  }
}

/**
 * Writes record batches to a Parquet file (or stream), encoded in Rust on
 * the libuv thread pool one batch at a time: memory holds one row group,
 * not the file. A path is written under a temporary name and renamed when
 * complete, so a failure leaves no partial file. Field metadata (the BSON
 * type tags of ObjectId, Decimal128, binary subtypes, ...) is kept in the
 * file's Arrow schema, which {@link readParquet} restores.
 *
 * @example
 * ```ts
 * await writeParquet(findArrowStream(db.collection('trades'), { venue: 'XNYS' }), 'trades.parquet', {
 *   compression: 'zstd',
 *   metadata: { source: 'shop.trades' },
 * });
 * ```
 */
export async function writeParquet(
  source: ParquetSource,
  target: ByteTarget,
  options: WriteParquetOptions = {},
): Promise<WriteParquetResult> {
  if (options === null || typeof options !== 'object') {
    throw new MongoArrowError('INVALID_ARGUMENT', 'writeParquet: options must be an object');
  }
  checkOptions(options);
  const batches: Iterable<RecordBatch> | AsyncIterable<RecordBatch> = isTable(source) ? source.batches : source;
  if (
    batches === null ||
    typeof batches !== 'object' ||
    !(Symbol.asyncIterator in batches || Symbol.iterator in batches)
  ) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      'writeParquet: the source must be a Table, an ArrowBatchStream or an (async) iterable of RecordBatches',
    );
  }
  const { signal } = options;
  const sink = await openSink(target, 'writeParquet');
  let writer: ParquetWriter | undefined;
  let rows = 0;
  const open = (schema: Table['schema']): ParquetWriter => {
    const metadata: Record<string, string> = { 'mongodb-arrow.version': packageVersion() };
    if (source instanceof ArrowBatchStream && source.schema) {
      metadata['mongodb-arrow.schema'] = JSON.stringify(source.schema.toJSON());
    }
    Object.assign(metadata, options.metadata);
    const { compression, rowGroupRows, statistics } = options;
    return callNative(
      () => new NativeParquetWriter(schemaToIpc(schema), { compression, rowGroupRows, statistics, metadata }),
    );
  };
  try {
    for await (const batch of batches) {
      if (signal?.aborted) throw new MongoArrowError('ABORTED', 'the write was aborted', { cause: signal.reason });
      writer ??= open(batch.schema);
      await sink.write(await settleWrite(writer.writeAsync(tableToIPC(new Table(batch), 'stream'))));
      rows += batch.numRows;
    }
    if (!writer) {
      // No batch: the schema of an empty table, else nothing to describe the file with.
      const schema = isTable(source)
        ? source.schema
        : source instanceof ArrowBatchStream
          ? source.schema?.toArrow()
          : undefined;
      if (!schema) {
        throw new MongoArrowError('INVALID_ARGUMENT', 'writeParquet: the source had no batches, so no schema to write');
      }
      writer = open(schema);
    }
    await sink.write(await settleWrite(writer.finishAsync()));
    await sink.commit();
    return { rows, bytes: sink.bytes };
  } catch (err) {
    await sink.abort();
    throw err;
  }
}
