import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { BSON } from 'mongodb';
import { MongoArrowError } from '../errors/errors.js';
import { concatenatedBatch, type RawBatch, type RawBatchSource } from '../sources/raw-batch.js';

/** BSON bytes gathered from lines before a chunk goes to the decoder. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Raw batches over a file of Extended JSON, one document a line (what
 * `mongoexport` writes; blank lines are skipped). Lines are parsed in
 * canonical mode, so `{"$numberLong": "5"}` stays an int64 and
 * `{"$numberDouble": "2.0"}` a double; plain JSON integers become int32
 * when they fit (int64 otherwise) and other numbers doubles. A line that is
 * not a JSON object fails the read naming the file and line.
 */
export function ndjsonSource(path: string): RawBatchSource {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
  let number = 0;
  let closed = false;
  return {
    async next(): Promise<RawBatch | undefined> {
      const documents: Uint8Array[] = [];
      let bytes = 0;
      while (!closed && bytes < CHUNK_BYTES) {
        const line = await lines.next();
        if (line.done) break;
        number += 1;
        if (line.value.trim() === '') continue;
        const document = BSON.serialize(parseLine(line.value, path, number));
        documents.push(document);
        bytes += document.byteLength;
      }
      if (closed || documents.length === 0) return undefined;
      return concatenatedBatch(Buffer.concat(documents, bytes));
    },
    async close() {
      closed = true;
      stream.destroy();
    },
  };
}

function parseLine(text: string, path: string, line: number): BSON.Document {
  let value: unknown;
  try {
    value = BSON.EJSON.parse(text, { relaxed: false });
  } catch (err) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${path}:${line}: not valid Extended JSON: ${(err as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MongoArrowError('INVALID_ARGUMENT', `${path}:${line}: not a JSON object (one document a line)`);
  }
  return value as BSON.Document;
}
