import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { type FindArrowOptions, MongoArrowError } from '../lib/index.js';
import { canRun } from './helpers/commands.js';
import { CursorLedger } from './helpers/cursor-ledger.js';
import { expectedResult, READS, seed } from './helpers/fault-reads.js';
import { describeError, leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { PrivateServer } from './helpers/private-server.js';

const DOCS = 1_000;

/**
 * A frozen server (SIGSTOP: sockets open, nothing answered) is bounded only
 * by the client: `maxTimeMS` is the server's own clock and a stopped server
 * never runs it, so the bounds here are the read's `signal`, the driver's
 * `socketTimeoutMS` and its `timeoutMS`.
 */
const BOUNDS: readonly {
  name: string;
  query?: string;
  options?: () => FindArrowOptions;
  expect: (err: unknown) => void;
}[] = [
  {
    name: 'signal: AbortSignal.timeout(1500)',
    options: () => ({ signal: AbortSignal.timeout(1_500) }),
    expect: (err) => assert.ok(err instanceof MongoArrowError && err.code === 'ABORTED', String(err)),
  },
  {
    name: 'socketTimeoutMS=1500',
    query: 'socketTimeoutMS=1500',
    expect: (err) => {
      assert.ok(!(err instanceof MongoArrowError), String(err));
      assert.match((err as Error).name, /^Mongo/, String(err));
    },
  },
];

describe('a server frozen mid-read (SIGSTOP)', {
  timeout: 180_000,
  skip: !canRun([['go', 'version']]) && 'no Go to build FerretDB',
}, () => {
  let server: PrivateServer;

  before(async () => {
    server = await PrivateServer.start();
    const client = await new MongoClient(server.uri).connect();
    await seed(client, 'frozen', 'docs', DOCS);
    await client.close();
  });

  after(async () => {
    await server?.stop();
  });

  for (const bound of BOUNDS) {
    for (const [name, read] of Object.entries(READS)) {
      it(`${bound.name}: ${name} rejects, and no cursor is left once the server thaws`, async () => {
        const baseline = resources();
        const rssBefore = rssMiB();
        const client = await new MongoClient(`${server.uri}${bound.query ? `&${bound.query}` : ''}`, {
          monitorCommands: true,
        }).connect();
        const ledger = new CursorLedger(client);
        const collection = client.db('frozen').collection('docs');
        let frozenAt = 0;
        let freezing: Promise<void> | undefined;
        const onProgress = () => {
          freezing ??= server.freeze().then(() => {
            frozenAt = performance.now();
          });
        };
        const err = await read(collection, { batchSize: 100, onProgress, ...bound.options?.() }).then(
          () => assert.fail('the read succeeded against a frozen server'),
          (e: unknown) => e,
        );
        await freezing;
        const elapsed = performance.now() - frozenAt;
        await server.thaw();
        bound.expect(err);
        assert.ok(elapsed < 30_000, `rejected ${elapsed.toFixed(0)} ms after the freeze`);
        // Thawed, the server gets the killCursors that waited for it.
        const leakedCursors = (await ledger.settle(ledger.replies, 10_000)).length;
        assert.deepEqual(await read(collection, { batchSize: 100 }), expectedResult(DOCS));
        await client.close();
        const leakedHandles = await leakedSince(baseline);
        record({
          scenario: `server frozen (SIGSTOP) mid-read, ${bound.name}`,
          api: name,
          outcome: `rejects ${describeError(err)}; reads after SIGCONT`,
          rejectMs: Math.round(elapsed),
          leakedHandles,
          leakedCursors,
          rssBeforeMiB: rssBefore,
          rssAfterMiB: rssMiB(),
        });
        assert.equal(leakedCursors, 0, 'cursors left open');
        assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
      });
    }
  }
});
