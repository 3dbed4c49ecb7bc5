import { availableParallelism } from 'node:os';
import type { Schema as ArrowSchema } from 'apache-arrow';
import type { AggregateOptions, FindOptions } from 'mongodb';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { type DecoderSettings, splitDecoderSettings } from '../native/options.js';
import { Schema } from '../schema/schema.js';
import type { SchemaDefinition } from '../schema/schema-types.js';
import type { DecodePlan, Progress } from './decode.js';
import { isAbortSignal } from './option-checks.js';

/** Options of every read, besides the driver's own. */
export interface ReadOptions extends DecoderSettings {
  /**
   * The columns to load and their types. Without one, the schema is inferred:
   * from every document for tables, from the first `sampleSize` documents for streams.
   */
  readonly schema?: Schema | SchemaDefinition | ArrowSchema;
  /**
   * With a `schema`, infer the fields it does not declare (from every document
   * for tables, from the first `sampleSize` for streams): declared types win,
   * the other fields are inferred as without a schema. Whole documents are fetched.
   */
  readonly inferRest?: boolean;
  /** Stops the read: it rejects with code `ABORTED` and the server cursor is killed. */
  readonly signal?: AbortSignal;
  /** Called after each server batch with running totals. */
  readonly onProgress?: (progress: Progress) => void;
  /** Rows per Arrow record batch (default 65,536). */
  readonly rowsPerBatch?: number;
  /** Streams without a schema infer it from this many documents (default: the first server batch). */
  readonly sampleSize?: number;
  /**
   * Threads that decode concatenated BSON (`decodeBson` of one buffer,
   * `readBsonFile`), a record batch each at a time. Default: the libuv pool
   * size (`UV_THREADPOOL_SIZE`, 4 unless set), at most the machine's cores.
   * Results (batches, report, the first error) do not depend on it.
   */
  readonly threads?: number;
}

/** The default of {@link ReadOptions.threads}: the libuv pool size, at most the cores. */
export function defaultThreads(): number {
  const pool = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10);
  const size = Number.isSafeInteger(pool) && pool > 0 ? pool : 4;
  return Math.max(1, Math.min(size, availableParallelism()));
}

/** Options of the find-based reads: the driver's find options (except `raw`) plus {@link ReadOptions}. */
export type FindArrowOptions = ReadOptions & Omit<FindOptions, 'raw' | 'signal'>;

/** Options of the aggregate-based reads: the driver's aggregate options (except `raw`) plus {@link ReadOptions}. */
export type AggregateArrowOptions = ReadOptions & Omit<AggregateOptions, 'raw' | 'signal'>;

/** Throws unless `value` is undefined or a positive safe integer of type number (not a BigInt). */
function checkPositiveInteger(value: unknown, name: string, caller: string): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: option '${name}' must be a positive integer, got ${describeValue(value)}`,
    );
  }
}

/** The decode plan of a read and the options left for the driver. */
export function planRead<O extends ReadOptions>(
  options: O | undefined,
  caller: string,
  mode: 'table' | 'stream',
): { plan: DecodePlan; driverOptions: Omit<O, keyof ReadOptions> } {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: options must be an object, got ${describeValue(options)}`,
    );
  }
  const { schema, inferRest, signal, onProgress, rowsPerBatch, sampleSize, threads, ...rest } = options ?? ({} as O);
  const [settings, driverOptions] = splitDecoderSettings(rest, caller);
  checkPositiveInteger(rowsPerBatch, 'rowsPerBatch', caller);
  checkPositiveInteger(sampleSize, 'sampleSize', caller);
  checkPositiveInteger(threads, 'threads', caller);
  if (inferRest !== undefined && typeof inferRest !== 'boolean') {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: option 'inferRest' must be a boolean, got ${describeValue(inferRest)}`,
    );
  }
  if (inferRest && schema === undefined) {
    throw new MongoArrowError('INVALID_ARGUMENT', `${caller}: inferRest needs a schema of the fields to declare`);
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: option 'signal' must be an AbortSignal, got ${describeValue(signal)}`,
    );
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: option 'onProgress' must be a function, got ${describeValue(onProgress)}`,
    );
  }
  return {
    plan: {
      schema: schema === undefined ? undefined : Schema.from(schema),
      inferRest: inferRest ?? false,
      settings,
      // A stream infers from what it has seen before its first batch: the first server batch by default.
      sampleSize: mode === 'table' ? Number.POSITIVE_INFINITY : (sampleSize ?? 1),
      rowsPerBatch,
      threads: Math.min(threads ?? defaultThreads(), 1024),
      signal,
      onProgress,
    },
    driverOptions: driverOptions as Omit<O, keyof ReadOptions>,
  };
}
