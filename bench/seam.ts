/**
 * The cost of the TypeScript ↔ Rust seam: decode-only throughput, and the
 * fixed cost of one batch crossing it. The same bytes are decoded whole (in
 * 8 MiB pieces, as `decodeBson` does) and cut into small pieces, as a server
 * sends small batches; the difference in time over the difference in the
 * number of pieces is the overhead of one batch (native calls, promises,
 * IPC framing, record-batch bookkeeping).
 *
 *   node --expose-gc --import tsx bench/seam.ts [--documents 100000] [--runs 7] [--out bench/results]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BSON, type Document } from 'mongodb';
import { decodeBsonChunked } from '../lib/api/bson-input.js';
import { Schema } from '../lib/index.js';
import { documentChunks } from './data.js';
import { describeMachine } from './machine.js';
import { publicDefinition, shapeByName } from './shapes.js';
import { summarize } from './stats.js';

const { values } = parseArgs({
  options: {
    documents: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '7' },
    shapes: { type: 'string', default: 'small,mixed,nested' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const documents = Number(values.documents);
const runs = Number(values.runs);
/** Bytes per piece of the "many batches" runs: a few hundred small documents, like a server's first batches. */
const SMALL_PIECE = 4096;
const WHOLE_PIECE = 8 * 1024 * 1024;

function concatenated(docs: Iterable<Document[]>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const chunk of docs) for (const doc of chunk) parts.push(BSON.serialize(doc));
  return Buffer.concat(parts);
}

function pieces(bytes: Uint8Array, pieceBytes: number): number {
  // The number of pieces the source cuts: complete documents until `pieceBytes` is reached.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = 0; at < bytes.byteLength; count++) {
    const start = at;
    do at += view.getInt32(at, true);
    while (at - start < pieceBytes && at < bytes.byteLength);
  }
  return count;
}

async function time(bytes: Uint8Array, schema: Schema, pieceBytes: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = -1; run < runs; run++) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    const table = await decodeBsonChunked(bytes, { schema }, { chunkBytes: pieceBytes });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (table.numRows !== documents) throw new Error(`decoded ${table.numRows} rows of ${documents}`);
    if (run >= 0) times.push(ms);
  }
  return times;
}

interface ShapeResult {
  shape: string;
  documents: number;
  bytes: number;
  wholeMs: number;
  wholeDocsPerSec: number;
  wholeMBPerSec: number;
  smallPieces: number;
  smallMs: number;
  overheadUsPerBatch: number;
}

async function main(): Promise<void> {
  const results: ShapeResult[] = [];
  for (const name of (values.shapes as string).split(',')) {
    const shape = shapeByName(name);
    const bytes = concatenated(documentChunks(shape, documents));
    const schema = Schema.from(publicDefinition(shape.fields) as never);
    const whole = summarize(await time(bytes, schema, WHOLE_PIECE)).medianMs;
    const small = summarize(await time(bytes, schema, SMALL_PIECE)).medianMs;
    const smallPieces = pieces(bytes, SMALL_PIECE);
    const wholePieces = pieces(bytes, WHOLE_PIECE);
    const result: ShapeResult = {
      shape: name,
      documents,
      bytes: bytes.byteLength,
      wholeMs: whole,
      wholeDocsPerSec: Math.round(documents / (whole / 1000)),
      wholeMBPerSec: Math.round(bytes.byteLength / 1e6 / (whole / 1000)),
      smallPieces,
      smallMs: small,
      overheadUsPerBatch: Math.round(((small - whole) * 1000) / (smallPieces - wholePieces)),
    };
    results.push(result);
    console.log(JSON.stringify(result));
  }

  const machine = describeMachine('python3');
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
  const rows = results.map(
    (r) =>
      `| ${r.shape} | ${r.wholeDocsPerSec.toLocaleString('en-US')} | ${r.wholeMBPerSec} | ${r.smallPieces} | ${r.smallMs.toFixed(1)} | ${r.overheadUsPerBatch} |`,
  );
  const md = `# Seam: decode-only and per-batch overhead, ${stamp}

\`node --expose-gc --import tsx bench/seam.ts --documents ${documents} --runs ${runs}\` at ${machine.gitCommit}${machine.gitDirty ? ' (dirty)' : ''};
${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverageAtStart.join(' ')}, Node ${machine.node}.
Median of ${runs} runs after a warm-up. "Whole": \`decodeBson\` in 8 MiB pieces; "small pieces":
the same bytes in ${SMALL_PIECE}-byte pieces; overhead per batch = (small − whole) / (pieces difference).

| shape | whole, docs/s | whole, MB/s | small pieces | small pieces, ms | overhead per batch, µs |
|---|--:|--:|--:|--:|--:|
${rows.join('\n')}
`;
  writeFileSync(join(values.out as string, `seam-${stamp}.md`), md);
  writeFileSync(join(values.out as string, `seam-${stamp}.json`), JSON.stringify({ machine, results }, null, 2));
  console.log(md);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
