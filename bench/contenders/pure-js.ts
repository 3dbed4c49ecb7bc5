/**
 * The path a Node user writes today without this project: the driver
 * deserializes every document into a JS object (toArray, or js-bson
 * `deserialize` on in-memory bytes), then an Arrow table is built from them,
 * either with our tuned columnar builder or naively with `tableFromJSON`.
 */
import { tableFromJSON } from 'apache-arrow';
import { BSON, type Collection, type Document } from 'mongodb';
import type { GroupSpec } from '../cell.js';
import { documentsEnd } from '../data.js';
import { type Contender, tableBytes } from '../measure.js';
import { projectionOf, shapeByName } from '../shapes.js';
import { columnarTable } from './columnar.js';

export function pureJsEndToEnd(
  collection: Collection<Document>,
  spec: GroupSpec,
  build: 'columnar' | 'tableFromJSON',
): Contender {
  const shape = shapeByName(spec.shape);
  const projection = projectionOf(shape);
  const load = async (limit?: number) => {
    const documents = await collection
      .find({}, { projection, batchSize: spec.batchSize, ...(limit && { limit }) })
      .toArray();
    return build === 'columnar'
      ? columnarTable(shape.fields, documents)
      : // tableFromJSON's own types say "plain JSON rows"; driver documents are what users pass it.
        tableFromJSON(documents as Record<string, unknown>[]);
  };
  return {
    warmUp: () => load(spec.warmUpDocuments),
    run: async () => {
      const table = await load();
      return { documents: table.numRows, tableBytes: tableBytes(table) };
    },
  };
}

export function pureJsDecodeOnly(bytes: Uint8Array, spec: GroupSpec): Contender {
  const shape = shapeByName(spec.shape);
  const decodeAll = (input: Uint8Array) => {
    const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    const documents: Document[] = [];
    for (let at = 0; at < input.byteLength; ) {
      const length = view.getInt32(at, true);
      documents.push(BSON.deserialize(input.subarray(at, at + length)));
      at += length;
    }
    return columnarTable(shape.fields, documents);
  };
  // A tenth of the data is enough to JIT the loop and fault in the allocator.
  const warmUpEnd = documentsEnd(bytes, Math.ceil(spec.documents / 10));
  return {
    warmUp: async () => decodeAll(bytes.subarray(0, warmUpEnd)),
    run: async () => {
      const table = decodeAll(bytes);
      return { documents: table.numRows, tableBytes: tableBytes(table) };
    },
  };
}
