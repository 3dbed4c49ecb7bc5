/**
 * A prototype of the other write path the driver allows: JS objects built
 * column by column straight from the Arrow buffers (no BSON in between), for
 * the bench's shapes only (numbers, bools, strings, dates, tagged ObjectIds,
 * structs). Not used by writeArrow; it is here to measure the choice.
 */
import { type Data, type RecordBatch, Type, type Vector } from 'apache-arrow';
import { type Document, Double, Long, ObjectId } from 'mongodb';

type Read = (row: number) => unknown;

function reader(vector: Pick<Vector, 'type' | 'data' | 'get'>, tag: string | undefined): Read {
  const data = vector.data[0] as Data;
  const values = data.values as ArrayLike<number | bigint>;
  switch (vector.type.typeId) {
    case Type.Float:
      // A double holding an integer would serialize as int32: wrap only those.
      return (r) => {
        const v = values[r] as number;
        return Number.isInteger(v) ? new Double(v) : v;
      };
    case Type.Int:
      return (vector.type as { bitWidth: number }).bitWidth === 64
        ? (r) => Long.fromBigInt(values[r] as bigint)
        : (r) => values[r];
    case Type.Bool:
      return (r) => vector.get(r);
    case Type.Timestamp:
      return (r) => new Date(Number(values[r]));
    case Type.Utf8:
      return tag === 'objectId' ? (r) => ObjectId.createFromHexString(vector.get(r) as string) : (r) => vector.get(r);
    case Type.Struct: {
      const children = (vector.type as { children: { name: string; metadata: Map<string, string> }[] }).children;
      const readers = children.map(
        (f, i) => [f.name, nullable((vector as Vector).getChildAt(i) as Vector, f.metadata)] as const,
      );
      return (r) => documentAt(readers, r);
    }
    default:
      throw new Error(`columnwise prototype: no reader for ${vector.type}`);
  }
}

function nullable(vector: Vector, metadata: Map<string, string>): Read | [Read, Uint8Array] {
  const read = reader(vector, metadata.get('mongodb-arrow.bson_type'));
  const data = vector.data[0] as Data;
  return data.nullCount > 0 && data.nullBitmap ? [read, data.nullBitmap] : read;
}

function documentAt(readers: readonly (readonly [string, Read | [Read, Uint8Array]])[], r: number): Document {
  const doc: Document = {};
  for (const [name, read] of readers) {
    if (typeof read === 'function') doc[name] = read(r);
    else if (((read[1][r >> 3] as number) >> (r & 7)) & 1) doc[name] = read[0](r);
  }
  return doc;
}

/** The documents of one record batch, null fields left out. */
export function columnwiseDocuments(batch: RecordBatch): Document[] {
  const readers = batch.schema.fields.map(
    (f, i) => [f.name, nullable(batch.getChildAt(i) as Vector, f.metadata)] as const,
  );
  const documents: Document[] = new Array(batch.numRows);
  for (let r = 0; r < batch.numRows; r++) documents[r] = documentAt(readers, r);
  return documents;
}
