import type { Collection, Document } from 'mongodb';
import type { WriteResult } from '../errors/write-result.js';
import { planWrite, type WriteOptions } from '../pipeline/write-options.js';
import { runWrite } from '../pipeline/write-run.js';
import { assertCollection } from './collection.js';
import { type WriteInput, writeSource } from './write-input.js';

/**
 * Writes Arrow data to a collection: a table, a record batch, an (async)
 * iterable of record batches (`findArrowStream`, `readBsonFile`: memory stays
 * bounded), a nodejs-polars DataFrame or {@link Columns}. Every row becomes
 * one document, with the BSON types it was read from (see README, "Writing").
 *
 * Resolves with what the server acknowledged and every row it did not write
 * (`failed`, by input row): refused by the server, not encodable
 * (`INVALID_VALUE`, e.g. an unparsable ObjectId string; the rest of the batch
 * is written), or not attempted after the first failure of an ordered write.
 * Rejects before writing anything for bad options or a column with no BSON
 * form (`UNSUPPORTED_TYPE`, naming it); with a `WriteAbortedError` (code
 * `ABORTED`, `result` what was acknowledged) when `signal` aborts.
 *
 * @example
 * ```ts
 * const table = await findArrow(db.collection('orders'));
 * const result = await writeArrow(db.collection('orders_copy'), table);
 * console.log(result.insertedCount, result.failed);
 * await writeArrow(db.collection('prices'), prices, { mode: 'upsert', key: ['sku', 'day'] });
 * ```
 */
export async function writeArrow<T extends Document>(
  collection: Collection<T>,
  data: WriteInput,
  options?: WriteOptions,
): Promise<WriteResult> {
  assertCollection(collection, 'writeArrow');
  const plan = planWrite(options, 'writeArrow');
  const source = writeSource(data, plan.schema, 'writeArrow');
  return runWrite(collection as unknown as Collection<Document>, source, plan);
}
