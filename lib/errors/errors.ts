/**
 * Stable codes of {@link MongoArrowError}. Every code the native addon can
 * produce (`crates/bson-arrow/src/error.rs`, `src/error.rs`) is listed here.
 */
export type MongoArrowErrorCode =
  /** A value's BSON type does not fit its column. */
  | 'TYPE_CONFLICT'
  /** The bytes are not well-formed BSON (the message names the byte offset). */
  | 'INVALID_BSON'
  /** The schema is unusable: an unknown type name, no fields, malformed JSON. */
  | 'INVALID_SCHEMA'
  /** A type with no mapping between BSON and Arrow. */
  | 'UNSUPPORTED_TYPE'
  /** A value cannot be written as BSON (an unparsable ObjectId string, a datetime out of BSON's range). */
  | 'INVALID_VALUE'
  /** A bad argument or option. */
  | 'INVALID_ARGUMENT'
  /** An optional peer dependency (e.g. `nodejs-polars`) is not installed. */
  | 'MISSING_PEER'
  /** The read's `signal` was aborted. */
  | 'ABORTED'
  /** Arrow could not build a batch or its IPC stream. */
  | 'ARROW_ERROR'
  /** A Parquet file could not be written or read (not Parquet, a type Parquet cannot hold). */
  | 'PARQUET_ERROR'
  /** A file could not be opened, written or renamed (the cause is Node's or the OS's error). */
  | 'IO_ERROR'
  /** No native binary loads on this platform. */
  | 'NATIVE_BINDING_MISSING'
  /** A bug: a Rust panic, or a native error without a known code. */
  | 'INTERNAL';

// A Record rather than a list, so that tsc fails when a code of the union is missing here.
const KNOWN_CODES: Readonly<Record<MongoArrowErrorCode, true>> = {
  TYPE_CONFLICT: true,
  INVALID_BSON: true,
  INVALID_SCHEMA: true,
  UNSUPPORTED_TYPE: true,
  INVALID_VALUE: true,
  INVALID_ARGUMENT: true,
  MISSING_PEER: true,
  ABORTED: true,
  ARROW_ERROR: true,
  PARQUET_ERROR: true,
  IO_ERROR: true,
  NATIVE_BINDING_MISSING: true,
  INTERNAL: true,
};

/**
 * The error every mongodb-arrow function throws for problems of its own
 * (the server's and the driver's errors pass through unchanged).
 *
 * @example
 * ```ts
 * try {
 *   await findArrow(collection, {}, { schema: { price: 'double' } });
 * } catch (err) {
 *   if (err instanceof MongoArrowError && err.code === 'TYPE_CONFLICT') console.error(err.message);
 * }
 * ```
 */
export class MongoArrowError extends Error {
  override readonly name = 'MongoArrowError';
  /** A stable, machine-readable code; branch on this, not on the message. */
  readonly code: MongoArrowErrorCode;

  constructor(code: MongoArrowErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Turns an error raised by the native addon (thrown, or returned as a
 * `{ code, message }` failure from the thread pool) into a
 * {@link MongoArrowError} keeping its code; anything else becomes `INTERNAL`.
 */
export function fromNativeError(err: unknown): MongoArrowError {
  if (err instanceof MongoArrowError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(err);
  if (typeof code === 'string' && Object.hasOwn(KNOWN_CODES, code)) {
    return new MongoArrowError(code as MongoArrowErrorCode, text, { cause: err });
  }
  return new MongoArrowError('INTERNAL', `native decoder failed: ${text}`, { cause: err });
}

/** The error of an aborted read, keeping the signal's reason as the cause. */
export function abortError(signal: AbortSignal): MongoArrowError {
  return new MongoArrowError('ABORTED', 'the read was aborted', { cause: signal.reason });
}

/**
 * A short, never-throwing description of a bad argument for an error message
 * (`String(value)` throws for symbols in templates and for null-prototype objects).
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'bigint':
      return `${value}n (a BigInt)`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
    default:
      return String(value);
  }
}
