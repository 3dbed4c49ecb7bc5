/** The connection the end-to-end contenders of a group share: one client per child process. */
import { type Collection, type Document, MongoClient } from 'mongodb';
import type { GroupSpec } from '../cell.js';

export async function withCollection<T>(
  spec: GroupSpec,
  use: (collection: Collection<Document>) => Promise<T>,
): Promise<T> {
  if (!spec.uri || !spec.database || !spec.collection) throw new Error(`${spec.shape}: no server given`);
  const client = await new MongoClient(spec.uri).connect();
  try {
    return await use(client.db(spec.database).collection(spec.collection));
  } finally {
    await client.close();
  }
}
