/**
 * One end-to-end contender of the main bench on one shape, repeated, under
 * V8's CPU profiler (the one `node --cpu-prof` runs, started through
 * node:inspector so only the timed loads are sampled). Split the profile with
 * bench/write/profile-summary.ts: idle is the main thread waiting (for the
 * server, or for our decoding on the libuv pool), the rest is whose code ran.
 * Also prints the server's CPU time per load when SERVER_PID names its process.
 *
 *   bash scripts/fast-server.sh run node --expose-gc --import tsx bench/read/profile.ts \
 *     small ours-find [documents=50000] [runs=5] [out=/tmp/read-small-ours-find.cpuprofile]
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import type { ContenderId, GroupSpec } from '../cell.js';
import { rawFloor } from '../contenders/floor.js';
import { oursEndToEnd } from '../contenders/ours.js';
import { pureJsEndToEnd } from '../contenders/pure-js.js';
import { withCpuProfile } from '../cpu-profile.js';
import { loadCollection } from '../data.js';
import type { Contender } from '../measure.js';
import { serverCpuMs } from '../server-cpu.js';
import { shapeByName } from '../shapes.js';

const [shapeName = 'small', contenderId = 'ours-find'] = process.argv.slice(2);
const documents = Number(process.argv[4] ?? 50_000);
const runs = Number(process.argv[5] ?? 5);
const out = process.argv[6] ?? `/tmp/read-${shapeName}-${contenderId}.cpuprofile`;
const pid = Number(process.env.SERVER_PID);
const server =
  pid > 0 ? { pid, clockTicks: Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) } : undefined;

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run under scripts/fast-server.sh run');
  const shape = shapeByName(shapeName);
  const client = await new MongoClient(uri).connect();
  const collection = client.db('mongodb_arrow_bench_read_profile').collection(shape.name);
  await loadCollection(collection, shape, documents);
  const spec: GroupSpec = {
    mode: 'end-to-end',
    contenders: [contenderId as ContenderId],
    shape: shape.name,
    documents,
    runs,
    warmUpDocuments: documents,
    batchSize: 10_000,
  };
  const make: Record<string, () => Contender> = {
    'raw-floor': () => rawFloor(collection, spec, 'find'),
    'raw-floor-aggregate': () => rawFloor(collection, spec, 'aggregate'),
    'ours-find': () => oursEndToEnd(collection, spec, 'find'),
    'ours-aggregate': () => oursEndToEnd(collection, spec, 'aggregate'),
    'js-columnar': () => pureJsEndToEnd(collection, spec, 'columnar'),
  };
  const contender = make[contenderId]?.();
  if (!contender) throw new Error(`unknown contender '${contenderId}' (known: ${Object.keys(make).join(', ')})`);
  await contender.warmUp();
  await withCpuProfile(out, async () => {
    for (let i = 0; i < runs; i++) {
      const cpu = server && serverCpuMs(server);
      const start = performance.now();
      const { documents: rows } = await contender.run();
      const ms = performance.now() - start;
      const serverMs = server && cpu !== undefined ? `, server CPU ${(serverCpuMs(server) - cpu).toFixed(0)} ms` : '';
      console.log(`${shapeName} ${contenderId} run ${i}: ${ms.toFixed(0)} ms, ${rows} rows${serverMs}`);
    }
  });
  await collection.drop();
  await client.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
