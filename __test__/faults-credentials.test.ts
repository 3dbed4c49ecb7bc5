import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { type Collection, type Document, MongoClient } from 'mongodb';
import { findArrow } from '../lib/index.js';
import { FaultProxy } from './helpers/fault-proxy.js';
import { READS, seed } from './helpers/fault-reads.js';
import { describeError, record } from './helpers/fault-report.js';
import { openTestDb, serverUri } from './helpers/server.js';

const USER = 'arrow-user';
const PASSWORD = 'Sup3r-S3cret-pw';

/** Everything an error can show a log: message, stack, causes, and what `util.inspect` prints of each. */
function everything(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 8; depth++) {
    parts.push(String(current), inspect(current, { depth: 6 }));
    if (current instanceof Error) parts.push(current.stack ?? '');
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return parts.join('\n');
}

describe('credentials in the connection string never appear in an error', { timeout: 120_000 }, () => {
  let setup: Awaited<ReturnType<typeof openTestDb>>;
  let proxy: FaultProxy;

  before(async () => {
    setup = await openTestDb('faults_credentials');
    await seed(setup.client, setup.db.databaseName, 'docs', 300);
    proxy = await FaultProxy.start(serverUri());
  });

  after(async () => {
    await proxy?.close();
    await setup?.db.dropDatabase();
    await setup?.client.close();
  });

  const situations: Record<string, () => { uri: string; during?: () => void }> = {
    // Port 9 (discard) on loopback: nothing listens there in a test environment.
    'no server at the address': () => ({
      uri: `mongodb://${USER}:${PASSWORD}@127.0.0.1:9/?serverSelectionTimeoutMS=500`,
    }),
    'a server that refuses the credentials or the mechanism': () => ({
      uri: `mongodb://${USER}:${PASSWORD}@127.0.0.1:${proxy.port}/?directConnection=true&serverSelectionTimeoutMS=2000&authMechanism=SCRAM-SHA-256`,
    }),
  };

  for (const [situation, make] of Object.entries(situations)) {
    for (const [api, read] of Object.entries(READS)) {
      it(`${situation}: ${api}`, async () => {
        const { uri } = make();
        const client = new MongoClient(uri);
        try {
          const collection = client.db(setup.db.databaseName).collection('docs');
          const outcome = await read(collection, { batchSize: 50 }).then(
            () => 'read (the server accepts any credentials)',
            (err: unknown) => {
              const text = everything(err);
              assert.ok(!text.includes(PASSWORD), `the password is in the error:\n${text}`);
              return `rejects ${describeError(err)}`;
            },
          );
          record({
            scenario: `credentials: ${situation}`,
            api,
            outcome: `${outcome}; password in no message, stack, cause or inspect`,
            leakedHandles: undefined,
            rssBeforeMiB: undefined,
            rssAfterMiB: undefined,
          });
        } finally {
          await client.close();
        }
      });
    }
  }

  it('our own argument errors print nothing of the client they were given', async () => {
    const client = new MongoClient(`mongodb://${USER}:${PASSWORD}@127.0.0.1:9/?serverSelectionTimeoutMS=200`);
    try {
      // A client or a Db where a collection belongs: our INVALID_ARGUMENT must not print the client's options.
      for (const wrong of [client, client.db('x')]) {
        const err = await findArrow(wrong as unknown as Collection<Document>).then(
          () => assert.fail('a client is not a collection'),
          (e: unknown) => e,
        );
        assert.equal((err as { code?: string }).code, 'INVALID_ARGUMENT');
        assert.ok(!everything(err).includes(PASSWORD), everything(err));
      }
      record({
        scenario: 'credentials: a client or Db passed where a collection belongs',
        api: 'findArrow',
        outcome: 'rejects MongoArrowError INVALID_ARGUMENT; password in no message, stack, cause or inspect',
        leakedHandles: undefined,
        rssBeforeMiB: undefined,
        rssAfterMiB: undefined,
      });
    } finally {
      await client.close();
    }
  });
});
