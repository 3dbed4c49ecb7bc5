import type { RecordBatch } from 'apache-arrow';
import type { Collection, Document } from 'mongodb';
import { WriteAbortedError, type WriteFailure, type WriteResult } from '../errors/write-result.js';
import { CommandWriter, valueAt } from './write-commands.js';
import { type BatchEncoder, batchEncoder } from './write-encode.js';
import type { EncodedBatch } from './write-encoded.js';
import type { WritePlan } from './write-options.js';

/** Record batches to write. `known`: all of them are at hand (a table), so rows never sent can be listed. */
export interface WriteSource {
  readonly batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>;
  readonly known: boolean;
}

/**
 * Rows encoded per native call: bounds the JS objects alive at once (with
 * the commands in flight) whatever the size of the input's record batches.
 */
const ROWS_PER_ENCODE = 65_536;

/** Writes every batch of `source`; see `writeArrow`. */
export async function runWrite(
  collection: Collection<Document>,
  source: WriteSource,
  plan: WritePlan,
  // A seam for bench/write.ts, which measures the Rust path against the column-wise one.
  encode: BatchEncoder = batchEncoder(plan),
): Promise<WriteResult> {
  const writer = new CommandWriter(collection, plan);
  const signal = plan.signal;
  let rows = 0;
  let stoppedEarly = false;
  const aborted = async (): Promise<never> => {
    await writer.drain();
    throw new WriteAbortedError(writer.result(rows, false), signal as AbortSignal);
  };
  try {
    if (signal?.aborted) await aborted();
    for await (const batch of source.batches) {
      const sliceRows = Math.min(ROWS_PER_ENCODE, Math.max(plan.documentsPerCommand, 1));
      for (let begin = 0; begin < batch.numRows; begin += sliceRows) {
        const slice = begin === 0 && batch.numRows <= sliceRows ? batch : batch.slice(begin, begin + sliceRows);
        const first = rows;
        rows += slice.numRows;
        if (writer.done) {
          notAttemptedRange(writer, first, slice.numRows);
          continue;
        }
        if (signal?.aborted) await aborted();
        await writeSlice(writer, encode, slice, first, plan, signal);
      }
      if (writer.done && !source.known) {
        // Closing the iterable (a stream kills its cursor): the rest will not be written.
        stoppedEarly = true;
        break;
      }
    }
    if (signal?.aborted) await aborted();
  } catch (err) {
    await writer.drain();
    throw err;
  }
  return writer.finish(rows, stoppedEarly);
}

async function writeSlice(
  writer: CommandWriter,
  encode: BatchEncoder,
  slice: RecordBatch,
  first: number,
  plan: WritePlan,
  signal: AbortSignal | undefined,
): Promise<void> {
  const encoded = await encode(slice, first);
  const { documents, rows, sizes } = plan.mode === 'insert' ? encoded : withKeys(encoded, plan.key);
  const failures = plan.mode === 'insert' ? encoded.failures : [...encoded.failures, ...keyFailures(encoded, plan.key)];
  failures.sort((a, b) => a.row - b.row);
  const ordered = plan.command.ordered;
  const end = first + slice.numRows;
  let start = 0;
  let bytes = 0;
  // With `ordered`, the first failure ends the slice; without, failures are only reported.
  const firstFailure = failures[0];
  const flush = async (stop: number) => {
    if (stop <= start) return;
    if (signal?.aborted) return;
    await writer.send({ documents: documents.slice(start, stop), rows: rows.subarray(start, stop), bytes });
    start = stop;
    bytes = 0;
  };
  for (let i = 0; i <= documents.length; i++) {
    const row = i < documents.length ? (rows[i] as number) : end;
    const failure = firstFailure;
    if (ordered && failure !== undefined && failure.row < row) {
      // Rows before the failure go first; whether it is the first failure is known once they are acknowledged.
      await flush(i);
      await writer.drain();
      if (writer.done) {
        // An earlier row was refused: this one was not attempted either.
        notAttemptedRange(writer, failure.row, end - failure.row);
      } else {
        writer.addFailures([failure]);
        notAttemptedRange(writer, failure.row + 1, end - failure.row - 1);
      }
      return;
    }
    if (i === documents.length) break;
    const size = sizes[i] as number;
    if (i > start && (i - start >= plan.documentsPerCommand || bytes + size > plan.bytesPerCommand)) await flush(i);
    if (writer.done || signal?.aborted) {
      if (writer.done) notAttemptedRange(writer, row, end - row);
      return;
    }
    bytes += size;
  }
  await flush(documents.length);
  if (!ordered) writer.addFailures(failures);
}

/** Reports `count` rows from `from` as not attempted. */
function notAttemptedRange(writer: CommandWriter, from: number, count: number): void {
  writer.notAttempted(
    Array.from({ length: Math.max(count, 0) }, (_, i) => from + i),
    0,
  );
}

/** Whether a document has every key field, not null: a null or missing key would match any document lacking it. */
function hasKey(document: Document, key: readonly string[]): boolean {
  return key.every((path) => {
    const value = valueAt(document, path);
    return value !== undefined && value !== null;
  });
}

function keyFailures(encoded: EncodedBatch, key: readonly string[]): WriteFailure[] {
  const failures: WriteFailure[] = [];
  encoded.documents.forEach((document, i) => {
    if (!hasKey(document, key)) {
      failures.push({
        row: encoded.rows[i] as number,
        code: 'INVALID_VALUE',
        message: `the key (${key.join(', ')}) is missing or null in this row, so it matches no document by itself`,
      });
    }
  });
  return failures;
}

/** The documents that have their key; the others are {@link keyFailures}. */
function withKeys(encoded: EncodedBatch, key: readonly string[]): EncodedBatch {
  const keep = encoded.documents.map((d) => hasKey(d, key));
  if (keep.every(Boolean)) return encoded;
  const index = keep.flatMap((k, i) => (k ? [i] : []));
  return {
    documents: index.map((i) => encoded.documents[i] as Document),
    rows: Int32Array.from(index, (i) => encoded.rows[i] as number),
    sizes: Int32Array.from(index, (i) => encoded.sizes[i] as number),
    failures: encoded.failures,
  };
}
