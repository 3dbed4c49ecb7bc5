import type {
  EncodeOutcome,
  FinishOutcome,
  InferOutcome,
  NativeFailure,
  NativeReport,
  PushOutcome,
  ReadOutcome,
  RowFailure,
  WriteOutcome,
} from '../../index.js';
import { TypeConflictError } from '../errors/conflict.js';
import { fromNativeError, MongoArrowError } from '../errors/errors.js';
import { loadBinding, packageVersion } from './binding.cjs';

export { packageVersion };

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

export const { Encoder, Inference, NativeSchema, ParquetReader, ParquetWriter, Reader } = loadNative();
// The classes are also types for the modules that hold their instances.
export type Encoder = InstanceType<NativeBinding['Encoder']>;
export type Inference = InstanceType<NativeBinding['Inference']>;
export type NativeSchema = InstanceType<NativeBinding['NativeSchema']>;
export type Reader = InstanceType<NativeBinding['Reader']>;
export type ParquetReader = InstanceType<NativeBinding['ParquetReader']>;
export type ParquetWriter = InstanceType<NativeBinding['ParquetWriter']>;
export type {
  BsonInput,
  DecoderOptions as NativeDecoderOptions,
  EncoderSettings,
  NativeReport,
  ParquetWriterOptions,
  PushOutcome,
  RowFailure,
} from '../../index.js';

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

/** Waits for work on the thread pool; its failure becomes a thrown `MongoArrowError`. */
async function settle<T extends { failure?: NativeFailure }>(outcome: Promise<T>): Promise<Omit<T, 'failure'>> {
  const { failure, ...rest } = await outcome;
  if (failure) throw failureError(failure);
  return rest;
}

/** Waits for a push: the documents decoded and an IPC stream per record batch that filled up. */
export const settlePush: (outcome: Promise<PushOutcome>) => Promise<Omit<PushOutcome, 'failure'>> = settle;

/** Waits for the end of a read: the last rows' IPC stream and the report. */
export async function settleFinish(
  outcome: Promise<FinishOutcome>,
): Promise<{ ipc: Uint8Array | undefined; report: NativeReport }> {
  const { ipc, report } = await settle(outcome);
  if (!report) throw new MongoArrowError('INTERNAL', 'the native reader finished without a report');
  return { ipc, report };
}

/** Waits for an inference push: the number of documents learned from. */
export async function settleInfer(outcome: Promise<InferOutcome>): Promise<number> {
  return (await settle(outcome)).documents;
}

/** Encoded rows: the documents end to end, where each row's starts, and the rows that failed. */
export interface EncodedRows {
  readonly bytes: Uint8Array;
  /** One per row and the end; a failed row's span is empty. */
  readonly offsets: Uint32Array;
  readonly rowFailures: readonly RowFailure[];
}

/** Waits for an encoding on the thread pool; a failure of the whole batch becomes a thrown `MongoArrowError`. */
export async function settleEncode(outcome: Promise<EncodeOutcome>): Promise<EncodedRows> {
  const { bytes, offsets, rowFailures } = await settle(outcome);
  if (!bytes || !offsets) throw new MongoArrowError('INTERNAL', 'the native encoder returned no documents');
  return { bytes, offsets, rowFailures };
}

/** Waits for Parquet encoding: the file bytes finished meanwhile (maybe none). */
export async function settleWrite(outcome: Promise<WriteOutcome>): Promise<Uint8Array> {
  return (await settle(outcome)).bytes ?? new Uint8Array(0);
}

/** Waits for the next batch of a Parquet file as an IPC stream; undefined at its end. */
export async function settleRead(outcome: Promise<ReadOutcome>): Promise<Uint8Array | undefined> {
  return (await settle(outcome)).ipc;
}
