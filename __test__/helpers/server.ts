import { type Db, MongoClient, type MongoClientOptions } from 'mongodb';

/**
 * The server every integration test talks to: the FerretDB that
 * `scripts/with-test-server.sh` started, or any server named by MONGODB_URI.
 */
export function serverUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    throw new Error('MONGODB_URI is not set: run the tests with `npm test`, which starts a FerretDB test server');
  }
  return uri;
}

/** A connected client and a database of its own for one test file. */
export async function openTestDb(
  name: string,
  options: MongoClientOptions = {},
): Promise<{ client: MongoClient; db: Db }> {
  const client = new MongoClient(serverUri(), options);
  await client.connect();
  const db = client.db(`mongodb_arrow_test_${name}_${process.pid}`);
  await db.dropDatabase();
  return { client, db };
}
