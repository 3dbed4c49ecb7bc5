/**
 * Abort, measured rather than timed in a test: how long after
 * `controller.abort()` a stream's loop rejects with ABORTED, and whether the
 * server cursor was killed (a killCursors reply naming it, seen through
 * command monitoring). Each trial aborts at a random moment, mostly while a
 * getMore is in flight. Run:
 *   bash scripts/with-test-server.sh node --import tsx bench/api/abort-latency.ts [documents] [trials]
 */
import { performance } from 'node:perf_hooks';
import { type CommandSucceededEvent, type Document, MongoClient } from 'mongodb';
import { aggregateArrowStream, MongoArrowError } from '../../lib/index.js';
import { DOCUMENT200_SCHEMA, runApiBench } from './dataset.js';

const TRIALS = Number(process.argv[3] ?? 30);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

runApiBench('abort-latency', async (filled, uri) => {
  const client = await new MongoClient(uri, { monitorCommands: true }).connect();
  const killed: Document[] = [];
  client.on('commandSucceeded', (event: CommandSucceededEvent) => {
    if (event.commandName === 'killCursors') killed.push(event.reply as Document);
  });
  try {
    const collection = client.db(filled.dbName).collection(filled.collectionName);
    const latencies: number[] = [];
    let cursorsKilled = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      killed.length = 0;
      const controller = new AbortController();
      const stream = aggregateArrowStream(collection, [], {
        schema: DOCUMENT200_SCHEMA,
        batchSize: 250,
        rowsPerBatch: 250,
        signal: controller.signal,
      });
      let abortedAt = 0;
      let batches = 0;
      try {
        for await (const _batch of stream) {
          batches += 1;
          if (batches === 2) {
            // Abort a random 0–40 ms later: usually while the next getMore is on the wire.
            setTimeout(() => {
              abortedAt = performance.now();
              controller.abort(new Error('enough'));
            }, Math.random() * 40);
          }
        }
        throw new Error(`trial ${trial}: the stream ended without being aborted`);
      } catch (err) {
        if (!(err instanceof MongoArrowError && err.code === 'ABORTED')) throw err;
        latencies.push(performance.now() - abortedAt);
      }
      // killCursors goes out in the background: give it up to a second.
      for (let wait = 0; wait < 50 && killed.length === 0; wait++) await new Promise((r) => setTimeout(r, 20));
      if (killed.some((reply) => Array.isArray(reply.cursorsKilled) && reply.cursorsKilled.length > 0)) {
        cursorsKilled += 1;
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      trials: TRIALS,
      rejectAfterAbortMs: {
        median: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        max: sorted.at(-1),
      },
      trialsWithCursorKilled: cursorsKilled,
    };
    console.log(JSON.stringify(result));
    return { server: uri, ...result };
  } finally {
    await client.close();
  }
});
