import type { RecordBatch } from 'apache-arrow';
import { TypeConflictError } from '../errors/conflict.js';
import { abortError } from '../errors/errors.js';
import { batchesFromIpc } from '../native/ipc.js';
import {
  callNative,
  Inference,
  type PushOutcome,
  Reader,
  settleFinish,
  settleInfer,
  settlePush,
} from '../native/native.js';
import { type DecoderSettings, nativeDecoderOptions } from '../native/options.js';
import { Schema } from '../schema/schema.js';
import type { RawBatch, RawBatchSource } from '../sources/raw-batch.js';
import type { Coercion } from './report.js';

/** Progress of a read, reported after each server batch (or file chunk). */
export interface Progress {
  /** Documents received so far. */
  readonly documents: number;
  /** BSON bytes received so far (from a server: each batch array, i.e. the documents plus a few bytes of framing each). */
  readonly bytes: number;
  /** Server batches (or file chunks) received so far. */
  readonly batches: number;
}

/**
 * Batches of at most this many bytes are decoded on the JavaScript thread:
 * about 50 µs of decoding, what a round trip to the libuv pool costs.
 */
const SYNC_PUSH_BYTES = 8 * 1024;

export interface DecodePlan {
  /** The caller's schema (all of it, or with `inferRest` the declared part). */
  readonly schema: Schema | undefined;
  /** Infer the fields `schema` does not declare. */
  readonly inferRest: boolean;
  readonly settings: DecoderSettings;
  /** Without a schema: how many documents to infer it from (`Infinity`: all of them). */
  readonly sampleSize: number;
  /** Rows per record batch; the native reader's default (65,536) when undefined. */
  readonly rowsPerBatch: number | undefined;
  /** Threads per push of concatenated BSON (see `ReadOptions.threads`). */
  readonly threads: number;
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
  const sample = Number.isFinite(plan.sampleSize) && plan.sampleSize > 1 ? plan.sampleSize : undefined;
  return err.from('sample', sample);
}

/**
 * Decodes raw batches into Arrow record batches. Each batch is one native
 * push on the libuv thread pool, made while the next one is fetched, so
 * decoding hides behind the network and never blocks the event loop; the
 * native reader cuts record batches by rows and bytes and returns those
 * that filled up.
 */
export async function* decodeSource(
  source: RawBatchSource,
  plan: DecodePlan,
  report: DecodeReport,
): AsyncGenerator<RecordBatch, void, undefined> {
  const { signal } = plan;
  let closed = false;
  // One listener per fetch, removed when it settles. Not Promise.race against one
  // long-lived "aborted" promise: every race leaves a reaction on that pending
  // promise, and each reaction keeps its batch alive until the read ends, so a
  // long read with a signal held every raw batch (~115 MB per million documents).
  const next = (): Promise<RawBatch | undefined> => {
    if (!signal) return source.next();
    if (signal.aborted) throw abortError(signal);
    return new Promise<RawBatch | undefined>((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      source
        .next()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
  const progress = { documents: 0, bytes: 0, batches: 0 };
  const received = (batch: RawBatch, documents: number) => {
    progress.documents += documents;
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
      const inference = callNative(() => new Inference(nativeDecoderOptions(plan.settings, 'infer')));
      while (progress.documents < plan.sampleSize) {
        const batch = await next();
        if (!batch) {
          exhausted = true;
          break;
        }
        // On the thread pool: inference walks every document, like decoding.
        received(batch, await settleInfer(inference.pushAsync(batch.input)));
        sampled.push(batch);
      }
      const inferred = Schema.fromNative(callNative(() => inference.finish(exhausted)));
      schema = plan.schema ? inferred.overriddenBy(plan.schema) : inferred;
    }
    phase = 'decode';
    report.schema = schema;
    const role = plan.schema && !plan.inferRest ? 'decode-declared' : 'decode-inferred';
    const options = nativeDecoderOptions(
      // Declared fields are held to their types unless the caller says otherwise.
      plan.schema && plan.settings.conflicts === undefined ? { ...plan.settings, conflicts: 'error' } : plan.settings,
      role,
      plan.rowsPerBatch === undefined ? undefined : Math.min(plan.rowsPerBatch, 0xffff_ffff),
      plan.threads,
    );
    const reader = callNative(() => new Reader((schema as Schema).native, options));

    // One push in flight while the next batch is fetched. A push's record batches are
    // read (and handed on) only after the next push has started, so that the thread
    // pool decodes while this thread reads IPC and the consumer works.
    let pushing: { batch: RawBatch; outcome: Promise<PushOutcome>; sampled: boolean } | undefined;
    const settle = async (): Promise<PushOutcome['ipc']> => {
      if (!pushing) return [];
      const { batch, outcome, sampled: known } = pushing;
      pushing = undefined;
      const { documents, ipc } = await settlePush(outcome);
      if (!known) received(batch, documents);
      return ipc;
    };
    const push = async function* (batch: RawBatch, known: boolean) {
      const ready = await settle();
      // A small batch decodes faster than a round trip to the thread pool takes (and in
      // well under a millisecond): decode it here. Even so its failure waits in the
      // promise, so that the batches of the push before are handed on first.
      const outcome =
        batch.bytes <= SYNC_PUSH_BYTES
          ? new Promise<PushOutcome>((resolve) => resolve(reader.push(batch.input)))
          : reader.pushAsync(batch.input);
      // Keep a failed push from being reported as unhandled before it is awaited.
      outcome.catch(() => undefined);
      pushing = { batch, outcome, sampled: known };
      for (const stream of ready) yield* batchesFromIpc(stream);
    };
    for (const batch of sampled.splice(0)) yield* push(batch, true);
    while (!exhausted) {
      const batch = await next();
      if (!batch) break;
      yield* push(batch, false);
    }
    for (const stream of await settle()) yield* batchesFromIpc(stream);
    const { ipc, report: native } = await settleFinish(reader.finishAsync());
    if (ipc) yield* batchesFromIpc(ipc);
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
    if (!closed) await source.close();
  }
}
