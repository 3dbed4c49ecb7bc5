import type { RecordBatch, Table } from 'apache-arrow';
import { type DecodePlan, DecodeReport, decodeSource } from './decode.js';
import { tableFromBatches } from './ipc.js';
import type { Schema } from './schema.js';
import type { RawBatchSource } from './source.js';

/**
 * A stream of Arrow record batches with one fixed schema. Iterate it with
 * `for await`; breaking out early closes the server cursor.
 */
export class ArrowBatchStream implements AsyncIterable<RecordBatch> {
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

  [Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    if (this.#batches) throw new TypeError('an ArrowBatchStream can be iterated only once');
    this.#batches = decodeSource(this.#open(), this.plan, this.#report);
    return this.#batches;
  }

  /** The schema of the batches: declared, or inferred once the first batch is out. */
  get schema(): Schema | undefined {
    return this.#report.schema;
  }

  /**
   * Top-level fields that documents had and the fixed schema does not name,
   * with the number of documents that had each; complete once the stream ends.
   */
  get droppedFields(): ReadonlyMap<string, number> {
    return this.#report.droppedFields;
  }

  /** Reads the rest of the stream into one table. */
  async toTable(): Promise<Table> {
    const batches: RecordBatch[] = [];
    for await (const batch of this) batches.push(batch);
    return tableFromBatches(batches, this.#report.schema, this.plan.settings);
  }
}
