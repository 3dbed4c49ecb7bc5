import type { AbstractCursor, ClientSession, Collection, Document, Filter } from 'mongodb';
import { TypeConflictError } from '../errors/conflict.js';
import { describeValue, MongoArrowError } from '../errors/errors.js';
import { callNative, Inference, settleInfer } from '../native/native.js';
import { type DecoderSettings, nativeDecoderOptions, splitDecoderSettings } from '../native/options.js';
import { Schema } from '../schema/schema.js';
import { cursorSource } from '../sources/cursor.js';
import { type BsonBytes, bytesSource } from '../sources/memory.js';
import type { RawBatchSource } from '../sources/raw-batch.js';
import { assertCollection, assertPipeline } from './collection.js';

/** Options of {@link inferSchema} over BSON bytes. */
export interface InferBsonOptions extends DecoderSettings {
  /** Infer from the first this many documents (default: all of them). */
  readonly sampleSize?: number;
}

/** Options of {@link inferSchema} over a collection. */
export interface InferSchemaOptions<T extends Document = Document> extends InferBsonOptions {
  /** Infer from the documents a `find` with this filter returns (default: all). */
  readonly filter?: Filter<T>;
  /** Or from the output of this aggregation pipeline (not both). */
  readonly pipeline?: readonly Document[];
  readonly session?: ClientSession;
  readonly maxTimeMS?: number;
  readonly comment?: string;
}

function checkSampleSize(sampleSize: number | undefined): void {
  if (sampleSize !== undefined && !(Number.isSafeInteger(sampleSize) && sampleSize > 0)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `inferSchema: sampleSize must be a positive integer, got ${describeValue(sampleSize)}`,
    );
  }
}

/** How often inference saw one field (see {@link inferSchemaCounts}). */
export interface FieldCounts {
  /**
   * The field's name after the names of the fields it is inside (an array's
   * element documents' fields follow the array's name): segments, since a
   * key may hold a '.'.
   */
  readonly path: readonly string[];
  /** Documents in which the field appears, null or not (for a nested field: the embedded documents with it). */
  readonly documents: number;
  /** Of those, the documents in which it is null. */
  readonly nulls: number;
  /**
   * Values (for an array: items) of a type that cannot share a column with
   * the field's most common type, e.g. strings among numbers: under the
   * default policy they made it a `'text'` column, under `conflicts: 'null'`
   * they are read as null. Numbers that widen are no conflict.
   */
  readonly conflicts: number;
}

/** The field counts of an inference: documents seen, and every field of the schema, depth first. */
export interface SchemaCounts {
  readonly documents: number;
  readonly fields: readonly FieldCounts[];
}

/** @internal Observes every document of a source (up to `limit`) and closes it. */
export async function inferFromSource(
  source: RawBatchSource,
  settings: DecoderSettings,
  limit = Number.POSITIVE_INFINITY,
): Promise<{ schema: Schema; counts: SchemaCounts }> {
  try {
    const inference = callNative(() => new Inference(nativeDecoderOptions(settings, 'infer')));
    let seen = 0;
    let complete = false;
    while (seen < limit) {
      const batch = await source.next();
      if (!batch) {
        complete = true;
        break;
      }
      // The last batch may overshoot the sample: learn only from its first documents.
      const rest = Number.isFinite(limit) ? Math.min(limit - seen, 0xffff_ffff) : undefined;
      seen += await settleInfer(inference.pushAsync(batch.input, rest));
    }
    const schema = Schema.fromNative(callNative(() => inference.finish(complete)));
    return { schema, counts: callNative(() => inference.counts()) };
  } catch (err) {
    throw err instanceof TypeConflictError ? err.from('inference') : err;
  } finally {
    await source.close();
  }
}

