import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { MongoArrowError } from '../lib/index.js';
import { CursorLedger } from './helpers/cursor-ledger.js';
import { expectedResult, READS, seed } from './helpers/fault-reads.js';
import { gc, LONG, leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { prng } from './helpers/fuzz.js';
import { openTestDb, serverUri } from './helpers/server.js';

const DOCS = 1_000;
const ABORTS = LONG ? 200 : 30;
/** Reads running at once: aborts land while other reads of the same pool are mid-getMore. */
const WAVE = 10;
const SEED = 17;

// abort.test.ts aborts while the first command is in flight; here the abort lands anywhere in the read.
describe('an abort storm at random times', { timeout: 300_000 }, () => {
  let setup: Awaited<ReturnType<typeof openTestDb>>;

  before(async () => {
    setup = await openTestDb('faults_storm');
    await seed(setup.client, setup.db.databaseName, 'docs', DOCS);
  });

  after(async () => {
    await setup.db.dropDatabase();
    await setup.client.close();
  });

  it(`${ABORTS} reads aborted at random times each complete or reject ABORTED, and leave no cursor open`, async () => {
    const baseline = resources();
    gc();
    const rssBefore = rssMiB();
    const client = await new MongoClient(serverUri(), { monitorCommands: true }).connect();
    const ledger = new CursorLedger(client);
    const collection = client.db(setup.db.databaseName).collection('docs');
    const apis = Object.values(READS);
    const random = prng(SEED);
    // How long a wave of unhurried reads takes, so the aborts spread over the whole of one.
    const started = performance.now();
    await Promise.all(
      apis.flatMap((read) => [read(collection, { batchSize: 20 }), read(collection, { batchSize: 20 })]),
    );
    const span = Math.max(20, performance.now() - started) * 1.2;
    const tally = { complete: 0, aborted: 0 };
    const replies = ledger.replies;
    for (let wave = 0; wave < ABORTS / WAVE; wave++) {
      await Promise.all(
        Array.from({ length: WAVE }, async (_, k) => {
          const read = apis[(wave * WAVE + k) % apis.length] as (typeof apis)[number];
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), random() * span);
          try {
            assert.deepEqual(
              await read(collection, { batchSize: 20, signal: controller.signal }),
              expectedResult(DOCS),
            );
            tally.complete += 1;
          } catch (err) {
            assert.ok(err instanceof MongoArrowError && err.code === 'ABORTED', String(err));
            tally.aborted += 1;
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    }
    // An abort before the first command is sent opens no cursor and gets no reply: count only the replies there were.
    const leaked = await ledger.settle(replies, 20_000);
    await client.close();
    gc();
    const rssAfter = rssMiB();
    const leakedHandles = await leakedSince(baseline);
    record({
      scenario: `abort storm: ${ABORTS} reads aborted at random times, ${WAVE} at once`,
      api: 'all four',
      outcome: `${tally.aborted} ABORTED, ${tally.complete} complete and exact; ${ledger.opened.size} cursors opened`,
      leakedHandles,
      leakedCursors: leaked.length,
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssAfter,
    });
    assert.equal(tally.aborted + tally.complete, ABORTS);
    // Random times cover both sides, or the storm tested only one.
    assert.ok(tally.aborted > ABORTS / 5, JSON.stringify(tally));
    assert.deepEqual(leaked, [], 'server cursors neither killed nor read to the end');
    assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
    assert.ok(rssAfter < rssBefore + 128, `RSS ${rssBefore} → ${rssAfter} MiB`);
  });
});
