import { describeValue, MongoArrowError } from '../errors/errors.js';

/** Throws `INVALID_ARGUMENT` naming the option unless `value` is undefined or passes `ok`. */
export function checkOption(
  value: unknown,
  name: string,
  ok: (value: unknown) => boolean,
  what: string,
  caller: string,
): void {
  if (value !== undefined && !ok(value)) {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: option '${name}' must be ${what}, got ${describeValue(value)}`,
    );
  }
}

/**
 * An AbortSignal of any realm or polyfill, checked by shape: only `aborted`
 * and `addEventListener` are used, and `instanceof` fails across realms.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as { aborted?: unknown; addEventListener?: unknown } | null;
  return (
    typeof signal === 'object' &&
    signal !== null &&
    typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function'
  );
}
