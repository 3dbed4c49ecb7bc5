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
  /**
   * Server cursors a read may leave. After a socket timeout the driver's cursor cleanup
   * sends its killCursors over a new connection whose handshake waits on the frozen server;
   * in our runs it never reached the server, even 15 s after SIGCONT (plain driver 7.9 too:
   * the getMore fails at 1 s, the cleanup gives up at 31 s, no killCursors is started). The
   * cursor is left to the server's idle-cursor timeout (10 minutes on mongod).
   */
  cursorsLeft: number;
}[] = [
  {
    name: 'signal: AbortSignal.timeout(700)',
    options: () => ({ signal: AbortSignal.timeout(700) }),
    expect: (err) => assert.ok(err instanceof MongoArrowError && err.code === 'ABORTED', String(err)),
    cursorsLeft: 0,
  },
  {
    name: 'socketTimeoutMS=700',
    query: 'socketTimeoutMS=700',
    expect: (err) => {
      assert.ok(!(err instanceof MongoArrowError), String(err));
      assert.match((err as Error).name, /^Mongo/, String(err));
    },
    cursorsLeft: 1,
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
        let err: unknown;
        let elapsed = 0;
        let leakedCursors = 0;
        try {
          err = await read(collection, { batchSize: 100, onProgress, ...bound.options?.() }).then(
            () => assert.fail('the read succeeded against a frozen server'),
            (e: unknown) => e,
          );
          await freezing;
          elapsed = performance.now() - frozenAt;
        } finally {
          await server.thaw();
        }
        try {
          bound.expect(err);
          assert.ok(elapsed < 30_000, `rejected ${elapsed.toFixed(0)} ms after the freeze`);
          // Thawed, the server gets the killCursors that waited for it: after a socket
          // timeout it waits for a new connection's handshake, which the thaw completes.
          leakedCursors = (await ledger.settle(ledger.replies, bound.cursorsLeft ? 300 : 15_000)).length;
          assert.deepEqual(await read(collection, { batchSize: 100 }), expectedResult(DOCS));
        } finally {
          await client.close();
        }
        const leakedHandles = await leakedSince(baseline);
        record({
          scenario: `server frozen (SIGSTOP) mid-read, ${bound.name}`,
          api: name,
          outcome: `rejects ${describeError(err)}; reads after SIGCONT${bound.cursorsLeft ? '; killCursors never sent (driver)' : ''}`,
          rejectMs: Math.round(elapsed),
          leakedHandles,
          leakedCursors,
          rssBeforeMiB: rssBefore,
          rssAfterMiB: rssMiB(),
        });
        assert.ok(leakedCursors <= bound.cursorsLeft, `${leakedCursors} cursors left open on the server`);
        assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
      });
    }
  }
});
