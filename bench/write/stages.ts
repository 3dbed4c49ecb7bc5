/**
 * The client's stages of a write, without a server: building the documents
 * (ours column-wise; ours through Rust BSON + js-bson deserialize, the path
 * before; `toArray().map(r => r.toJSON())`) and the driver's own
 * serialization of what each built (`BSON.serialize` per document, as its
 * bulk writer does), against the ready-made documents. Median ms of `runs`.
 *
 *   node --import tsx bench/write/stages.ts [documents=100000] [runs=7]
 */
import { performance } from 'node:perf_hooks';
import { BSON, type Document } from 'mongodb';
import { decodeBson } from '../../lib/index.js';
import { columnwiseBatch, planColumns } from '../../lib/pipeline/write-columns.js';
import { encodeBatch, writeEncoder } from '../../lib/pipeline/write-encode.js';
import { planWrite } from '../../lib/pipeline/write-options.js';
import { Random } from '../random.js';
import { schemaOf, shapeByName } from '../shapes.js';
import { summarize } from '../stats.js';

const documents = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 7);

async function timed<T>(work: () => Promise<T> | T): Promise<[number, T]> {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
}

function serializeAll(docs: readonly Document[]): void {
  for (const d of docs) BSON.serialize(d, { ignoreUndefined: true }); // as writeArrow's commands do
}

async function main(): Promise<void> {
  const plan = planWrite({}, 'bench');
  console.log(`${documents.toLocaleString('en-US')} documents, median ms of ${runs} runs (build / driver serialize)\n`);
  console.log('| shape | documents built by | build ms | serialize ms | build + serialize ms |\n|---|---|--:|--:|--:|');
  for (const name of ['small', 'mixed', 'nested'] as const) {
    const shape = shapeByName(name);
    const random = new Random(7);
    const ready = Array.from({ length: documents }, (_, i) => shape.generate(i, random));
    const bson = Buffer.concat(ready.map((d) => BSON.serialize(d)));
    // The table findArrow would give: decoded with the shape's schema, so ObjectIds are tagged hex text.
    const table = await decodeBson(bson, { schema: schemaOf(shape) });
    const builders: Record<string, () => Promise<Document[]> | Document[]> = {
      'ours: column-wise (now)': () =>
        table.batches.flatMap((b) => columnwiseBatch(planColumns(b, undefined) as never, b, 0, false).documents),
      'ours: Rust BSON + js-bson deserialize (before)': async () => {
        const encoder = writeEncoder(plan);
        const out: Document[] = [];
        for (const b of table.batches) out.push(...(await encodeBatch(encoder, b, 0)).documents);
        return out;
      },
      'toArray+toJSON': () => table.toArray().map((r) => r.toJSON() as Document),
      'ready-made (nothing to build)': () => ready,
    };
    const times = new Map<string, { build: number[]; serialize: number[] }>();
    for (let run = 0; run <= runs; run++) {
      for (const [label, build] of Object.entries(builders)) {
        const [buildMs, docs] = await timed(build);
        const [serializeMs] = await timed(() => serializeAll(docs));
        if (run === 0) continue; // warm-up
        const t = times.get(label) ?? { build: [], serialize: [] };
        t.build.push(buildMs);
        t.serialize.push(serializeMs);
        times.set(label, t);
      }
    }
    for (const [label, t] of times) {
      const b = summarize(t.build).medianMs;
      const s = summarize(t.serialize).medianMs;
      console.log(`| ${name} | ${label} | ${b.toFixed(0)} | ${s.toFixed(0)} | ${(b + s).toFixed(0)} |`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
