import type { DecodeOutcome, FlushOutcome, NativeFailure } from '../index.js';
import { loadBinding } from './binding.cjs';
import { TypeConflictError } from './conflict.js';
import { fromNativeError, MongoArrowError } from './errors.js';

type NativeBinding = ReturnType<typeof loadBinding>;

/** This machine as napi-rs names its binary packages (`linux-x64-gnu`), and its libc for the message. */
function describePlatform(): { suffix: string; libc: string } {
  const { platform, arch } = process;
  if (platform === 'win32') return { suffix: `win32-${arch}-msvc`, libc: 'msvc' };
  if (platform !== 'linux') return { suffix: `${platform}-${arch}`, libc: 'system libc' };
  // Only a glibc build of Node reports glibcVersionRuntime.
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const glibc = report?.header?.glibcVersionRuntime;
  return glibc
    ? { suffix: `linux-${arch}-gnu`, libc: `glibc ${glibc}` }
    : { suffix: `linux-${arch}-musl`, libc: 'musl' };
}

/**
 * Loads the napi-rs generated loader, which picks the prebuilt binary for this
 * platform. Its own error only says "Cannot find native binding", so a missing
 * binary is rethrown naming the platform, the package and how to build it.
 */
function loadNative(): NativeBinding {
  try {
    return loadBinding();
  } catch (err) {
    const { suffix, libc } = describePlatform();
    throw new MongoArrowError(
      'NATIVE_BINDING_MISSING',
      `mongodb-arrow could not load its native binary for ${process.platform}-${process.arch} (${libc}): ` +
        `the package mongodb-arrow-${suffix} is missing or failed to load (see cause). Prebuilt binaries: ` +
        'linux-x64-gnu, linux-x64-musl, linux-arm64-gnu, darwin-x64, darwin-arm64, win32-x64-msvc; they are ' +
        'optional dependencies, so reinstall without --omit=optional / --no-optional. Elsewhere, build it from ' +
        'source with Rust (stable): in a clone of the mongodb-arrow repository run `npm install && npm run build`, ' +
        `then set NAPI_RS_NATIVE_LIBRARY_PATH to the clone's mongodb-arrow.${suffix}.node.`,
      { cause: err },
    );
  }
}

export const { BatchDecoder, projectionForSchema, SchemaInferrer } = loadNative();
// The classes are also types for the modules that hold their instances.
export type BatchDecoder = InstanceType<NativeBinding['BatchDecoder']>;
export type SchemaInferrer = InstanceType<NativeBinding['SchemaInferrer']>;

/** Runs a native call, turning its errors into `MongoArrowError`s. */
export function callNative<T>(call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw fromNativeError(err);
  }
}

/**
 * The error of a failure from the thread pool; a type conflict is told as
 * one against a declared schema until the caller knows better (see
 * {@link TypeConflictError.from}).
 */
function failureError(failure: NativeFailure): MongoArrowError {
  if (failure.conflict) return new TypeConflictError(failure.conflict, 'declared', { cause: failure });
  return fromNativeError(failure);
}

/** Waits for a decode on the thread pool; its failure becomes a thrown `MongoArrowError`. */
export async function settleDecode(outcome: Promise<DecodeOutcome>): Promise<number> {
  const { documents, failure } = await outcome;
  if (failure) throw failureError(failure);
  return documents;
}

/** Waits for a flush on the thread pool: the Arrow IPC bytes, or null when no rows were buffered. */
export async function settleFlush(outcome: Promise<FlushOutcome>): Promise<Uint8Array | null> {
  const { ipc, failure } = await outcome;
  if (failure) throw failureError(failure);
  return ipc ?? null;
}
