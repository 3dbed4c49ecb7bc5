import { MongoArrowError } from './errors.js';

/** Where the type of a conflicting column came from, for the message. */
export type ConflictSource =
  /** The caller's `schema` declared it. */
  | 'declared'
  /** Inference met values of types that cannot share a column (under `conflicts: 'error'`). */
  | 'inference'
  /** A stream's schema, inferred from its first documents, did not fit a later one. */
  | 'sample';

/** The parts of a type conflict as the native addon reports them. */
export interface ConflictDetails {
  readonly path: string;
  readonly index: number;
  readonly documentId?: string | null;
  readonly expected: string;
  readonly found: string;
  readonly seen: readonly { readonly type: string; readonly count: number }[];
}

/**
 * A `TYPE_CONFLICT`: a value whose BSON type does not fit its column. The
 * parts are properties, so a caller can act on them without parsing the
 * message.
 *
 * @example
 * ```ts
 * try {
 *   await findArrow(c, {}, { schema: { depth: 'double' } });
 * } catch (err) {
 *   if (err instanceof TypeConflictError) console.log(err.field, err.found, err.documentId);
 * }
 * ```
 */
export class TypeConflictError extends MongoArrowError {
  /** The field path: `depth`, `a.b[2].c`. */
  readonly field: string;
  /** The column's type as schemas name it (`'double'`, `'list<int32>'`). */
  readonly expected: string;
  /**
   * The BSON type found (MongoDB `$type` name: `'string'`, `'int'`, `'objectId'`, ...);
   * for a required field (`types.required`) without a value, `'missing'` or `'null'`
   * (`'undefined'` for that deprecated BSON null).
   */
  readonly found: string;
  /** The document's `_id` as plain text (`'53c2…'`, `'7'`), when it has one. */
  readonly documentId: string | undefined;
  /** The document's position in the read, from 0. */
  readonly index: number;
  /** Inference only: the values seen at the path before, by type, with counts. */
  readonly seen: Readonly<Record<string, number>>;
  /** Whether the column's type was declared by the caller or inferred. */
  readonly source: ConflictSource;

  constructor(details: ConflictDetails, source: ConflictSource, options?: { cause?: unknown; sample?: number }) {
    super('TYPE_CONFLICT', describe(details, source, options?.sample), options);
    this.field = details.path;
    this.expected = details.expected;
    this.found = details.found;
    this.documentId = details.documentId ?? undefined;
    this.index = details.index;
    this.seen = Object.fromEntries(details.seen.map(({ type, count }) => [type, count]));
    this.source = source;
  }

  /** The same conflict, told as coming from `source`. */
  from(source: ConflictSource, sample?: number): TypeConflictError {
    const details: ConflictDetails = {
      path: this.field,
      index: this.index,
      documentId: this.documentId,
      expected: this.expected,
      found: this.found,
      seen: Object.entries(this.seen).map(([type, count]) => ({ type, count })),
    };
    return new TypeConflictError(details, source, { cause: this.cause, sample });
  }
}

/** What a required field's conflict finds instead of a value (only the decoder reports these). */
const NO_VALUE = ['missing', 'null', 'undefined'];

function describe(d: ConflictDetails, source: ConflictSource, sample: number | undefined): string {
  const where = `document ${d.index}${d.documentId == null ? '' : ` (_id ${d.documentId})`}`;
  const field = `'${d.path}'`;
  if (NO_VALUE.includes(d.found)) {
    return (
      `field ${field} is required (non-nullable) but ${where} has no value (${d.found}). ` +
      `To load such documents: make it optional (in a model: .optional() or .nullable() in zod, ` +
      `out of "required" in a JSON Schema; in a schema: without types.required or "nullable": false), ` +
      `or pass conflicts: 'null' or 'string' (a missing value is then null).`
    );
  }
  switch (source) {
    case 'declared': {
      // `a[1]` is an item of the list `a`: what to declare is the item type.
      const declare = /[.[]/.test(d.path)
        ? `declare the type at ${field} as 'text' (for a list item: the list's item type, ['text'])`
        : `declare ${field} as 'text'`;
      return (
        `your schema says ${field} is ${d.expected}, but ${where} has a BSON ${d.found} there. ` +
        `To load it anyway: ${declare} (every value as plain text), or pass conflicts: 'string' ` +
        `(the value as text in text columns, null elsewhere) or conflicts: 'null'; readReport(result) then counts what was converted.`
      );
    }
    case 'inference': {
      const before = d.seen.map(({ type, count }) => `${type} (${count} values)`).join(', ') || d.expected;
      return (
        `field ${field} holds values of types that cannot share a column: ${before} so far, then a BSON ${d.found} ` +
        `in ${where}. Without conflicts: 'error' it loads as a 'text' column (every value as plain text, counted in ` +
        `readReport(result)); conflicts: 'null' keeps its most common type and stores null for the rest; or declare ` +
        `its type in schema, with inferRest: true to infer the other fields.`
      );
    }
    case 'sample':
      return (
        `the schema inferred from ${sample ? `the first ${sample} documents` : 'the first server batch'} says ${field} is ${d.expected}, ` +
        `but ${where} has a BSON ${d.found} there. Pass a larger sampleSize, declare the field in schema ` +
        `(with inferRest: true), or pass conflicts: 'string' or 'null'.`
      );
  }
}
