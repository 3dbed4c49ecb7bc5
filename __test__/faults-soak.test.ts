import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Db, MongoClient } from 'mongodb';
import { findArrow, findArrowStream } from '../lib/index.js';
import { seed } from './helpers/fault-reads.js';
import { gc, heapMiB, LONG, leakedSince, record, resources, rssMiB } from './helpers/fault-report.js';
import { openTestDb } from './helpers/server.js';

const READS = LONG ? 300 : 20;
const READ_DOCS = LONG ? 20_000 : 1_000;
const STREAM_DOCS = LONG ? 2_000_000 : 5_000;
/** Margins for a busy shared machine: a leak of one table per read passes neither (20,000 rows ≈ 0.5 MiB × 300). */
const RSS_MARGIN_MIB = LONG ? 96 : 64;
const HEAP_MARGIN_MIB = 24;

interface Sample {
  readonly at: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
}

function sample(at: number): Sample {
  gc();
  return { at, heapMiB: heapMiB(), rssMiB: rssMiB() };
}

function series(samples: readonly Sample[]): string {
  return samples.map((s) => `${s.at}: heap ${s.heapMiB} / rss ${s.rssMiB}`).join('; ');
}

describe('leak soak', { timeout: LONG ? 3_600_000 : 120_000 }, () => {
  let client: MongoClient;
  let db: Db;

  before(async () => {
    ({ client, db } = await openTestDb('faults_soak'));
    await seed(client, db.databaseName, 'docs', STREAM_DOCS);
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it(`${READS} reads of ${READ_DOCS} documents keep heap and RSS flat and free every IPC buffer`, async () => {
    const baseline = resources();
    const collection = db.collection('docs');
    let finalized = 0;
    const registry = new FinalizationRegistry<null>(() => {
      finalized += 1;
    });
    const samples: Sample[] = [sample(0)];
    // The first tenth warms up the allocator and the driver's pool: flat means no growth after it.
    const step = Math.max(1, READS / 10);
    for (let n = 1; n <= READS; n++) {
      const table = await findArrow(collection, {}, { limit: READ_DOCS, batchSize: 1_000 });
      assert.equal(table.numRows, READ_DOCS);
      // The Buffer the native reader's IPC bytes were handed over in: its finalizer frees the Rust Vec.
      const ipc = table.getChild('i')?.data[0]?.values.buffer;
      assert.ok(ipc instanceof ArrayBuffer);
      registry.register(ipc, null);
      if (n % step === 0) samples.push(sample(n));
    }
    // Finalizers run after a collection, on later turns of the loop.
    for (let k = 0; k < 20 && finalized < READS - 1; k++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    console.log(`soak reads: ${series(samples)}`);
    const warm = samples[1] as Sample;
    const last = samples.at(-1) as Sample;
    const leakedHandles = await leakedSince(baseline);
    record({
      scenario: `leak soak: ${READS} reads × ${READ_DOCS.toLocaleString('en')} documents`,
      api: 'findArrow',
      outcome: `heap ${warm.heapMiB} → ${last.heapMiB} MiB; ${finalized}/${READS} IPC buffers freed`,
      leakedHandles,
      rssBeforeMiB: warm.rssMiB,
      rssAfterMiB: last.rssMiB,
    });
    assert.ok(finalized >= READS - 1, `${finalized} of ${READS} IPC buffers finalized`);
    assert.ok(last.heapMiB < warm.heapMiB + HEAP_MARGIN_MIB, series(samples));
    assert.ok(last.rssMiB < warm.rssMiB + RSS_MARGIN_MIB, series(samples));
    assert.equal(leakedHandles, 0);
  });

  it(`a stream of ${STREAM_DOCS} documents runs in bounded memory`, async () => {
    const baseline = resources();
    const collection = db.collection('docs');
    const samples: Sample[] = [sample(0)];
    const step = STREAM_DOCS / 10;
    let rows = 0;
    let next = step;
    for await (const batch of findArrowStream(
      collection,
      {},
      { batchSize: 2_000, schema: { i: 'int32', s: 'string' } },
    )) {
      rows += batch.numRows;
      if (rows >= next) {
        samples.push(sample(rows));
        next += step;
      }
    }
    console.log(`soak stream: ${series(samples)}`);
    const warm = samples[1] as Sample;
    const peak = Math.max(...samples.map((s) => s.rssMiB));
    const last = samples.at(-1) as Sample;
    const leakedHandles = await leakedSince(baseline);
    record({
      scenario: `leak soak: a stream of ${STREAM_DOCS.toLocaleString('en')} documents`,
      api: 'findArrowStream',
      outcome: `${rows} rows; heap ${warm.heapMiB} → ${last.heapMiB} MiB; peak RSS ${peak} MiB`,
      leakedHandles,
      rssBeforeMiB: warm.rssMiB,
      rssAfterMiB: last.rssMiB,
    });
    assert.equal(rows, STREAM_DOCS);
    assert.equal(leakedHandles, 0);
    assert.ok(peak < warm.rssMiB + RSS_MARGIN_MIB, series(samples));
    assert.ok(last.heapMiB < warm.heapMiB + HEAP_MARGIN_MIB, series(samples));
  });
});
