import type { Collection, Document } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';

/** The parts of a driver collection read here (by shape: any copy of the `mongodb` package). */
type ValidatedCollection = Pick<Collection<Document>, 'collectionName' | 'dbName'> & {
  readonly db?: { listCollections(filter: Document, options: Document): { next(): Promise<Document | null> } };
};

function collectionDb(collection: Collection<Document>): NonNullable<ValidatedCollection['db']> {
  // The driver's Collection holds its Db, undocumented (`db` in driver 7, `s.db` in all).
  const internals = collection as unknown as { db?: ValidatedCollection['db']; s?: { db?: ValidatedCollection['db'] } };
  const db = internals.db ?? internals.s?.db;
  if (typeof db?.listCollections !== 'function' || typeof collection.collectionName !== 'string') {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      'Schema.fromCollectionValidator: the argument must be a mongodb Collection',
    );
  }
  return db;
}

/**
 * The `$jsonSchema` of a collection's validator, read with
 * `listCollections`. A collection without one (no validator, or one of query
 * operators only) is `INVALID_SCHEMA` saying so.
 */
export async function collectionJsonSchema(collection: Collection<Document>): Promise<object> {
  const db = collectionDb(collection);
  const name = `${collection.dbName}.${collection.collectionName}`;
  const info = await db.listCollections({ name: collection.collectionName }, { nameOnly: false }).next();
  if (!info) {
    throw new MongoArrowError('INVALID_SCHEMA', `collection '${name}' does not exist, so it has no validator`);
  }
  const validator = (info.options as { validator?: unknown } | undefined)?.validator;
  const jsonSchema = (validator as { $jsonSchema?: unknown } | undefined)?.$jsonSchema;
  if (jsonSchema === undefined || jsonSchema === null || typeof jsonSchema !== 'object') {
    const has = validator === undefined ? 'no validator' : 'a validator without a top-level $jsonSchema';
    throw new MongoArrowError(
      'INVALID_SCHEMA',
      `collection '${name}' has ${has}: declare the schema, or infer it with inferSchema(collection)`,
    );
  }
  return jsonSchema;
}
