import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Table, tableToIPC } from 'apache-arrow';
import { BSON, type Document, Long, ObjectId } from 'mongodb';
import { decodeBsonChunked, readBsonFileChunked } from '../lib/api/bson-input.js';
import { readReport } from '../lib/index.js';
import { seededRandom } from './helpers/documents.js';

/** Messy documents: missing fields, conflicting types, keys in any order, nested documents and lists. */
function messyDocuments(count: number, seed: number): Document[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const docs: Document[] = [];
  for (let i = 0; i < count; i++) {
    const doc: Document = { _id: new ObjectId(), i };
    if (random() < 0.9) doc.price = int(10) === 0 ? `p${int(9)}` : random() * 1000;
    if (random() < 0.8) doc.name = 'n'.repeat(int(30)) + (int(4) === 0 ? 'é' : '');
    if (random() < 0.7) doc.big = Long.fromNumber(int(1e9) * 1000);
    if (random() < 0.2) doc[`extra${int(3)}`] = true;
    if (random() < 0.8) doc.sub = int(6) === 0 ? 7 : { b: `b${int(5)}`, a: int(100) };
    doc.items = Array.from({ length: int(4) }, () => ({ q: int(9), p: random() }));
    if (random() < 0.5) doc.at = new Date(1_700_000_000_000 + int(1e9));
    docs.push(doc);
  }
  return docs;
}

const SCHEMA = {
  i: 'int32',
  price: 'double',
  name: 'string',
  big: 'int64',
  sub: { a: 'int32', b: 'string' },
  items: [{ q: 'int32', p: 'double' }],
  at: 'date',
} as const;

/** A table as the bytes of its Arrow IPC stream (batch boundaries included), and its read report. */
function fingerprint(table: Table): { ipc: Buffer; report: unknown } {
  const report = readReport(table);
  return {
    ipc: Buffer.from(tableToIPC(table, 'stream')),
    report: report && { coercions: report.coercions, droppedFields: [...report.droppedFields] },
  };
}

async function outcome(run: () => Promise<Table>): Promise<{ ipc: Buffer; report: unknown } | string> {
  try {
    return fingerprint(await run());
  } catch (err) {
    return `${(err as { code?: string }).code}: ${(err as Error).message}`;
  }
}

describe('parallel decoding gives the table of sequential decoding', () => {
  const random = seededRandom(2026);
  const cases = Array.from({ length: 12 }, (_, k) => {
    const bytes = new Uint8Array(
      Buffer.concat(messyDocuments(200 + Math.floor(random() * 3000), k).map((d) => BSON.serialize(d))),
    );
    // Chunks cut anywhere (documents straddle them), and batches of a few rows, so that a chunk holds many.
    return { bytes, chunkBytes: 16 + Math.floor(random() * 60_000), rowsPerBatch: 1 + Math.floor(random() * 300) };
  });

  it('byte for byte, with a declared schema and with inference, for 2, 3 and 8 threads', async () => {
    for (const [k, { bytes, chunkBytes, rowsPerBatch }] of cases.entries()) {
      for (const options of [{ schema: SCHEMA, conflicts: 'string' as const }, {}]) {
        const read = (threads: number) => () =>
          decodeBsonChunked(bytes, { ...options, rowsPerBatch, threads }, { chunkBytes });
        const one = await outcome(read(1));
        assert.equal(typeof one, 'object', `case ${k}: ${String(one)}`);
        for (const threads of [2, 3, 8]) {
          assert.deepEqual(
            await outcome(read(threads)),
            one,
            `case ${k}, ${threads} threads, ${JSON.stringify(options)}`,
          );
        }
      }
    }
  });

  it('reports the first error in document order', async () => {
    for (const [k, { bytes, chunkBytes, rowsPerBatch }] of cases.entries()) {
      // A conflicting `price` fails under the declared schema; break one byte further on as well.
      const broken = new Uint8Array(bytes);
      const at = Math.floor(broken.length * (0.3 + 0.6 * random()));
      broken[at] = 0x7e;
      const read = (threads: number) => () =>
        decodeBsonChunked(broken, { schema: SCHEMA, rowsPerBatch, threads }, { chunkBytes });
      const one = await outcome(read(1));
      assert.equal(typeof one, 'string', `case ${k} did not fail`);
      for (const threads of [2, 4]) assert.equal(await outcome(read(threads)), one, `case ${k}, ${threads} threads`);
    }
  });

  describe('readBsonFile', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mongodb-arrow-parallel-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('streams the same batches with 1 and 2 threads', async () => {
      for (const [k, { bytes, chunkBytes, rowsPerBatch }] of cases.slice(0, 4).entries()) {
        const path = join(dir, `case${k}.bson`);
        await writeFile(path, bytes);
        const read = (threads: number) => () =>
          readBsonFileChunked(
            path,
            { schema: SCHEMA, conflicts: 'null', rowsPerBatch, threads },
            { chunkBytes },
            'table',
          ).toTable();
        const one = await outcome(read(1));
        assert.equal(typeof one, 'object', `case ${k}: ${String(one)}`);
        assert.deepEqual(await outcome(read(2)), one, `case ${k}`);
      }
    });
  });
});
