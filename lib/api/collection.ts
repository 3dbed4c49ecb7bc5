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
