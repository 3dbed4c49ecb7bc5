import type { Schema as ArrowSchema, RecordBatch } from 'apache-arrow';
import { Table } from 'apache-arrow';
import { MongoArrowError } from '../errors/errors.js';
import { batchesFromIpc } from '../native/ipc.js';
import { callNative, ParquetReader, settleRead } from '../native/native.js';

/** Options of {@link readParquet}. */
export interface ReadParquetOptions {
  /** Rows per record batch (default 65,536). */
  readonly rowsPerBatch?: number;
}

/**
 * The record batches of a Parquet file, decoded in Rust on the libuv pool one
 * at a time. Iterate it with `for await` (once), or read it whole with `toTable()`.
 */
export class ParquetBatchStream implements AsyncIterable<RecordBatch> {
  #reader: ParquetReader | undefined;
  #schema: ArrowSchema | undefined;

  /** @internal */
  constructor(reader: ParquetReader) {
    this.#reader = reader;
  }

  /** The Arrow schema with its field metadata, and the file's key/value metadata; known once the first batch is out. */
  get schema(): ArrowSchema | undefined {
    return this.#schema;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordBatch, void, undefined> {
    const reader = this.#reader;
    if (!reader) throw new TypeError('a ParquetBatchStream can be iterated only once');
    this.#reader = undefined;
    for (let ipc = await settleRead(reader.nextAsync()); ipc; ipc = await settleRead(reader.nextAsync())) {
      for (const batch of batchesFromIpc(ipc)) {
        this.#schema ??= batch.schema;
        yield batch;
      }
    }
  }

  /** Reads the rest of the file into one table. */
  async toTable(): Promise<Table> {
    const batches: RecordBatch[] = [];
    for await (const batch of this) batches.push(batch);
    return batches.length > 0 ? new Table(batches) : new Table();
  }
}

/**
 * Reads a Parquet file as a stream of Arrow record batches: the way back of
 * {@link writeParquet}, with the field metadata of the written columns.
 *
 * @example
 * ```ts
 * const table = await readParquet('trades.parquet').toTable();
 * ```
 */
export function readParquet(path: string, options: ReadParquetOptions = {}): ParquetBatchStream {
  if (typeof path !== 'string') throw new MongoArrowError('INVALID_ARGUMENT', 'readParquet: the path must be a string');
  const rows = options.rowsPerBatch;
  if (rows !== undefined && !(Number.isInteger(rows) && rows > 0 && rows <= 2 ** 32 - 1)) {
    throw new MongoArrowError('INVALID_ARGUMENT', "readParquet: option 'rowsPerBatch' must be a positive integer");
  }
  return new ParquetBatchStream(callNative(() => new ParquetReader(path, rows)));
}
