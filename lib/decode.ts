import type { RecordBatch } from 'apache-arrow';
import { abortError } from './errors.js';
import { batchesFromIpc } from './ipc.js';
import { BatchDecoder, callNative, SchemaInferrer, settleDecode, settleFlush } from './native.js';
import { type DecoderSettings, nativeDecoderOptions } from './options.js';
import { decodeRawBatch, observeRawBatch, type RawBatch } from './raw-batch.js';
import { Schema } from './schema.js';
import type { RawBatchSource } from './source.js';

/** Progress of a read, reported after each server batch (or file chunk). */
export interface Progress {
  /** Documents received so far. */
  readonly documents: number;
  /** BSON bytes received so far (from a server: each batch array, i.e. the documents plus a few bytes of framing each). */
  readonly bytes: number;
  /** Server batches (or file chunks) received so far. */
  readonly batches: number;
}

/** Rows per Arrow record batch unless `rowsPerBatch` says otherwise. */
export const DEFAULT_ROWS_PER_BATCH = 65_536;
/** Flush a record batch at this much BSON even below `rowsPerBatch`, to bound memory. */
const MAX_BYTES_PER_BATCH = 64 * 1024 * 1024;

export interface DecodePlan {
  readonly schema: Schema | undefined;
  readonly settings: DecoderSettings;
  /** Without a schema: how many documents to infer it from (`Infinity`: all of them). */
  readonly inferenceSample: number;
  readonly rowsPerBatch: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: Progress) => void) | undefined;
}

/** What a decoding learned besides its batches: its schema and the fields the schema dropped. */
export class DecodeReport {
  schema: Schema | undefined;
  /** Top-level fields present in documents but not in the schema, with the number of documents that had each. */
  readonly droppedFields = new Map<string, number>();
}

/**
 * Decodes raw batches into Arrow record batches. Each batch is decoded on the
 * libuv thread pool while the next one is fetched, so decoding hides behind
 * the network and never blocks the event loop.
 */
export async function* decodeSource(
  source: RawBatchSource,
  plan: DecodePlan,
  report: DecodeReport,
): AsyncGenerator<RecordBatch, void, undefined> {
  const { signal } = plan;
  let closed = false;
  let aborted: Promise<never> | undefined;
  const next = (): Promise<RawBatch | undefined> => {
    if (!signal) return source.next();
    if (signal.aborted) throw abortError(signal);
    aborted ??= new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
    });
    aborted.catch(() => undefined);
    return Promise.race([source.next(), aborted]);
  };
  const progress = { documents: 0, bytes: 0, batches: 0 };
  const received = (batch: RawBatch) => {
    progress.documents += batch.documents;
    progress.bytes += batch.bytes;
    progress.batches += 1;
    plan.onProgress?.({ ...progress });
  };

  try {
    const sampled: RawBatch[] = [];
    let schema = plan.schema;
    let exhausted = false;
    if (!schema) {
      const inferrer = callNative(() => new SchemaInferrer(nativeDecoderOptions(plan.settings)));
      while (progress.documents < plan.inferenceSample) {
        const batch = await next();
        if (!batch) {
          exhausted = true;
          break;
        }
        received(batch);
        // On the thread pool: inference walks every document, like decoding.
        await settleDecode(observeRawBatch(inferrer, batch));
        sampled.push(batch);
      }
      schema = Schema.fromJSON(callNative(() => inferrer.schemaJson()));
    }
    report.schema = schema;
    const decoder = callNative(() => new BatchDecoder(schema.toNativeJson(), nativeDecoderOptions(plan.settings)));
    const flush = async (): Promise<RecordBatch[]> => {
      const ipc = await settleFlush(decoder.flushAsync());
      return ipc ? batchesFromIpc(ipc) : [];
    };

    let decoding: Promise<number> | undefined;
    const submit = async function* (batch: RawBatch) {
      if (decoding) await decoding;
      if (decoder.bufferedRows >= plan.rowsPerBatch || decoder.bufferedBytes >= MAX_BYTES_PER_BATCH) {
        yield* await flush();
      }
      decoding = settleDecode(decodeRawBatch(decoder, batch));
      // Keep a failed decode from being reported as unhandled before it is awaited.
      decoding.catch(() => undefined);
    };
    for (const batch of sampled.splice(0)) yield* submit(batch);
    while (!exhausted) {
      const batch = await next();
      if (!batch) break;
      received(batch);
      yield* submit(batch);
    }
    if (decoding) await decoding;
    yield* await flush();
    for (const { name, documents } of decoder.skippedFields) report.droppedFields.set(name, documents);
  } catch (err) {
    if (signal?.aborted) {
      // Reject now; the cursor is killed in the background rather than after a pending getMore.
      closed = true;
      source.close().catch(() => undefined);
      throw abortError(signal);
    }
    throw err;
  } finally {
    if (!closed) await source.close();
  }
}
