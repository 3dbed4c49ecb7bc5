/** How values are laid out in Arrow, and what happens on a type conflict. */
export interface DecoderSettings {
  /**
   * What to do with a value whose BSON type does not fit its column:
   * `'error'` (default) throws `TYPE_CONFLICT` naming the field path, document and
   * both types; `'null'` stores null; `'string'` stores text columns' values as
   * canonical Extended JSON (and inference turns conflicting fields into strings).
   */
  readonly conflicts?: 'error' | 'null' | 'string';
  /** ObjectId as 24 hex digits (`'hex'`, default) or FixedSizeBinary(12) tagged `pymongoarrow.objectid`. */
  readonly objectId?: 'hex' | 'binary';
  /** Decimal128 as its exact string (`'string'`, default) or FixedSizeBinary(16) tagged `pymongoarrow.decimal128`. */
  readonly decimal128?: 'string' | 'binary';
  /** Inference reads binary subtype 4 as a UUID string column. */
  readonly uuidAsString?: boolean;
}

const SETTING_KEYS = ['conflicts', 'objectId', 'decimal128', 'uuidAsString'] as const;

/** The JSON text of the native decoder's options. */
export function nativeDecoderOptions(settings: DecoderSettings): string {
  return JSON.stringify({
    ...(settings.conflicts !== undefined && { conflictPolicy: settings.conflicts }),
    ...(settings.objectId !== undefined && { objectId: settings.objectId }),
    ...(settings.decimal128 !== undefined && { decimal128: settings.decimal128 }),
    ...(settings.uuidAsString !== undefined && { uuidAsString: settings.uuidAsString }),
  });
}

/** Splits the decoder settings out of a bag of options, leaving the rest (driver options) untouched. */
export function splitDecoderSettings<T extends DecoderSettings>(
  options: T,
): [DecoderSettings, Omit<T, (typeof SETTING_KEYS)[number]>] {
  const { conflicts, objectId, decimal128, uuidAsString, ...rest } = options;
  return [{ conflicts, objectId, decimal128, uuidAsString }, rest];
}
