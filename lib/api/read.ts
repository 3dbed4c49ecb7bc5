import type { RecordBatch, Table } from 'apache-arrow';
import type { AbstractCursor, Collection, Document, Filter } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';
import { type DecodePlan, DecodeReport, decodeSource } from '../pipeline/decode.js';
import { type AggregateArrowOptions, type FindArrowOptions, planRead } from '../pipeline/read-options.js';
import { attachReport } from '../pipeline/report.js';
import { ArrowBatchStream } from '../pipeline/stream.js';
import { tableFromBatches } from '../pipeline/table.js';
import type { ReadTypes } from '../schema/arrow-types.js';
import { cursorSource } from '../sources/cursor.js';
import type { RawBatchSource } from '../sources/raw-batch.js';
import { assertCollection, assertPipeline } from './collection.js';

/** A read ready to run: how to decode, and how to open the raw cursor. */
export interface PreparedRead {
  readonly plan: DecodePlan;
  readonly open: () => RawBatchSource;
}

/** Prepares a find: the schema's projection unless the caller gave one, `raw: true`. */
export function prepareFind<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T> | undefined,
  options: FindArrowOptions | undefined,
  caller: string,
  mode: 'table' | 'stream',
): PreparedRead {
  assertCollection(collection, caller);
  const { plan, driverOptions } = planRead(options, caller, mode);
  // With inferRest the undeclared fields are wanted too: fetch whole documents.
  const projection = driverOptions.projection ?? (plan.inferRest ? undefined : plan.schema?.toProjection());
  const open = () =>
    cursorSource(
      collection.find(filter ?? {}, {
        ...driverOptions,
        ...(projection && { projection }),
        raw: true,
      }) as unknown as AbstractCursor<Uint8Array>,
    );
  return { plan, open };
}

/** Prepares an aggregate: the schema's `$project` appended to a copy of the pipeline, `raw: true`. */
export function prepareAggregate<T extends Document>(
  collection: Collection<T>,
  pipeline: readonly Document[],
  options: AggregateArrowOptions | undefined,
  caller: string,
  mode: 'table' | 'stream',
): PreparedRead {
  assertCollection(collection, caller);
  assertPipeline(pipeline, caller);
  const last: Document | undefined = pipeline.at(-1);
  if (last && ('$out' in last || '$merge' in last)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: a pipeline ending in $out or $merge writes to a collection and returns no documents to load`,
    );
  }
  const { plan, driverOptions } = planRead(options, caller, mode);
  // A pipeline that already ends in $project limits the fields itself (the
  // decoder skips any extra ones), and some servers (FerretDB 1.x) fail on
  // two $project stages in a row.
  const projection = (last && '$project' in last) || plan.inferRest ? undefined : plan.schema?.toProjection();
  const stages = projection ? [...pipeline, { $project: projection }] : [...pipeline];
  const open = () =>
    cursorSource(
      collection.aggregate(stages, { ...driverOptions, raw: true }) as unknown as AbstractCursor<Uint8Array>,
    );
  return { plan, open };
}

/** Runs a prepared read to the end and returns one table. */
export async function readTable({ plan, open }: PreparedRead): Promise<Table> {
  const report = new DecodeReport();
  const batches: RecordBatch[] = [];
  for await (const batch of decodeSource(open(), plan, report)) batches.push(batch);
  return attachReport(tableFromBatches(batches, report.schema, plan.settings), report);
}

/**
 * Runs `find` and loads the result into an Arrow table. Only the schema's
 * fields are fetched unless `projection` is given (a user projection wins);
 * without a schema, it is inferred from every document.
 *
 * @example
 * ```ts
 * const table = await findArrow(db.collection('trades'), { venue: 'XNYS' }, {
 *   schema: { _id: 'objectId', price: 'double', qty: 'int32', at: 'date' },
 *   sort: { at: 1 },
 * });
 * console.log(table.numRows, table.getChild('price')?.toArray());
 * ```
 */
export async function findArrow<T extends Document, const O extends FindArrowOptions = FindArrowOptions>(
  collection: Collection<T>,
  filter?: Filter<T>,
  options?: O,
): Promise<Table<ReadTypes<O>>> {
  return readTable(prepareFind(collection, filter, options, 'findArrow', 'table'));
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
export async function aggregateArrow<T extends Document, const O extends AggregateArrowOptions = AggregateArrowOptions>(
  collection: Collection<T>,
  pipeline: readonly Document[],
  options?: O,
): Promise<Table<ReadTypes<O>>> {
  return readTable(prepareAggregate(collection, pipeline, options, 'aggregateArrow', 'table'));
}

/**
 * Streams a `find` as Arrow record batches with one fixed schema, for results
 * larger than memory. Without a schema, it is inferred from the first
 * `sampleSize` documents (default: the first server batch); fields that appear
 * only later are counted in `droppedFields`.
 *
 * @example
 * ```ts
 * const stream = findArrowStream(db.collection('events'), {}, { schema: { at: 'date', kind: 'string' } });
 * for await (const batch of stream) console.log(batch.numRows);
 * ```
 */
export function findArrowStream<T extends Document, const O extends FindArrowOptions = FindArrowOptions>(
  collection: Collection<T>,
  filter?: Filter<T>,
  options?: O,
): ArrowBatchStream<ReadTypes<O>> {
  const { plan, open } = prepareFind(collection, filter, options, 'findArrowStream', 'stream');
  return new ArrowBatchStream(open, plan);
}

/**
 * Streams an aggregation as Arrow record batches with one fixed schema.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * for await (const batch of aggregateArrowStream(events, [{ $match: { kind: 'click' } }], {
 *   schema: { at: 'date', x: 'double' },
 *   signal: controller.signal,
 * })) {
 *   if (done(batch)) controller.abort(); // rejects with ABORTED and kills the cursor
 * }
 * ```
 */
export function aggregateArrowStream<T extends Document, const O extends AggregateArrowOptions = AggregateArrowOptions>(
  collection: Collection<T>,
  pipeline: readonly Document[],
  options?: O,
): ArrowBatchStream<ReadTypes<O>> {
  const { plan, open } = prepareAggregate(collection, pipeline, options, 'aggregateArrowStream', 'stream');
  return new ArrowBatchStream(open, plan);
}
