import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Collection, Db, Document, MongoClient } from 'mongodb';
import { allTypesDocuments } from './documents.js';
import { openTestDb } from './server.js';

/** What a test file compares against: the collection and what the plain driver reads from it. */
export interface AllTypesFixture {
  db: Db;
  collection: Collection<Document>;
  /** `find({}).sort({ i: 1 })` through the plain driver, int64 as bigint. */
  driverDocuments: Document[];
}

/**
 * Registers the hooks of a suite that compares with the plain driver: a
 * database of its own holding `count` documents of every type, read back by
 * the driver; dropped afterwards. The fields are set once `before` has run.
 */
export function useAllTypesCollection(name: string, count: number): AllTypesFixture {
  const fixture = {} as AllTypesFixture;
  let client: MongoClient;
  before(async () => {
    let db: Db;
    ({ client, db } = await openTestDb(name));
    const collection = db.collection('all_types');
    await collection.insertMany(allTypesDocuments(count));
    const driverDocuments = await collection.find({}, { sort: { i: 1 }, useBigInt64: true }).toArray();
    assert.equal(driverDocuments.length, count);
    Object.assign(fixture, { db, collection, driverDocuments });
  });
  after(async () => {
    await fixture.db?.dropDatabase();
    await client?.close();
  });
  return fixture;
}
