import type { Table } from 'apache-arrow';
import type { Collection, Document, Filter } from 'mongodb';
import type { WriteResult } from '../errors/write-result.js';
import type { AggregateArrowOptions, FindArrowOptions } from '../pipeline/read-options.js';
import type { ArrowBatchStream } from '../pipeline/stream.js';
import type { WriteOptions } from '../pipeline/write-options.js';
import type { ReadTypes } from '../schema/arrow-types.js';
import type { Schema } from '../schema/schema.js';
import { assertCollection } from './collection.js';
import { aggregateColumns, type Columns, findColumns } from './columns.js';
import { type InferSchemaOptions, inferSchema } from './infer.js';
import { aggregatePolars, findPolars } from './polars.js';
import type { DataFrame } from './polars-types.js';
import { aggregateArrow, aggregateArrowStream, findArrow, findArrowStream } from './read.js';
import { writeArrow } from './write.js';
import type { WriteInput } from './write-input.js';

/** The mongodb-arrow reads and `writeArrow` as methods of a collection; see {@link withArrow}. */
export interface ArrowMethods<T extends Document> {
  findArrow<const O extends FindArrowOptions = FindArrowOptions>(
    filter?: Filter<T>,
    options?: O,
  ): Promise<Table<ReadTypes<O>>>;
  aggregateArrow<const O extends AggregateArrowOptions = AggregateArrowOptions>(
    pipeline: readonly Document[],
    options?: O,
  ): Promise<Table<ReadTypes<O>>>;
  findArrowStream<const O extends FindArrowOptions = FindArrowOptions>(
    filter?: Filter<T>,
    options?: O,
  ): ArrowBatchStream<ReadTypes<O>>;
  aggregateArrowStream<const O extends AggregateArrowOptions = AggregateArrowOptions>(
    pipeline: readonly Document[],
    options?: O,
  ): ArrowBatchStream<ReadTypes<O>>;
  findColumns(filter?: Filter<T>, options?: FindArrowOptions): Promise<Columns>;
  aggregateColumns(pipeline: readonly Document[], options?: AggregateArrowOptions): Promise<Columns>;
  findPolars(filter?: Filter<T>, options?: FindArrowOptions): Promise<DataFrame>;
  aggregatePolars(pipeline: readonly Document[], options?: AggregateArrowOptions): Promise<DataFrame>;
  inferSchema(options?: InferSchemaOptions<T>): Promise<Schema>;
  writeArrow(data: WriteInput, options?: WriteOptions): Promise<WriteResult>;
}

/** A collection that also has the {@link ArrowMethods}. */
export type ArrowCollection<T extends Document = Document> = Collection<T> & ArrowMethods<T>;

function arrowMethods<T extends Document>(collection: Collection<T>): ArrowMethods<T> {
  return {
    findArrow: (filter, options) => findArrow(collection, filter, options),
    aggregateArrow: (pipeline, options) => aggregateArrow(collection, pipeline, options),
    findArrowStream: (filter, options) => findArrowStream(collection, filter, options),
    aggregateArrowStream: (pipeline, options) => aggregateArrowStream(collection, pipeline, options),
    findColumns: (filter, options) => findColumns(collection, filter, options),
    aggregateColumns: (pipeline, options) => aggregateColumns(collection, pipeline, options),
    findPolars: (filter, options) => findPolars(collection, filter, options),
    aggregatePolars: (pipeline, options) => aggregatePolars(collection, pipeline, options),
    inferSchema: (options) => inferSchema(collection, options),
    writeArrow: (data, options) => writeArrow(collection, data, options),
  };
}

/**
 * The collection with the mongodb-arrow reads as methods, like PyMongoArrow's
 * `patch_all`, but without touching the driver: the result is a Proxy over
 * the collection, so neither the collection nor `Collection.prototype` changes
 * and every driver method still works (called on the real collection, so the
 * driver's internals see the object they expect). `instanceof Collection` holds.
 *
 * @example
 * ```ts
 * const orders = withArrow(db.collection<Order>('orders'));
 * const table = await orders.findArrow({ paid: true }, { schema: { amount: 'double' } });
 * const { columns } = await orders.aggregateColumns([{ $match: { paid: true } }]);
 * await orders.insertOne({ paid: false, amount: 3 }); // still a Collection
 * ```
 */
export function withArrow<T extends Document>(collection: Collection<T>): ArrowCollection<T> {
  assertCollection(collection, 'withArrow');
  const methods = arrowMethods(collection);
  // Bound once per function, so that `wrapped.find === wrapped.find` as on the collection itself.
  const bound = new WeakMap<object, unknown>();
  return new Proxy(collection, {
    get(target, key) {
      if (Object.hasOwn(methods, key)) return methods[key as keyof ArrowMethods<T>];
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function' || key === 'constructor') return value;
      let method = bound.get(value);
      if (method === undefined) {
        method = value.bind(target);
        bound.set(value, method);
      }
      return method;
    },
    has(target, key) {
      return Object.hasOwn(methods, key) || Reflect.has(target, key);
    },
  }) as ArrowCollection<T>;
}
