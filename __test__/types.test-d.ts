/**
 * Type-level tests of the public signatures: checked by `tsc --noEmit`
 * (`npm run check`), never executed. Each `@ts-expect-error` must stay an
 * error, or tsc fails.
 */
import type { Schema as ArrowSchema, RecordBatch, Table } from 'apache-arrow';
import type { Collection, Document } from 'mongodb';
import {
  type ArrowBatchStream,
  aggregateArrow,
  aggregateArrowStream,
  findArrow,
  type findArrowStream,
  MongoArrowError,
  type MongoArrowErrorCode,
  type Progress,
  Schema,
  types,
} from '../lib/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

declare const collection: Collection<{ price: number; sku: string }>;
declare const anyCollection: Collection<Document>;

export async function signatures(): Promise<void> {
  expectType<Equal<Awaited<ReturnType<typeof findArrow>>, Table>>(true);
  expectType<Equal<Awaited<ReturnType<typeof aggregateArrow>>, Table>>(true);
  expectType<Equal<ReturnType<typeof findArrowStream>, ArrowBatchStream>>(true);

  // The filter is typed by the collection's schema.
  await findArrow(collection, { price: { $gt: 1 } }, { schema: { price: 'double' } });
  // @ts-expect-error `price` is a number, not a string
  await findArrow(collection, { price: 'cheap' });

  // Schema, driver options and decoder settings mix in one options object.
  await findArrow(
    anyCollection,
    {},
    { schema: { a: ['string'], b: { c: 'int64' } }, sort: { a: 1 }, conflicts: 'null' },
  );
  // @ts-expect-error `raw` is ours to set
  await findArrow(anyCollection, {}, { raw: true });
  // @ts-expect-error unknown conflict policy
  await aggregateArrow(anyCollection, [], { conflicts: 'ignore' });
  // @ts-expect-error unknown short type name
  await findArrow(anyCollection, {}, { schema: { a: 'float' } });

  const stream = aggregateArrowStream(anyCollection, [], { onProgress: (p: Progress) => p.documents });
  for await (const batch of stream) expectType<Equal<typeof batch, RecordBatch>>(true);
  expectType<Equal<typeof stream.droppedFields, ReadonlyMap<string, number>>>(true);

  const schema = new Schema({ at: types.date('ns'), amount: types.decimal128(10, 2), tags: types.list('string') });
  expectType<Equal<ReturnType<typeof schema.toArrow>, ArrowSchema>>(true);
  // @ts-expect-error a time unit must be s, ms, us or ns
  types.date('minutes');

  const err = new MongoArrowError('ABORTED', 'stopped');
  expectType<Equal<typeof err.code, MongoArrowErrorCode>>(true);
  // @ts-expect-error not a known code
  new MongoArrowError('OOPS', 'no');
}
