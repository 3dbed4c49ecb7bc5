/** What one column did besides storing each value as it was. */
export interface Coercion {
  /** The column's path: `a.b`, `a[]` for list items, `m{}` for map values. */
  readonly field: string;
  /** The column's type as schemas name it (`'double'`, `'text'`, `'list<int32>'`). */
  readonly column: string;
  /** BSON types (MongoDB `$type` names) of the values converted to text or nulled, with counts. */
  readonly types: Readonly<Record<string, number>>;
  /** Non-null values stored as they were (numbers widened included). */
  readonly stored: number;
  /** Values stored as their plain text (`2.2`, `4`, 24 hex digits, ISO dates). */
  readonly coerced: number;
  /** Values stored as null. */
  readonly nulled: number;
}

/**
 * What a read did besides decoding values as they were. Empty `coercions`
 * and `droppedFields` mean every value of every document is in the result.
 */
export interface ReadReport {
  /** One entry per column that did not store every value as it was. */
  readonly coercions: readonly Coercion[];
  /**
   * Fields in documents that the schema has no column for, by path (`a`, `a.b`,
   * `a[].c`), with the number of documents (or list items) that had each.
   * Top-level fields always; nested ones when the schema was inferred.
   */
  readonly droppedFields: ReadonlyMap<string, number>;
}

const reports = new WeakMap<object, ReadReport>();

/** Records the report of the read that produced `result` (a Table, Columns or DataFrame). */
export function attachReport<T extends object>(result: T, report: ReadReport | undefined): T {
  if (report) reports.set(result, report);
  return result;
}

/**
 * The report of the read that returned `result`: a `Table` from `findArrow`,
 * `aggregateArrow`, `decodeBson`, `readBsonFileTable` or a stream's `toTable()`,
 * `Columns` from `findColumns`/`aggregateColumns`, or a DataFrame from
 * `findPolars`/`aggregatePolars`. `undefined` for anything else (a table
 * derived from one with `select`, `slice`, ... has no report of its own).
 *
 * @example
 * ```ts
 * const table = await findArrow(shipwrecks);
 * for (const c of readReport(table)?.coercions ?? []) console.log(c.field, c.column, c.types);
 * // depth text { double: 2339, int: 238 }
 * ```
 */
export function readReport(result: object): ReadReport | undefined {
  return reports.get(result);
}
