import type { Document, Filter } from 'mongodb';
import { describeValue, MongoArrowError } from '../errors/errors.js';

/** A `$sort` specification: field paths to 1 (ascending), -1 (descending) or `{ $meta: 'textScore' }`. */
export type ModelSort = Readonly<Record<string, 1 | -1 | { readonly $meta: string }>>;

/** What a model load selects, applied in this order on the server. */
export interface ModelQuery<T extends Document = Document> {
  /** A leading `$match`, first so that the server can use an index. */
  readonly filter?: Filter<T>;
  /** Stages run after the filter (their output must still fit the model). */
  readonly pipeline?: readonly Document[];
  /** `$sample: { size }` after the pipeline: this many documents at random. */
  readonly sample?: number;
  /** `$sort` after the sample. */
  readonly sort?: ModelSort;
  /** `$limit` last. */
  readonly limit?: number;
}

function invalid(caller: string, message: string): MongoArrowError {
  return new MongoArrowError('INVALID_ARGUMENT', `${caller}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkCount(value: unknown, name: string, caller: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
    throw invalid(caller, `'${name}' must be a positive integer, got ${describeValue(value)}`);
  }
}

function checkSort(sort: unknown, caller: string): void {
  if (sort === undefined) return;
  if (!isPlainObject(sort) || Object.keys(sort).length === 0) {
    throw invalid(caller, `'sort' must be an object of field paths to 1 or -1, got ${describeValue(sort)}`);
  }
  for (const [path, direction] of Object.entries(sort)) {
    if (direction !== 1 && direction !== -1 && !(isPlainObject(direction) && '$meta' in direction)) {
      throw invalid(caller, `'sort.${path}' must be 1, -1 or { $meta }, got ${describeValue(direction)}`);
    }
  }
}

/**
 * The query keys of a model load's options, and the rest (read and driver
 * options). The rest may not name a schema: the model is the schema.
 */
export function splitModelQuery<O extends object>(
  options: O | undefined,
  caller: string,
): [ModelQuery, Omit<O, keyof ModelQuery>] {
  if (options !== undefined && !isPlainObject(options)) {
    throw invalid(caller, `options must be an object, got ${describeValue(options)}`);
  }
  const { filter, pipeline, sample, sort, limit, ...rest } = (options ?? {}) as ModelQuery & Record<string, unknown>;
  for (const key of ['schema', 'inferRest'] as const) {
    if (key in rest) throw invalid(caller, `option '${key}' is not allowed: the model is the schema`);
  }
  if (filter !== undefined && !isPlainObject(filter)) {
    throw invalid(caller, `'filter' must be an object, got ${describeValue(filter)}`);
  }
  if (pipeline !== undefined && !Array.isArray(pipeline)) {
    throw invalid(caller, `'pipeline' must be an array of stages, got ${describeValue(pipeline)}`);
  }
  checkCount(sample, 'sample', caller);
  checkCount(limit, 'limit', caller);
  checkSort(sort, caller);
  return [{ filter, pipeline, sample, sort, limit }, rest as Omit<O, keyof ModelQuery>];
}

/**
 * The pipeline of a model load: `$match` first (indexes), the caller's
 * stages, `$sample`, `$sort`, `$limit`. The read appends the model's
 * projection last. New arrays and stage objects only: the caller's values
 * are referenced, never changed.
 */
export function modelPipeline(query: ModelQuery): Document[] {
  const stages: Document[] = [];
  if (query.filter !== undefined && Object.keys(query.filter).length > 0) stages.push({ $match: query.filter });
  if (query.pipeline) stages.push(...query.pipeline);
  if (query.sample !== undefined) stages.push({ $sample: { size: query.sample } });
  if (query.sort !== undefined) stages.push({ $sort: query.sort });
  if (query.limit !== undefined) stages.push({ $limit: query.limit });
  return stages;
}
