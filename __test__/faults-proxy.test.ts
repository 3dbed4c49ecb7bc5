import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Db, MongoClient } from 'mongodb';
import { type FindArrowOptions, MongoArrowError } from '../lib/index.js';
import { type Fault, type FaultAction, FaultProxy } from './helpers/fault-proxy.js';
import { expectedResult, READS, type ReadResult, seed } from './helpers/fault-reads.js';
import { describeError, leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { openTestDb, serverUri } from './helpers/server.js';

const DOCS = 300;
const BATCH = 50;

interface Scenario {
  readonly name: string;
  /** The fault, armed once the client is connected; or a trigger run at the first batch. */
  readonly fault?: Fault;
  readonly atFirstBatch?: (proxy: FaultProxy) => void;
  /** Extra connection-string options of the client. */
  readonly query?: string;
  readonly options?: () => FindArrowOptions;
  /** Asserts the outcome is the one required; returns what the table shows. */
  readonly expect: (outcome: { result?: ReadResult; error?: unknown }) => string;
}

/** The driver's own error, passed through untouched. */
function driverError(outcome: { error?: unknown }): string {
  const { error } = outcome;
  assert.ok(error !== undefined, 'the read rejected');
  assert.ok(!(error instanceof MongoArrowError), `expected the driver's error, got ${String(error)}`);
  assert.match((error as Error).name, /^Mongo/, String(error));
  return `rejects ${describeError(error)}`;
}

/** A corrupted reply: a clean error (ours with a stable code, or the driver's), or the exact table. */
function cleanErrorOrExact(outcome: { result?: ReadResult; error?: unknown }): string {
  if (outcome.result) {
    assert.deepEqual(outcome.result, expectedResult(DOCS), 'a corrupted reply gave a wrong table');
    return 'exact table';
  }
  const error = outcome.error as Error;
  const ours = error instanceof MongoArrowError;
  assert.ok(ours || /^(Mongo|BSON)/.test(error.name), `an untyped error: ${error.stack}`);
  // An error from the native decoder keeps its code, and the native error as its cause.
  if (ours) assert.equal((error.cause as { code?: unknown } | undefined)?.code, error.code, 'the cause keeps the code');
  return `rejects ${describeError(error)}`;
}

function aborted(outcome: { error?: unknown }): string {
  const { error } = outcome;
  assert.ok(error instanceof MongoArrowError && error.code === 'ABORTED', String(error));
  return 'rejects ABORTED';
}

const nextBatch = (action: FaultAction): Fault => ({ batch: 'nextBatch', nth: 2, ...action });

// No `timeoutMS` case: driver 7.9 documents it as deprecated with no effect on cursors (a
// stalled getMore under timeoutMS=2000 still hangs), so the bounds are `signal` and socketTimeoutMS.
const SCENARIOS: readonly Scenario[] = [
  { name: 'connection cut mid-getMore', fault: nextBatch({ action: 'cut', afterBytes: 0 }), expect: driverError },
  {
    name: 'getMore reply truncated (header only)',
    fault: nextBatch({ action: 'cut', afterBytes: 10 }),
    expect: driverError,
  },
  {
    name: 'getMore reply truncated (mid-documents)',
    fault: nextBatch({ action: 'cut', afterBytes: 300 }),
    expect: driverError,
  },
  {
    name: 'getMore reply garbled (documents)',
    fault: nextBatch({ action: 'corrupt', offset: 40, length: 16, byte: 0xee }),
    expect: cleanErrorOrExact,
  },
  {
    name: 'getMore reply garbled (zeroed)',
    fault: nextBatch({ action: 'corrupt', offset: 60, length: 24, byte: 0x00 }),
    expect: cleanErrorOrExact,
  },
  {
    name: 'getMore reply garbled (batch array length)',
    fault: nextBatch({ action: 'corrupt', offset: 27, length: 4, byte: 0x7f }),
    expect: cleanErrorOrExact,
  },
  {
    name: 'find reply garbled (reply document length)',
    fault: { batch: 'firstBatch', nth: 1, action: 'corrupt', offset: 0, length: 2, byte: 0x01 },
    expect: cleanErrorOrExact,
  },
  { name: 'every connection closed mid-read', atFirstBatch: (p) => p.closeAll(), expect: driverError },
  {
    name: 'stalled mid-getMore, signal: AbortSignal.timeout(500)',
    fault: nextBatch({ action: 'stall', afterBytes: 0 }),
    options: () => ({ signal: AbortSignal.timeout(500) }),
    expect: aborted,
  },
  {
    name: 'stalled mid-reply, socketTimeoutMS=500',
    fault: nextBatch({ action: 'stall', afterBytes: 100 }),
    query: 'socketTimeoutMS=500',
    expect: driverError,
  },
];

describe('faults between the driver and the server (a TCP proxy of ours)', { timeout: 180_000 }, () => {
  let setup: { client: MongoClient; db: Db };
  let proxy: FaultProxy;

  before(async () => {
    setup = await openTestDb('faults_proxy');
    await seed(setup.client, setup.db.databaseName, 'docs', DOCS);
    proxy = await FaultProxy.start(serverUri());
  });

  after(async () => {
    await proxy?.close();
    await setup?.db.dropDatabase();
    await setup?.client.close();
  });

  for (const scenario of SCENARIOS) {
    for (const [api, read] of Object.entries(READS)) {
      it(`${scenario.name}: ${api}`, async () => {
        const baseline = resources();
        const rssBefore = rssMiB();
        const client = await new MongoClient(proxy.uri(scenario.query)).connect();
        const collection = client.db(setup.db.databaseName).collection('docs');
        let firstBatch = true;
        const onProgress = () => {
          if (firstBatch && scenario.atFirstBatch) {
            scenario.atFirstBatch(proxy);
            proxy.firedAt = performance.now();
          }
          firstBatch = false;
        };
        proxy.arm(scenario.fault);
        const outcome: { result?: ReadResult; error?: unknown } = await read(collection, {
          batchSize: BATCH,
          onProgress,
          ...scenario.options?.(),
        }).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        );
        const rejectMs = outcome.error === undefined ? undefined : performance.now() - proxy.firedAt;
        proxy.arm(undefined);
        const shown = scenario.expect(outcome);
        if (rejectMs !== undefined) assert.ok(rejectMs < 30_000, `rejected ${rejectMs.toFixed(0)} ms after the fault`);
        // The same client reads again once the network is sane: the pool recovered.
        assert.deepEqual(await read(collection, { batchSize: BATCH }), expectedResult(DOCS));
        await client.close();
        proxy.closeAll();
        const leakedHandles = await leakedSince(baseline);
        record({
          scenario: scenario.name,
          api,
          outcome: `${shown}; next read exact`,
          rejectMs: rejectMs === undefined ? undefined : Math.round(rejectMs),
          leakedHandles,
          rssBeforeMiB: rssBefore,
          rssAfterMiB: rssMiB(),
        });
        assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
      });
    }
  }
});
