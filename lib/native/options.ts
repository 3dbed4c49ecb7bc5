import { describeValue, MongoArrowError } from '../errors/errors.js';
import type { NativeDecoderOptions } from './native.js';

/** How values are laid out in Arrow, and what happens on a type conflict. */
export interface DecoderSettings {
  /**
   * What to do with a value whose BSON type does not fit its column (see the
   * README's "Messy data"). By default, a declared schema is held to
   * (`'error'`), and inference loses nothing: a field of types that cannot
   * share a column becomes a `'text'` column (`'string'`).
   *
   * - `'error'`: throw a `TypeConflictError` naming the field, the document's
   *   `_id`, the types, and the options that would load it; inference fails too.
   * - `'null'`: store null; inference gives a mixed field its most common type.
   * - `'string'`: store the value's plain text (`2.2`, `4`, 24 hex digits, ISO
   *   dates) in text columns, null in others; inference makes mixed fields `'text'`.
   *
   * Whatever was converted or nulled is counted per column in `readReport`.
   */
  readonly conflicts?: 'error' | 'null' | 'string';
  /**
   * `""` counts as null where the column is not text: a field of numbers and
   * empty strings is inferred numeric, and an `""` in a numeric (or any
   * non-text) column is stored as null, counted in `readReport`.
   * Off by default: an empty string is a value.
   */
  readonly emptyStringsAsNull?: boolean;
  /** ObjectId as 24 hex digits (`'hex'`, default) or FixedSizeBinary(12) tagged `pymongoarrow.objectid`. */
  readonly objectId?: 'hex' | 'binary';
  /** Decimal128 as its exact string (`'string'`, default) or FixedSizeBinary(16) tagged `pymongoarrow.decimal128`. */
  readonly decimal128?: 'string' | 'binary';
  /** Inference reads binary subtype 4 as a UUID string column. */
  readonly uuidAsString?: boolean;
}

const SETTING_KEYS = ['conflicts', 'objectId', 'decimal128', 'uuidAsString', 'emptyStringsAsNull'] as const;

/** What the native side is for: inference, or decoding with a declared or an inferred schema. */
export type NativeRole = 'infer' | 'decode-declared' | 'decode-inferred';

/**
 * The native reader's or inference's options. Without a `conflicts`
 * setting, a declared schema is held to and inference keeps every value
 * (see {@link DecoderSettings.conflicts}).
 */
export function nativeDecoderOptions(
  settings: DecoderSettings,
  role: NativeRole = 'decode-declared',
  rowsPerBatch?: number,
  threads?: number,
): NativeDecoderOptions {
  const { conflicts = role === 'decode-declared' ? 'error' : 'string', objectId, decimal128 } = settings;
  const { uuidAsString, emptyStringsAsNull } = settings;
  return {
    conflicts,
    objectId,
    decimal128,
    uuidAsString,
    emptyStringsAsNull,
    // A schema inferred from a sample may lack fields at any depth: count them.
    countNestedDropped: role === 'decode-inferred',
    rowsPerBatch,
    threads,
  };
}

// The accepted values of each setting, checked here so that a bad one fails
// naming the option rather than deep in the native decoder.
const SETTING_VALUES: Readonly<Record<(typeof SETTING_KEYS)[number], readonly unknown[]>> = {
  conflicts: ['error', 'null', 'string'],
  objectId: ['hex', 'binary'],
  decimal128: ['string', 'binary'],
  uuidAsString: [true, false],
  emptyStringsAsNull: [true, false],
};

/** Throws `INVALID_ARGUMENT` naming the first setting that holds a value it does not accept. */
export function checkDecoderSettings(settings: DecoderSettings, caller: string): void {
  if (settings === null || typeof settings !== 'object') {
    throw new MongoArrowError(
      'INVALID_ARGUMENT',
      `${caller}: options must be an object, got ${describeValue(settings)}`,
    );
  }
  for (const key of SETTING_KEYS) {
    const value: unknown = settings[key];
    const accepted = SETTING_VALUES[key];
    if (value !== undefined && !accepted.includes(value)) {
      const expected = typeof accepted[0] === 'boolean' ? 'a boolean' : accepted.map((v) => `'${v}'`).join(' or ');
      throw new MongoArrowError(
        'INVALID_ARGUMENT',
        `${caller}: option '${key}' must be ${expected}, got ${describeValue(value)}`,
      );
    }
  }
}

/**
 * Splits the decoder settings out of a bag of options, leaving the rest
 * (driver options) untouched; throws `INVALID_ARGUMENT` for a bad setting.
 */
export function splitDecoderSettings<T extends DecoderSettings>(
  options: T,
  caller: string,
): [DecoderSettings, Omit<T, (typeof SETTING_KEYS)[number]>] {
  checkDecoderSettings(options, caller);
  const { conflicts, objectId, decimal128, uuidAsString, emptyStringsAsNull, ...rest } = options;
  return [{ conflicts, objectId, decimal128, uuidAsString, emptyStringsAsNull }, rest];
}
