import type { RecordBatch, Table, TypeMap } from 'apache-arrow';
import type { Schema } from '../schema/schema.js';
import type { RawBatchSource } from '../sources/raw-batch.js';
import { type DecodePlan, DecodeReport, decodeSource } from './decode.js';
import { attachReport, type Coercion } from './report.js';
import { tableFromBatches } from './table.js';

/**
 * A stream of Arrow record batches with one fixed schema. Iterate it with
 * `for await`; breaking out early closes the server cursor. `T`: the
 * column types, when the read's schema was a definition known at compile time.
 */
// biome-ignore lint/suspicious/noExplicitAny: apache-arrow's own default for batches of unknown columns.
export class ArrowBatchStream<T extends TypeMap = any> implements AsyncIterable<RecordBatch<T>> {
  readonly #report = new DecodeReport();
  #batches: AsyncGenerator<RecordBatch, void, undefined> | undefined;

  /** @internal */
  constructor(
    open: () => RawBatchSource,
    private readonly plan: DecodePlan,
  ) {
    this.#open = open;
  }

  readonly #open: () => RawBatchSource;

  [Symbol.asyncIterator](): AsyncIterator<RecordBatch<T>> {
    if (this.#batches) throw new TypeError('an ArrowBatchStream can be iterated only once');
    this.#batches = decodeSource(this.#open(), this.plan, this.#report);
    return this.#batches as AsyncIterator<RecordBatch<T>>;
  }

  /** The schema of the batches: declared, or inferred once the first batch is out. */
  get schema(): Schema | undefined {
    return this.#report.schema;
  }

  /**
   * Fields that documents had and the fixed schema has no column for, by path
   * (`late`, `a.late`, `items[].late`), with the number of documents (or list
   * items) that had each; complete once the stream ends. Nested paths are
   * counted when the schema was inferred (or `inferRest` is set).
   */
  get droppedFields(): ReadonlyMap<string, number> {
    return this.#report.droppedFields;
  }

  /**
   * Columns whose values were converted to text or nulled by the conflict
   * policy (for example a value the inferred schema cannot hold), with the
   * types and counts; complete once the stream ends.
   */
  get coercions(): readonly Coercion[] {
    return this.#report.coercions;
  }

  /** Reads the rest of the stream into one table. */
  async toTable(): Promise<Table<T>> {
    const batches: RecordBatch<T>[] = [];
    for await (const batch of this) batches.push(batch);
    return attachReport(tableFromBatches(batches, this.#report.schema, this.plan.settings), this.#report) as Table<T>;
  }
}
