import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type CommandStartedEvent, type Document, MongoClient } from 'mongodb';
import { model } from '../lib/index.js';
import { canRun } from './helpers/commands.js';
import { expectedDocument, plainArrowValue } from './helpers/model-values.js';

const run = promisify(execFile);

/*
 * FerretDB 1.x has no `$sample` (model.test.ts checks that its error reaches
 * the caller unchanged); mongo-java-server has one. This file starts its own
 * (scripts/fast-server.sh, jars from Maven Central on first use) for the
 * positive test.
 */

describe('model loads with sample, on a server that has $sample', {
  timeout: 300_000,
  skip:
    !canRun([
      ['mvn', '-v'],
      ['javac', '-version'],
    ]) && 'no Maven and JDK to run mongo-java-server',
}, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let client: MongoClient;
  const commands: CommandStartedEvent[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-sample-'));
    env = {
      ...process.env,
      MONGODB_ARROW_FAST_SERVER_STATE: join(dir, 'state'),
      MONGODB_ARROW_FAST_SERVER_JAVA: '-Xmx256m',
    };
    const { stdout } = await run('bash', ['scripts/fast-server.sh', 'start'], { env });
    client = new MongoClient(stdout.trim().split('\n').at(-1) as string, { monitorCommands: true });
    client.on('commandStarted', (event) => commands.push(event));
    await client.connect();
  });

  after(async () => {
    await client?.close();
    await run('bash', ['scripts/fast-server.sh', 'stop'], { env });
    await rm(dir, { recursive: true, force: true });
  });

  it('samples after the filter and pipeline, then sorts and limits', async () => {
    const collection = client.db('model_sample').collection<{ _id: number; kind: string; value: number }>('events');
    await collection.insertMany(
      // 30 documents reach $sample: mongo-java-server samples by sorting with a random
      // comparator, which Java's TimSort refuses ("Comparison method violates its general
      // contract!") at random once it has 32 or more elements to sort.
      Array.from({ length: 120 }, (_, i) => ({ _id: i, kind: i % 2 === 0 ? 'even' : 'odd', value: i * 0.5 })),
    );
    const events = model(collection, { _id: 'int32', kind: 'string', value: 'double' });
    commands.length = 0;
    const table = await events.loadArrowTable({
      filter: { kind: 'even' },
      pipeline: [{ $match: { value: { $gte: 30 } } }],
      sample: 20,
      sort: { value: -1 },
      limit: 15,
    });
    const sent = commands.find((c) => c.commandName === 'aggregate')?.command.pipeline as Document[];
    assert.deepEqual(
      sent.map((stage) => Object.keys(stage)[0]),
      ['$match', '$match', '$sample', '$sort', '$limit', '$project'],
    );
    assert.equal(table.numRows, 15);
    const ids = [...((table.getChild('_id')?.toArray() ?? []) as Int32Array)];
    assert.equal(new Set(ids).size, 15, 'no document twice');
    const values = [...((table.getChild('value')?.toArray() ?? []) as Float64Array)];
    assert.deepEqual(
      values,
      [...values].sort((a, b) => b - a),
      'sorted after sampling',
    );
    // Each row is the stored document, value for value.
    const stored = new Map((await collection.find({ _id: { $in: ids } }).toArray()).map((d) => [d._id, d]));
    ids.forEach((id, row) => {
      const doc = stored.get(id) as { _id: number; kind: string; value: number };
      assert.equal(doc.kind, 'even');
      assert.ok(doc.value >= 30);
      assert.deepEqual(plainArrowValue(table.get(row)), expectedDocument(events.schema.fields, doc));
    });
  });
});
