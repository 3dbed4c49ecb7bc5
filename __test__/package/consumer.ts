// Type-checked (tsc --noEmit, module nodenext, strict) against the installed
// package's types. The consumer project has no "type" field, so this file is
// CommonJS and sees the `require` types; consumer.mts sees the `import` ones.
// tsconfig.libcheck.json checks both again with skipLibCheck false.
import type { Table } from 'apache-arrow';
import { type Collection, type Document, MongoClient } from 'mongodb';
import {
  aggregateArrow,
  type FindArrowOptions,
  findArrow,
  findArrowStream,
  findPolars,
  MongoArrowError,
  type MongoArrowErrorCode,
  Schema,
  tableToPolars,
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

// The consumer project has no nodejs-polars (an optional peer): its DataFrame is
// `any` here, and the package's declarations must compile all the same.
export async function polarsHeights(collection: Collection<Document>): Promise<number> {
  const df = await findPolars(collection, { paid: true }, { schema: { price: 'double' } });
  const converted = await tableToPolars(await findArrow(collection));
  return df.height + converted.height;
}

export function codeOf(err: unknown): MongoArrowErrorCode | undefined {
  return err instanceof MongoArrowError ? err.code : undefined;
}

export const missing: MongoArrowErrorCode = 'NATIVE_BINDING_MISSING';
export const client: MongoClient = new MongoClient('mongodb://127.0.0.1:1');
