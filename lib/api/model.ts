import type { Schema as ArrowSchema, Table } from 'apache-arrow';
import type { Collection, Document } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';
import type { WriteResult } from '../errors/write-result.js';
import type { DecoderSettings } from '../native/options.js';
import type { AggregateArrowOptions } from '../pipeline/read-options.js';
import { ArrowBatchStream } from '../pipeline/stream.js';
import type { WriteOptions } from '../pipeline/write-options.js';
import type { Representation } from '../schema/arrow-types.js';
import { type SchemaDrift, schemaDrift } from '../schema/drift.js';
import type { Schema } from '../schema/schema.js';
import { assertCollection } from './collection.js';
import { type Columns, tableToColumns } from './columns.js';
import { inferSchema } from './infer.js';
import { type ModelDefinition, type ModelTypes, modelSchema } from './model-definition.js';
import { type ModelQuery, modelPipeline, splitModelQuery } from './model-query.js';
import { loadPolars, toPolars } from './polars.js';
import type { DataFrame } from './polars-types.js';
import { type PreparedRead, prepareAggregate, readTable } from './read.js';
import { writeArrow } from './write.js';
import type { WriteInput } from './write-input.js';

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

/** The table of a model load with options `O`: typed by the model's definition and the representation options. */
export type ModelTable<Def, O> = Table<ModelTypes<Def, O & Representation>>;

/**
 * A collection bound to a model: every load has the model's schema, fetches
 * only its fields, and holds every document to it (`conflicts: 'error'`
 * unless the options relax it). `Def` is the definition's type, from which
 * the tables' column types follow at compile time; `D` the collection's
 * documents, which type the filter.
 */
export interface Model<Def = unknown, D extends Document = Document> {
  /** The collection the model reads. */
  readonly collection: Collection<D>;
  /** The model's schema (`_id` first when the model has one). */
  readonly schema: Schema;
  /** The Arrow schema of the tables the loads return, for these representation options. */
  arrowSchema(settings?: DecoderSettings): ArrowSchema;
  /** Runs a pipeline and loads its output as the model's table: the primitive the loads are built on. */
  aggregateArrow<const O extends ModelReadOptions = ModelReadOptions>(
    pipeline: readonly Document[],
    options?: O,
  ): Promise<ModelTable<Def, O>>;
  /** Loads what `filter`, `pipeline`, `sample`, `sort` and `limit` select as one table. */
  loadArrowTable<const O extends ModelLoadOptions<D> = ModelLoadOptions<D>>(options?: O): Promise<ModelTable<Def, O>>;
  /** The same selection as a stream of record batches, for results larger than memory. */
  loadStream<const O extends ModelLoadOptions<D> = ModelLoadOptions<D>>(
    options?: O,
  ): ArrowBatchStream<ModelTypes<Def, O & Representation>>;
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
  /**
   * Writes Arrow data into the collection ({@link writeArrow}) with the
   * model's schema as the declared types, so that its ObjectId, date and
   * integer columns go back as those BSON types whatever the data's origin.
   */
  insertArrow(data: WriteInput, options?: ModelWriteOptions): Promise<WriteResult>;
}

/** Options of {@link Model.insertArrow}: those of `writeArrow`, the schema being the model's. */
export type ModelWriteOptions = Omit<WriteOptions, 'schema'>;

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
export function model<const Def extends ModelDefinition, D extends Document = Document>(
  collection: Collection<D>,
  definition: Def,
): Model<Def, D> {
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
  // The table's column types are the model's, by construction of its schema.
  const table = async <O>(read: () => PreparedRead) => (await readTable(read())) as ModelTable<Def, O>;
  return {
    collection,
    schema,
    arrowSchema: (settings) => schema.toArrow(settings),
    aggregateArrow: <O>(pipeline: readonly Document[], options?: O) =>
      table<O>(() => prepare(pipeline, options as ModelReadOptions | undefined, 'model.aggregateArrow')),
    loadArrowTable: <O>(options?: O) =>
      table<O>(() => prepareLoad(options as ModelLoadOptions<D> | undefined, 'model.loadArrowTable', 'table')),
    loadStream: <O>(options?: O) => {
      const { plan, open } = prepareLoad(options as ModelLoadOptions<D> | undefined, 'model.loadStream', 'stream');
      return new ArrowBatchStream<ModelTypes<Def, O & Representation>>(open, plan);
    },
    loadColumns: async (options) => tableToColumns(await readTable(prepareLoad(options, 'model.loadColumns', 'table'))),
    loadDataFrame: async (options) => {
      const read = prepareLoad(options, 'model.loadDataFrame', 'table');
      // Fail on a missing peer before querying the server.
      await loadPolars('model.loadDataFrame');
      return toPolars(await readTable(read), 'model.loadDataFrame');
    },
    insertArrow: async (data, options) => {
      if (options && 'schema' in options) {
        throw new MongoArrowError(
          'INVALID_ARGUMENT',
          "model.insertArrow: option 'schema' is not allowed: the model is the schema",
        );
      }
      return writeArrow(collection, data, { ...options, schema });
    },
    inferDrift: async (options = {}) => {
      const data = await inferSchema(collection, options);
      return schemaDrift(schema, data);
    },
  };
}
