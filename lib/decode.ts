import type { RecordBatch } from 'apache-arrow';
import { TypeConflictError } from './conflict.js';
import { abortError } from './errors.js';
import { batchesFromIpc } from './ipc.js';
import { BatchDecoder, callNative, SchemaInferrer, settleDecode, settleFlush } from './native.js';
import { type DecoderSettings, nativeDecoderOptions } from './options.js';
import { decodeRawBatch, observeRawBatch, type RawBatch } from './raw-batch.js';
import type { Coercion } from './report.js';
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
  /** The caller's schema (all of it, or with `inferRest` the declared part). */
  readonly schema: Schema | undefined;
  /** Infer the fields `schema` does not declare. */
  readonly inferRest: boolean;
  readonly settings: DecoderSettings;
  /** Without a schema: how many documents to infer it from (`Infinity`: all of them). */
  readonly inferenceSample: number;
  readonly rowsPerBatch: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((progress: Progress) => void) | undefined;
}

/** What a decoding learned besides its batches: its schema and what it did not store as it was. */
export class DecodeReport {
  schema: Schema | undefined;
  /** Fields present in documents but not in the schema, by path, with the number of documents that had each. */
  readonly droppedFields = new Map<string, number>();
  /** Columns whose values were converted to text or nulled. */
  readonly coercions: Coercion[] = [];
}

/** Whether the plan leaves (some of) the schema to inference. */
function infers(plan: DecodePlan): boolean {
  return plan.schema === undefined || plan.inferRest;
}

/** Retells a type conflict with where the column's type came from. */
function explain(err: unknown, plan: DecodePlan, phase: 'infer' | 'decode'): unknown {
  if (!(err instanceof TypeConflictError)) return err;
  if (phase === 'infer') return err.from('inference');
  const top = err.field.split(/[.[]/, 1)[0];
  const declared = plan.schema?.fields.some((f) => f.name === top) ?? false;
  if (declared) return err;
  const sample = Number.isFinite(plan.inferenceSample) && plan.inferenceSample > 1 ? plan.inferenceSample : undefined;
  return err.from('sample', sample);
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
  let onAbort: (() => void) | undefined;
  const next = (): Promise<RawBatch | undefined> => {
    if (!signal) return source.next();
    if (signal.aborted) throw abortError(signal);
    aborted ??= new Promise<never>((_, reject) => {
      onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
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
  let phase: 'infer' | 'decode' = 'infer';

  try {
    const sampled: RawBatch[] = [];
    let schema = plan.schema;
    let exhausted = false;
    if (infers(plan)) {
      const inferrer = callNative(() => new SchemaInferrer(nativeDecoderOptions(plan.settings, 'infer')));
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
      const inferred = Schema.fromJSON(callNative(() => inferrer.schemaJson()));
      schema = plan.schema ? inferred.overriddenBy(plan.schema) : inferred;
    }
    phase = 'decode';
    report.schema = schema;
    const role = plan.schema && !plan.inferRest ? 'decode-declared' : 'decode-inferred';
    const options = nativeDecoderOptions(
      // Declared fields are held to their types unless the caller says otherwise.
      plan.schema && plan.settings.conflicts === undefined ? { ...plan.settings, conflicts: 'error' } : plan.settings,
      role,
    );
    const decoder = callNative(() => new BatchDecoder((schema as Schema).toNativeJson(), options));
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
    const native = callNative(() => decoder.report());
    for (const { name, documents } of native.droppedFields) report.droppedFields.set(name, documents);
    for (const c of native.coercions) {
      report.coercions.push({ ...c, types: Object.fromEntries(c.types.map(({ type, count }) => [type, count])) });
    }
  } catch (err) {
    if (signal?.aborted) {
      // Reject now; the cursor is killed in the background rather than after a pending getMore.
      closed = true;
      source.close().catch(() => undefined);
      throw abortError(signal);
    }
    throw explain(err, plan, phase);
  } finally {
    // One signal may serve many reads: leave no listener behind on it.
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (!closed) await source.close();
  }
}
