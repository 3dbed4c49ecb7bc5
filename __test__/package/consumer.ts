// Type-checked (tsc --noEmit, module nodenext, strict) against the installed
// package's types. The consumer project has no "type" field, so this file is
// CommonJS and sees the `require` types; consumer.mts sees the `import` ones.
import type { Table } from 'apache-arrow';
import { type Collection, type Document, MongoClient } from 'mongodb';
import {
  aggregateArrow,
  type FindArrowOptions,
  findArrow,
  findArrowStream,
  MongoArrowError,
  type MongoArrowErrorCode,
  Schema,
} from 'mongodb-arrow';

export async function load(collection: Collection<Document>): Promise<number> {
  const options: FindArrowOptions = { schema: { price: 'double', tags: ['string'], address: { city: 'string' } } };
  const table: Table = await findArrow(collection, { paid: true }, options);
  const totals: Table = await aggregateArrow(collection, [{ $group: { _id: '$customer' } }], {
    schema: new Schema({ _id: 'string' }),
  });
  let rows = 0;
  for await (const batch of findArrowStream(collection)) rows += batch.numRows;
  // @ts-expect-error the pipeline must be an array of stages
  await aggregateArrow(collection, { $match: {} });
  return table.numRows + totals.numRows + rows;
}

export function codeOf(err: unknown): MongoArrowErrorCode | undefined {
  return err instanceof MongoArrowError ? err.code : undefined;
}

export const missing: MongoArrowErrorCode = 'NATIVE_BINDING_MISSING';
export const client: MongoClient = new MongoClient('mongodb://127.0.0.1:1');
