// The napi-rs generated loader picks the prebuilt binary for this platform.
import { BatchDecoder, type DecodeOutcome, type FlushOutcome, projectionForSchema, SchemaInferrer } from '../index.js';
import { fromNativeError } from './errors.js';

export { BatchDecoder, projectionForSchema, SchemaInferrer };

/** Runs a native call, turning its errors into `MongoArrowError`s. */
export function callNative<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw fromNativeError(err);
  }
}

/** Waits for a decode on the thread pool; its failure becomes a thrown `MongoArrowError`. */
export async function settleDecode(outcome: Promise<DecodeOutcome>): Promise<number> {
  const { documents, failure } = await outcome;
  if (failure) throw fromNativeError(failure);
  return documents;
}

/** Waits for a flush on the thread pool: the Arrow IPC bytes, or null when no rows were buffered. */
export async function settleFlush(outcome: Promise<FlushOutcome>): Promise<Uint8Array | null> {
  const { ipc, failure } = await outcome;
  if (failure) throw fromNativeError(failure);
  return ipc ?? null;
}
