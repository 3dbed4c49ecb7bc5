import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Document, MongoClient } from 'mongodb';
import { aggregateArrow, findArrow, findArrowStream, findColumns, MongoArrowError } from '../lib/index.js';
import { canRun } from './helpers/commands.js';

const run = promisify(execFile);

/** A FerretDB of this file's own, started by scripts/test-server.sh, so that killing it harms no other test. */
class PrivateServer {
  private constructor(
    readonly uri: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateServer> {
    const dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-killed-'));
    const env: NodeJS.ProcessEnv = { ...process.env, MONGODB_ARROW_SERVER_STATE: join(dir, 'state') };
    // Without MONGODB_URI the script starts a server instead of naming the shared one.
    delete env.MONGODB_URI;
    const { stdout } = await run('bash', ['scripts/test-server.sh', 'start'], { env });
    return new PrivateServer(stdout.trim().split('\n').at(-1) as string, env, dir);
  }

  async kill(): Promise<void> {
    const state = await readFile(join(this.dir, 'state'), 'utf8');
    const pid = Number(/^pid=(\d+)$/m.exec(state)?.[1]);
    assert.ok(pid > 0, 'the server pid is in its state file');
    process.kill(pid, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await run('bash', ['scripts/test-server.sh', 'stop'], { env: this.env });
    await rm(this.dir, { recursive: true, force: true });
  }
}

describe('a server killed mid-read', {
  timeout: 240_000,
  // These tests start a FerretDB of their own: they need Go to build it (as `npm test` does without MONGODB_URI).
  skip: !canRun([['go', 'version']]) && 'no Go to build FerretDB',
}, () => {
  let server: PrivateServer;
  let client: MongoClient;

  before(async () => {
    server = await PrivateServer.start();
  });

  after(async () => {
    await client?.close();
    await server?.stop();
  });

  const reads = {
    findArrow: (onProgress: () => void) =>
      findArrow(client.db('killed').collection('docs'), {}, { batchSize: 100, onProgress }),
    findArrowStream: (onProgress: () => void) =>
      findArrowStream(client.db('killed').collection('docs'), {}, { batchSize: 100, onProgress }).toTable(),
    aggregateArrow: (onProgress: () => void) =>
      aggregateArrow(client.db('killed').collection('docs'), [], { batchSize: 100, onProgress }),
    findColumns: (onProgress: () => void) =>
      findColumns(client.db('killed').collection('docs'), {}, { batchSize: 100, onProgress }),
  };

  for (const [name, read] of Object.entries(reads)) {
    it(`${name} rejects at once with the driver's error, not after server selection gives up`, async () => {
      // A fresh server each time: the previous test killed it.
      if (client) {
        await client.close();
        await server.stop();
        server = await PrivateServer.start();
      }
      client = await new MongoClient(server.uri).connect();
      const docs: Document[] = Array.from({ length: 2_000 }, (_, i) => ({ i, s: `value ${i}` }));
      await client.db('killed').collection('docs').insertMany(docs);
      let killedAt = 0;
      let killing: Promise<void> | undefined;
      const onProgress = () => {
        if (!killing) {
          killing = server.kill().then(() => {
            killedAt = performance.now();
          });
        }
      };
      const err = await read(onProgress).then(
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
      console.log(`${name}: rejected ${elapsed.toFixed(0)} ms after SIGKILL with ${(err as Error).name}`);
    });
  }
});
