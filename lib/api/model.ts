import type { Schema as ArrowSchema, Table, TypeMap } from 'apache-arrow';
import type { Collection, Document } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';
import type { DecoderSettings } from '../native/options.js';
import type { AggregateArrowOptions } from '../pipeline/read-options.js';
import { ArrowBatchStream } from '../pipeline/stream.js';
import { type SchemaDrift, schemaDrift } from '../schema/drift.js';
import type { Schema } from '../schema/schema.js';
import { assertCollection } from './collection.js';
import { type Columns, tableToColumns } from './columns.js';
import { inferSchema } from './infer.js';
import { type ModelDefinition, modelSchema } from './model-definition.js';
import { type ModelQuery, modelPipeline, splitModelQuery } from './model-query.js';
import { loadPolars, toPolars } from './polars.js';
import type { DataFrame } from './polars-types.js';
import { type PreparedRead, prepareAggregate, readTable } from './read.js';

/** Options of a model's reads: every read option and driver aggregate option except the schema. */
export type ModelReadOptions = Omit<AggregateArrowOptions, 'schema' | 'inferRest'>;

/** Options of a model's loads: what to select ({@link ModelQuery}) and how to read it. */
export type ModelLoadOptions<T extends Document = Document> = ModelQuery<T> & ModelReadOptions;

/** Options of {@link Model.inferDrift}. */
export interface DriftOptions<T extends Document = Document> extends DecoderSettings {
  /** Infer from the documents this filter selects (default: all). */
  readonly filter?: ModelQuery<T>['filter'];
  /** Infer from the first this many documents (default: all of them). */
  readonly sampleSize?: number;
}

/**
 * A collection bound to a model: every load has the model's schema, fetches
 * only its fields, and holds every document to it (`conflicts: 'error'`
 * unless the options relax it). `T` is the table's column types, derived from
 * the definition at compile time.
 */
export interface Model<T extends TypeMap = TypeMap, D extends Document = Document> {
  /** The collection the model reads. */
  readonly collection: Collection<D>;
  /** The model's schema (`_id` first when the model has one). */
  readonly schema: Schema;
  /** The Arrow schema of the tables the loads return, for these representation options. */
  arrowSchema(settings?: DecoderSettings): ArrowSchema;
  /** Runs a pipeline and loads its output as the model's table: the primitive the loads are built on. */
  aggregateArrow(pipeline: readonly Document[], options?: ModelReadOptions): Promise<Table<T>>;
  /** Loads what `filter`, `pipeline`, `sample`, `sort` and `limit` select as one table. */
  loadArrowTable(options?: ModelLoadOptions<D>): Promise<Table<T>>;
  /** The same selection as a stream of record batches, for results larger than memory. */
  loadStream(options?: ModelLoadOptions<D>): ArrowBatchStream;
  /** The same selection as typed-array {@link Columns}. */
  loadColumns(options?: ModelLoadOptions<D>): Promise<Columns>;
  /**
   * The same selection as a nodejs-polars DataFrame, `_id` first (Polars has
   * no index). `MISSING_PEER` without `nodejs-polars`.
   */
  loadDataFrame(options?: ModelLoadOptions<D>): Promise<DataFrame>;
  /**
   * Compares the model with the schema inferred from the collection: fields
   * the data has and the model lacks, fields the model has and no document
   * has, type differences. A report, never a throw for drift.
   */
  inferDrift(options?: DriftOptions<D>): Promise<SchemaDrift>;
}

/**
 * Binds a collection to a model: a zod 4 object, a JSON Schema (or a
 * MongoDB `$jsonSchema` validator), a {@link Schema}, an `apache-arrow`
 * Schema or a schema definition object. The loads put the model's filter
 * first as `$match` (so an index serves it), then the caller's `pipeline`,
 * `$sample`, `$sort`, `$limit`, and the model's projection last. `_id`
 * becomes a string column in the decoder: no `$toString` stage.
 *
 * @example
 * ```ts
 * const Order = z.object({ _id: objectId(z), customer: z.string(), total: z.number(), placedAt: z.date() });
 * const orders = model(db.collection('orders'), Order);
 * const table = await orders.loadArrowTable({ filter: { total: { $gt: 100 } }, sort: { placedAt: -1 }, limit: 1000 });
 * table.getChild('total'); // Vector<Float64>
 * ```
 */
export function model<T extends TypeMap = TypeMap, D extends Document = Document>(
  collection: Collection<D>,
  definition: ModelDefinition,
): Model<T, D> {
  assertCollection(collection, 'model');
  const schema = modelSchema(definition);
  const prepare = (pipeline: readonly Document[], options: ModelReadOptions | undefined, caller: string) => {
    const [query, readOptions] = splitModelQuery(options, caller);
    const selecting = Object.entries(query).find(([, value]) => value !== undefined);
    if (selecting) {
      throw new MongoArrowError(
        'INVALID_ARGUMENT',
        `${caller}: option '${selecting[0]}' belongs to the loads (loadArrowTable, ...); here the pipeline selects`,
      );
    }
    return prepareAggregate(collection, pipeline, { ...readOptions, schema }, caller, 'table');
  };
  const prepareLoad = (options: ModelLoadOptions<D> | undefined, caller: string, mode: 'table' | 'stream') => {
    const [query, readOptions] = splitModelQuery(options, caller);
    return prepareAggregate(collection, modelPipeline(query), { ...readOptions, schema }, caller, mode);
  };
  // Async, so that bad options reject rather than throw, as the other reads do.
  const table = async (read: () => PreparedRead) => (await readTable(read())) as Table<T>;
  return {
    collection,
    schema,
    arrowSchema: (settings) => schema.toArrow(settings),
    aggregateArrow: (pipeline, options) => table(() => prepare(pipeline, options, 'model.aggregateArrow')),
    loadArrowTable: (options) => table(() => prepareLoad(options, 'model.loadArrowTable', 'table')),
    loadStream: (options) => {
      const { plan, open } = prepareLoad(options, 'model.loadStream', 'stream');
      return new ArrowBatchStream(open, plan);
    },
    loadColumns: async (options) => tableToColumns(await readTable(prepareLoad(options, 'model.loadColumns', 'table'))),
    loadDataFrame: async (options) => {
      const read = prepareLoad(options, 'model.loadDataFrame', 'table');
      // Fail on a missing peer before querying the server.
      await loadPolars('model.loadDataFrame');
      return toPolars(await readTable(read), 'model.loadDataFrame');
    },
    inferDrift: async (options = {}) => {
      const data = await inferSchema(collection, options);
      return schemaDrift(schema, data);
    },
  };
}
