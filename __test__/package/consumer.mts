// The ESM side of consumer.ts: the `import` condition's types.
import type { RecordBatch, Table } from 'apache-arrow';
import type { Collection } from 'mongodb';
import { aggregateArrowStream, findArrow, MongoArrowError, withArrow } from 'mongodb-arrow';

export async function first(collection: Collection): Promise<RecordBatch | undefined> {
  const table: Table = await findArrow(collection);
  if (table.numRows === 0) throw new MongoArrowError('INVALID_ARGUMENT', 'empty');
  for await (const batch of aggregateArrowStream(collection, [])) return batch;
  return undefined;
}

// No nodejs-polars in the consumer project: the method's DataFrame is `any`.
export async function polarsWidth(collection: Collection): Promise<number> {
  const df = await withArrow(collection).aggregatePolars([{ $match: {} }]);
  return df.width;
}
