import { type RecordBatch, Table } from 'apache-arrow';
import type { AbstractCursor, AggregateOptions, Collection, Document, Filter, FindOptions } from 'mongodb';
import { assertCollection } from './collection.js';
import { MongoArrowError } from './errors.js';
import { batchesFromIpc, emptyTableFromIpc } from './ipc.js';
import { BatchDecoder, callNative } from './native.js';
import { toRawBatch } from './raw-batch.js';
import { Schema, type SchemaDefinition } from './schema.js';

/**
 * Rows per Arrow record batch in a returned table. Server batches are small
 * (FerretDB sends 250 documents per getMore); gathering them into larger
 * record batches keeps per-chunk overhead low for consumers.
 */
const ROWS_PER_RECORD_BATCH = 65_536;

/** Options of every read. */
export interface ReadOptions {
  /** The columns to load and their types. */
  readonly schema: Schema | SchemaDefinition;
}

/** Options of {@link findArrow}: the driver's find options (except `raw`) plus {@link ReadOptions}. */
export type FindArrowOptions = ReadOptions & Omit<FindOptions, 'raw'>;

/** Options of {@link aggregateArrow}: the driver's aggregate options (except `raw`) plus {@link ReadOptions}. */
export type AggregateArrowOptions = ReadOptions & Omit<AggregateOptions, 'raw'>;

/**
 * Runs `find` and loads the result into an Arrow table. Only the schema's
 * fields are fetched unless `projection` is given (a user projection wins).
 *
 * @example
 * ```ts
 * const table = await findArrow(db.collection('trades'), { venue: 'XNYS' }, {
 *   schema: { _id: 'objectId', price: 'double', qty: 'int32', at: 'date' },
 * });
 * console.log(table.numRows, table.getChild('price')?.toArray());
 * ```
 */
export async function findArrow<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T> = {},
  options: FindArrowOptions,
): Promise<Table> {
  assertCollection(collection, 'findArrow');
  const { schema: schemaInput, ...driverOptions } = requireOptions(options, 'findArrow');
  const schema = Schema.from(schemaInput);
  const projection = driverOptions.projection ?? schema.toProjection();
  const cursor = collection.find(filter, { ...driverOptions, ...(projection && { projection }), raw: true });
  return loadTable(cursor as unknown as AbstractCursor<Uint8Array>, schema);
}

/**
 * Runs an aggregation pipeline and loads the result into an Arrow table. A
 * `$project` of the schema's fields is appended to a copy of the pipeline.
 *
 * @example
 * ```ts
 * const table = await aggregateArrow(db.collection('trades'), [
 *   { $match: { venue: 'XNYS' } },
 *   { $group: { _id: '$sku', total: { $sum: '$qty' } } },
 * ], { schema: { _id: 'string', total: 'int64' } });
 * ```
 */
export async function aggregateArrow<T extends Document>(
  collection: Collection<T>,
  pipeline: readonly Document[],
  options: AggregateArrowOptions,
): Promise<Table> {
  assertCollection(collection, 'aggregateArrow');
  const { schema: schemaInput, ...driverOptions } = requireOptions(options, 'aggregateArrow');
  if (!Array.isArray(pipeline)) {
    throw new MongoArrowError('INVALID_ARGUMENT', 'aggregateArrow: the pipeline must be an array of stages');
  }
  const last = pipeline.at(-1);
  if (last && ('$out' in last || '$merge' in last)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      'aggregateArrow: a pipeline ending in $out or $merge writes to a collection and returns no documents to load',
    );
  }
  const schema = Schema.from(schemaInput);
  const projection = schema.toProjection();
  const stages = projection ? [...pipeline, { $project: projection }] : [...pipeline];
  const cursor = collection.aggregate(stages, { ...driverOptions, raw: true });
  return loadTable(cursor as unknown as AbstractCursor<Uint8Array>, schema);
}

function requireOptions<O extends ReadOptions>(options: O | undefined, caller: string): O {
  if (options === null || typeof options !== 'object' || options.schema === undefined) {
    throw new MongoArrowError('INVALID_SCHEMA', `${caller}: options.schema is required`);
  }
  return options;
}

/**
 * Drains a raw cursor one server batch at a time: each batch is decoded by a
 * single native call, and the driver keeps doing getMore, sessions and
 * killCursors on early exit.
 */
async function loadTable(cursor: AbstractCursor<Uint8Array>, schema: Schema): Promise<Table> {
  const decoder = callNative(() => new BatchDecoder(schema.toNativeJson()));
  const batches: RecordBatch[] = [];
  const flush = () => {
    const ipc = callNative(() => decoder.flush());
    if (ipc) batches.push(...batchesFromIpc(ipc));
  };
  try {
    while (await cursor.hasNext()) {
      const { span, offsets } = toRawBatch(cursor.readBufferedDocuments());
      callNative(() => decoder.decode(span, offsets));
      if (decoder.bufferedRows >= ROWS_PER_RECORD_BATCH) flush();
    }
    flush();
  } finally {
    await cursor.close();
  }
  if (batches.length === 0) return emptyTableFromIpc(callNative(() => decoder.emptyIpc()));
  return new Table(batches);
}
