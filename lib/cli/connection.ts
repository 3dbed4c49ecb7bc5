import { type Collection, type Document, MongoClient } from 'mongodb';
import { UsageError } from './usage-error.js';

export interface ConnectionOptions {
  readonly uri?: string | undefined;
  readonly db?: string | undefined;
  readonly collection?: string | undefined;
}

/** Connects and names the collection; the caller closes the client. */
export async function openCollection(
  options: ConnectionOptions,
): Promise<{ client: MongoClient; collection: Collection<Document> }> {
  const uri = options.uri ?? process.env.MONGODB_URI;
  if (!uri) throw new UsageError('give --uri or set MONGODB_URI');
  if (!options.collection) throw new UsageError('--collection is required');
  const client = new MongoClient(uri, { appName: 'mongodb-arrow-cli' });
  await client.connect();
  try {
    const db = client.db(options.db);
    if (db.databaseName === 'test' && !options.db && !/^mongodb(\+srv)?:\/\/[^/]+\/[^/?]+/.test(uri)) {
      throw new UsageError('give --db, or a database in the URI');
    }
    return { client, collection: db.collection(options.collection) };
  } catch (err) {
    await client.close();
    throw err;
  }
}

/** A positive integer option. */
export function parseCount(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new UsageError(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}
