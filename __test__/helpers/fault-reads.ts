import type { Table } from 'apache-arrow';
import type { Collection, Document, Filter, MongoClient } from 'mongodb';
import { aggregateArrow, type FindArrowOptions, findArrow, findArrowStream, findColumns } from '../../lib/index.js';

/** What a read gave, reduced to something two reads can be compared by: row count and the `i`/`s` values in order. */
export interface ReadResult {
  readonly rows: number;
  readonly digest: string;
}

function ofTable(table: Table): ReadResult {
  const i = table.getChild('i')?.toArray() ?? [];
  const s = table.getChild('s')?.toArray() ?? [];
  return { rows: table.numRows, digest: `${Array.from(i).join(',')}|${Array.from(s).join(',')}` };
}

export type Read = (
  collection: Collection<Document>,
  options: FindArrowOptions,
  filter?: Filter<Document>,
) => Promise<ReadResult>;

/**
 * The four read entry points every fault scenario covers, each sorted by
 * nothing (FerretDB streams a find without a sort in insertion order) so
 * that a fault lands mid-stream rather than after the server buffered it.
 */
export const READS: Readonly<Record<string, Read>> = {
  findArrow: async (c, o, f = {}) => ofTable(await findArrow(c, f, o)),
  aggregateArrow: async (c, o, f = {}) => ofTable(await aggregateArrow(c, [{ $match: f }], o)),
  findArrowStream: async (c, o, f = {}) => ofTable(await findArrowStream(c, f, o).toTable()),
  findColumns: async (c, o, f = {}) => {
    const { length, columns } = await findColumns(c, f, o);
    const i = (columns.i as ArrayLike<unknown> | undefined) ?? [];
    const s = (columns.s as ArrayLike<unknown> | undefined) ?? [];
    return { rows: length, digest: `${Array.from(i).join(',')}|${Array.from(s).join(',')}` };
  },
};

/** `count` small documents `{ i, s }`, the shape every scenario reads. */
export function faultDocuments(count: number, from = 0): Document[] {
  return Array.from({ length: count }, (_, k) => ({ i: from + k, s: `value ${from + k}` }));
}

/** The result a faultless read of `count` such documents gives. */
export function expectedResult(count: number): ReadResult {
  const i = Array.from({ length: count }, (_, k) => k);
  return { rows: count, digest: `${i.join(',')}|${i.map((k) => `value ${k}`).join(',')}` };
}

/** Inserts in chunks, so a large seed does not make one huge command. */
export async function seed(client: MongoClient, db: string, name: string, count: number): Promise<void> {
  const collection = client.db(db).collection(name);
  for (let from = 0; from < count; from += 10_000) {
    await collection.insertMany(faultDocuments(Math.min(10_000, count - from), from), { ordered: true });
  }
}
