import type { Collection, Document } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';

/**
 * Checks by shape rather than `instanceof`, so a collection from another copy
 * of the `mongodb` package (a different version in the user's tree) works.
 */
export function assertCollection<T extends Document>(collection: Collection<T>, caller: string): void {
  const candidate = collection as unknown as Record<string, unknown> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.find !== 'function' ||
    typeof candidate.aggregate !== 'function' ||
    typeof candidate.collectionName !== 'string'
  ) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: the first argument must be a mongodb Collection (got ${describe(collection)})`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object of class ${value.constructor?.name ?? 'Object'}`;
  return typeof value;
}

/**
 * Throws unless `pipeline` is an array of documents. Checked here because
 * the reads look into the last stage (`$out`, `$project`), and a stage that
 * is not an object would otherwise fail there with an untyped TypeError.
 */
export function assertPipeline(pipeline: unknown, caller: string): asserts pipeline is readonly Document[] {
  if (!Array.isArray(pipeline)) {
    throw new MongoArrowError('INVALID_ARGUMENT', `${caller}: the pipeline must be an array of stages`);
  }
  pipeline.forEach((stage: unknown, index) => {
    if (stage === null || typeof stage !== 'object' || Array.isArray(stage)) {
      throw new MongoArrowError(
        'INVALID_ARGUMENT',
        `${caller}: pipeline stage ${index} must be a document such as { $match: {...} }, got ${describe(stage)}`,
      );
    }
  });
}
