/**
 * Issue #4's event-loop check: the event loop's max delay while
 * aggregateArrow loads N documents of ~200 bytes, beside the plain driver
 * path on the same data. Run: bash scripts/with-test-server.sh node --import tsx bench/api/event-loop.ts [N]
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { aggregateArrow } from '../../lib/index.js';
import { DOCUMENT200_SCHEMA, runApiBench } from './dataset.js';

async function measure(label: string, load: () => Promise<number>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A steady stream of timers, so that any long synchronous stretch shows up as delay.
  const ticker = setInterval(() => undefined, 1);
  histogram.enable();
  const started = performance.now();
  const rows = await load();
  const ms = performance.now() - started;
  histogram.disable();
  clearInterval(ticker);
  const result = {
    label,
    rows,
    ms: Math.round(ms),
    maxDelayMs: histogram.max / 1e6,
    p99DelayMs: histogram.percentile(99) / 1e6,
  };
  console.log(JSON.stringify(result));
  return result;
}

runApiBench('event-loop', async (collection, server) => {
  const ours = await measure('aggregateArrow', async () => {
    const table = await aggregateArrow(collection, [], { schema: DOCUMENT200_SCHEMA });
    return table.numRows;
  });
  const plain = await measure('driver aggregate().toArray()', async () => {
    const docs = await collection.aggregate([]).toArray();
    return docs.length;
  });
  return { server, results: [ours, plain] };
});
