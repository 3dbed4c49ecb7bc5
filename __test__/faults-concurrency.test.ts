import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Db, type Document, type Filter, MongoClient } from 'mongodb';
import { READS, type ReadResult, seed } from './helpers/fault-reads.js';
import { leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { openTestDb, serverUri } from './helpers/server.js';

const DOCS = 1_000;
const READERS = 20;

describe('concurrent reads on one client', { timeout: 120_000 }, () => {
  let client: MongoClient;
  let db: Db;

  before(async () => {
    ({ client, db } = await openTestDb('faults_concurrency'));
    await seed(client, db.databaseName, 'docs', DOCS);
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it(`${READERS} concurrent reads give the tables the same reads give one after another`, async () => {
    const baseline = resources();
    const rssBefore = rssMiB();
    // A client of the test's own, so that its pool (grown to 20 connections) is closed before handles are counted.
    const reader = await new MongoClient(serverUri()).connect();
    const collection = reader.db(db.databaseName).collection('docs');
    const apis = Object.entries(READS);
    // Each reader a different range and batch size, so that a reply handed to the wrong read shows.
    const plans = Array.from({ length: READERS }, (_, k) => {
      const [api, read] = apis[k % apis.length] as (typeof apis)[number];
      const filter: Filter<Document> = { i: { $gte: k * 30, $lt: k * 30 + 100 + k * 13 } };
      return { api, read, filter, batchSize: 20 + k * 5 };
    });
    const sequential: ReadResult[] = [];
    for (const { read, filter, batchSize } of plans) sequential.push(await read(collection, { batchSize }, filter));
    const concurrent = await Promise.all(
      plans.map(({ read, filter, batchSize }) => read(collection, { batchSize }, filter)),
    );
    plans.forEach(({ api }, k) => {
      assert.ok((sequential[k] as ReadResult).rows > 0, `reader ${k} reads rows`);
      assert.deepEqual(concurrent[k], sequential[k], `reader ${k} (${api})`);
    });
    await reader.close();
    const leakedHandles = await leakedSince(baseline);
    record({
      scenario: `${READERS} concurrent reads on one client`,
      api: 'all four',
      outcome: `${READERS}/${READERS} equal to the sequential reads`,
      leakedHandles,
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssMiB(),
    });
    assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
  });
});