function collectionSource<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T> | undefined,
  pipeline: readonly Document[] | undefined,
  sampleSize: number | undefined,
  driverOptions: { session?: ClientSession; maxTimeMS?: number; comment?: string },
): RawBatchSource {
  if (pipeline !== undefined) {
    if (filter !== undefined) {
      throw new MongoArrowError('INVALID_ARGUMENT', 'inferSchema: give a filter or a pipeline, not both');
    }
    assertPipeline(pipeline, 'inferSchema');
    // The limit goes last so that it samples the pipeline's output, not its input.
    const stages = sampleSize === undefined ? [...pipeline] : [...pipeline, { $limit: sampleSize }];
    return cursorSource(
      collection.aggregate(stages, { ...driverOptions, raw: true }) as unknown as AbstractCursor<Uint8Array>,
    );
  }
  return cursorSource(
    collection.find(filter ?? {}, {
      ...driverOptions,
      ...(sampleSize !== undefined && { limit: sampleSize }),
      raw: true,
    }) as unknown as AbstractCursor<Uint8Array>,
  );
}

/**
 * Infers the schema the reads would infer: over every document (or the first
 * `sampleSize`) of BSON bytes, or of a collection's `find` / aggregation
 * output. Inference never loses a value: fields first seen late still become
 * columns, numbers widen int32 → int64 → double, a field whose types cannot
 * share a column becomes `'text'` (plain text of every value), and objects
 * whose keys are data become maps; `conflicts: 'error'` makes a mix of types a
 * `TypeConflictError` instead, `'null'` picks the most common type. The sample is the first
 * documents in the server's order (no `$sample`, which some servers lack).
 *
 * @example
 * ```ts
 * const schema = await inferSchema(db.collection('orders'), { filter: { paid: true }, sampleSize: 1000 });
 * console.log(schema.toJSON());
 * const fromBytes = await inferSchema(await readFile('dump/shop/orders.bson'));
 * const table = await findArrow(db.collection('orders'), {}, { schema }); // reuse it
 * ```
 */
export function inferSchema(bytes: BsonBytes, options?: InferBsonOptions): Promise<Schema>;
export function inferSchema<T extends Document>(
  collection: Collection<T>,
  options?: InferSchemaOptions<T>,
): Promise<Schema>;
export async function inferSchema<T extends Document>(
  input: BsonBytes | Collection<T>,
  options: InferSchemaOptions<T> = {},
): Promise<Schema> {
  return (await inferWithCounts(input, options, 'inferSchema')).schema;
}

/**
 * {@link inferSchema} with the field counts it learned on the way: for each
 * field of the schema (nested ones too, depth first), the documents it is
 * in, how many of them hold null, and how many values conflict with its
 * most common type; `counts.documents` is the documents seen.
 *
 * @example
 * ```ts
 * const { schema, counts } = await inferSchemaCounts(db.collection('orders'));
 * for (const f of counts.fields) console.log(f.path.join('.'), f.documents, f.nulls, f.conflicts);
 * ```
 */
export function inferSchemaCounts(
  bytes: BsonBytes,
  options?: InferBsonOptions,
): Promise<{ schema: Schema; counts: SchemaCounts }>;
export function inferSchemaCounts<T extends Document>(
  collection: Collection<T>,
  options?: InferSchemaOptions<T>,
): Promise<{ schema: Schema; counts: SchemaCounts }>;
export async function inferSchemaCounts<T extends Document>(
  input: BsonBytes | Collection<T>,
  options: InferSchemaOptions<T> = {},
): Promise<{ schema: Schema; counts: SchemaCounts }> {
  return inferWithCounts(input, options, 'inferSchemaCounts');
}

async function inferWithCounts<T extends Document>(
  input: BsonBytes | Collection<T>,
  options: InferSchemaOptions<T>,
  caller: string,
): Promise<{ schema: Schema; counts: SchemaCounts }> {
  if (options === null || typeof options !== 'object') {
    throw new MongoArrowError('INVALID_ARGUMENT', `${caller}: options must be an object`);
  }
  const [settings, { sampleSize, filter, pipeline, ...driverOptions }] = splitDecoderSettings(options, caller);
  checkSampleSize(sampleSize);
  const limit = sampleSize ?? Number.POSITIVE_INFINITY;
  if (input instanceof Uint8Array || Array.isArray(input)) {
    return inferFromSource(bytesSource(input, caller), settings, limit);
  }
  const collection = input as Collection<T>;
  assertCollection(collection, caller);
  return inferFromSource(collectionSource(collection, filter, pipeline, sampleSize, driverOptions), settings, limit);
}
