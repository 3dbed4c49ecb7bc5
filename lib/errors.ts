/** Stable codes of {@link MongoArrowError}. */
export type MongoArrowErrorCode =
  | 'TYPE_CONFLICT'
  | 'INVALID_BSON'
  | 'INVALID_SCHEMA'
  | 'UNSUPPORTED_TYPE'
  | 'INVALID_ARGUMENT'
  | 'MISSING_PEER'
  | 'ABORTED'
  | 'ARROW_ERROR'
  | 'NATIVE_BINDING_MISSING'
  | 'INTERNAL';

const KNOWN_CODES: ReadonlySet<string> = new Set<MongoArrowErrorCode>([
  'TYPE_CONFLICT',
  'INVALID_BSON',
  'INVALID_SCHEMA',
  'UNSUPPORTED_TYPE',
  'INVALID_ARGUMENT',
  'MISSING_PEER',
  'ABORTED',
  'ARROW_ERROR',
  'NATIVE_BINDING_MISSING',
  'INTERNAL',
]);

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
  if (typeof code === 'string' && KNOWN_CODES.has(code)) {
    return new MongoArrowError(code as MongoArrowErrorCode, text, { cause: err });
  }
  return new MongoArrowError('INTERNAL', `native decoder failed: ${text}`, { cause: err });
}

/** The error of an aborted read, keeping the signal's reason as the cause. */
export function abortError(signal: AbortSignal): MongoArrowError {
  return new MongoArrowError('ABORTED', 'the read was aborted', { cause: signal.reason });
}
