/**
 * Issue #4's memory check: peak RSS growth while streaming N documents of
 * ~200 bytes and discarding each batch.
 * Run: bash scripts/with-test-server.sh node --import tsx bench/api/stream-memory.ts [N]
 */
import { performance } from 'node:perf_hooks';
import { aggregateArrowStream } from '../../lib/index.js';
import { DOCUMENT200_SCHEMA, runApiBench } from './dataset.js';

const MB = 1024 * 1024;

runApiBench('stream-memory', async (collection) => {
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  let rows = 0;
  let batches = 0;
  for await (const batch of aggregateArrowStream(collection, [], { schema: DOCUMENT200_SCHEMA })) {
    rows += batch.numRows;
    batches += 1;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    rows,
    batches,
    ms: Math.round(ms),
    baselineRssMb: Math.round(baseline / MB),
    peakRssMb: Math.round(peak / MB),
    peakGrowthMb: Math.round((peak - baseline) / MB),
  };
});
