import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { MongoArrowError } from '../lib/index.js';
import { canRun } from './helpers/commands.js';
import { expectedResult, READS, seed } from './helpers/fault-reads.js';
import { describeError, leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { PrivateServer } from './helpers/private-server.js';

const DOCS = 2_000;

describe('a server killed mid-read', {
  timeout: 240_000,
  // These tests start a FerretDB of their own: they need Go to build it (as `npm test` does without MONGODB_URI).
  skip: !canRun([['go', 'version']]) && 'no Go to build FerretDB',
}, () => {
  let server: PrivateServer;

  before(async () => {
    server = await PrivateServer.start();
  });

  after(async () => {
    await server?.stop();
  });

  for (const [name, read] of Object.entries(READS)) {
    it(`${name} rejects at once with the driver's error, and the same client reads again after a restart`, async () => {
      const baseline = resources();
      const rssBefore = rssMiB();
      const client = await new MongoClient(server.uri).connect();
      await seed(client, 'killed', 'docs', DOCS);
      const collection = client.db('killed').collection('docs');
      let killedAt = 0;
      let killing: Promise<void> | undefined;
      const onProgress = () => {
        killing ??= server.kill().then(() => {
          killedAt = performance.now();
        });
      };
      const err = await read(collection, { batchSize: 100, onProgress }).then(
        () => assert.fail('the read succeeded after its server was killed'),
        (e: unknown) => e,
      );
      await killing;
      const elapsed = performance.now() - killedAt;
      // The driver's error, passed through: not one of ours, not an unhandled rejection.
      assert.ok(!(err instanceof MongoArrowError), `expected the driver's error, got ${String(err)}`);
      assert.match((err as Error).name, /^Mongo/, String(err));
      // Without the fix this is serverSelectionTimeoutMS (30 s); the bound is loose for busy machines.
      assert.ok(elapsed < 5_000, `rejected ${elapsed.toFixed(0)} ms after the kill`);

      // A server on the same address again: the same client finds it and reads.
      server = await server.restart();
      await seed(client, 'killed', 'docs', DOCS);
      assert.deepEqual(await read(collection, { batchSize: 100 }), expectedResult(DOCS));
      await client.close();
      const leakedHandles = await leakedSince(baseline);
      record({
        scenario: 'server killed (SIGKILL) mid-read',
        api: name,
        outcome: `rejects ${describeError(err)}; same client reads after restart`,
        rejectMs: Math.round(elapsed),
        leakedHandles,
        rssBeforeMiB: rssBefore,
        rssAfterMiB: rssMiB(),
      });
      assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
    });
  }
});
