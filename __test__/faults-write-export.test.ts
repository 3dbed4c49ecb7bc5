import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tableFromArrays } from 'apache-arrow';
import { MongoClient } from 'mongodb';
import { MongoArrowError, type WriteResult, writeArrow } from '../lib/index.js';
import { canRun } from './helpers/commands.js';
import { seed } from './helpers/fault-reads.js';
import { describeError, leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { PrivateServer } from './helpers/private-server.js';

const ROWS = 5_000;

function table() {
  const i = Int32Array.from({ length: ROWS }, (_, k) => k);
  return tableFromArrays({ i, s: Array.from(i, (k) => `value ${k}`) });
}

/** Every row is either written or listed as failed: a dead server loses no row silently. */
function accountedFor(result: WriteResult): void {
  assert.equal(result.rows, ROWS);
  assert.equal(
    result.insertedCount + result.failed.length,
    ROWS,
    JSON.stringify({ ...result, failed: result.failed.length }),
  );
}

describe('the write path and the export command when the server fails', {
  timeout: 180_000,
  skip: !canRun([['go', 'version']]) && 'no Go to build FerretDB',
}, () => {
  let server: PrivateServer;

  before(async () => {
    server = await PrivateServer.start();
  });

  after(async () => {
    await server?.stop();
  });

  it('writeArrow: a server killed mid-write rejects with the driver error or reports every row', async () => {
    const baseline = resources();
    const rssBefore = rssMiB();
    const client = await new MongoClient(server.uri).connect();
    const collection = client.db('write').collection('docs');
    let killedAt = 0;
    let killing: Promise<void> | undefined;
    const outcome = await writeArrow(collection, table(), {
      batchSize: 500,
      onProgress: () => {
        killing ??= server.kill().then(() => {
          killedAt = performance.now();
        });
      },
    }).then(
      (result) => {
        accountedFor(result);
        return `resolves: ${result.insertedCount} inserted, ${result.failed.length} listed as failed`;
      },
      (err: unknown) => {
        assert.ok(!(err instanceof MongoArrowError) || err.code === 'ABORTED', String(err));
        assert.match((err as Error).name, /^Mongo/, String(err));
        return `rejects ${describeError(err)}`;
      },
    );
    await killing;
    const elapsed = performance.now() - killedAt;
    assert.ok(killedAt > 0, 'the server was killed during the write');
    assert.ok(elapsed < 30_000, `settled ${elapsed.toFixed(0)} ms after the kill`);
    server = await server.restart();
    // The same client writes again once a server is back.
    const again = await writeArrow(collection, table(), { batchSize: 5_000 });
    assert.equal(again.insertedCount, ROWS);
    await client.close();
    const leakedHandles = await leakedSince(baseline);
    record({
      scenario: 'server killed (SIGKILL) mid-write',
      api: 'writeArrow',
      outcome: `${outcome}; same client writes after restart`,
      rejectMs: Math.round(elapsed),
      leakedHandles,
      rssBeforeMiB: rssBefore,
      rssAfterMiB: rssMiB(),
    });
    assert.equal(leakedHandles, 0, `handles left: ${JSON.stringify([...resources()])}`);
  });

  it('writeArrow: an abort mid-write rejects with ABORTED and its result matches the collection', async () => {
    const client = await new MongoClient(server.uri).connect();
    try {
      const collection = client.db('write').collection('aborted');
      const controller = new AbortController();
      const err = await writeArrow(collection, table(), {
        batchSize: 500,
        signal: controller.signal,
        onProgress: ({ rows }) => {
          if (rows >= 1_000) controller.abort();
        },
      }).then(
        () => assert.fail('the write ended before the abort'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof MongoArrowError && err.code === 'ABORTED', String(err));
      const { result } = err as MongoArrowError & { result: WriteResult };
      const stored = await collection.countDocuments();
      assert.equal(result.insertedCount, stored, 'the aborted result counts exactly what the server stored');
      record({
        scenario: 'write aborted mid-write (signal)',
        api: 'writeArrow',
        outcome: `rejects ABORTED; result.insertedCount ${result.insertedCount} = documents stored`,
        leakedHandles: undefined,
        rssBeforeMiB: undefined,
        rssAfterMiB: undefined,
      });
    } finally {
      await client.close();
    }
  });

  it('export: a server killed mid-export exits non-zero and leaves no file, temporary or final', async () => {
    const client = await new MongoClient(server.uri).connect();
    await seed(client, 'export', 'docs', 5_000);
    await client.close();
    const dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-export-fault-'));
    try {
      const out = join(dir, 'docs.arrow');
      const args = ['export', '--uri', server.uri, '--db', 'export', '--collection', 'docs', '--out', out];
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'lib/cli/main.ts', ...args, '--progress', 'json', '--batch-size', '100'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      let killedAt = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // The first progress line: rows are arriving, the output is half written.
        if (!killedAt && stderr.includes('"event":"progress"')) {
          killedAt = performance.now();
          void server.kill();
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const elapsed = performance.now() - killedAt;
      assert.ok(killedAt > 0, `the export never reported progress: ${stderr}`);
      assert.notEqual(code, 0, stderr);
      assert.match(stderr, /mongodb-arrow: error \[/, stderr);
      assert.deepEqual(await readdir(dir), [], 'an output or temporary file was left');
      record({
        scenario: 'server killed (SIGKILL) mid-export',
        api: 'mongodb-arrow export',
        outcome: `exit ${code}, "${stderr.trim().split('\n').at(-1)?.slice(0, 80)}"; no file left`,
        rejectMs: Math.round(elapsed),
        leakedHandles: undefined,
        rssBeforeMiB: undefined,
        rssAfterMiB: undefined,
      });
      server = await server.restart();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
