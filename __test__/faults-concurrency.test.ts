import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db, Document, Filter, MongoClient } from 'mongodb';
import { READS, type ReadResult, seed } from './helpers/fault-reads.js';
import { leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { openTestDb } from './helpers/server.js';

const DOCS = 3_000;
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
    const collection = db.collection('docs');
    const apis = Object.entries(READS);
    // Each reader a different range and batch size, so that a reply handed to the wrong read shows.
    const plans = Array.from({ length: READERS }, (_, k) => {
      const [api, read] = apis[k % apis.length] as (typeof apis)[number];
      const filter: Filter<Document> = { i: { $gte: k * 100, $lt: k * 100 + 400 + k * 37 } };
      return { api, read, filter, batchSize: 7 + k * 3 };
    });
    const sequential: ReadResult[] = [];
    for (const { read, filter, batchSize } of plans) sequential.push(await read(collection, { batchSize }, filter));
    const concurrent = await Promise.all(plans.map(({ read, filter, batchSize }) => read(collection, { batchSize }, filter)));
    plans.forEach(({ api }, k) => {
      assert.ok((sequential[k] as ReadResult).rows > 0, `reader ${k} reads rows`);
      assert.deepEqual(concurrent[k], sequential[k], `reader ${k} (${api})`);
    });
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
