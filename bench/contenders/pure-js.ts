/**
 * The path a Node user writes today without this project: the driver
 * deserializes every document into a JS object (toArray, or js-bson
 * `deserialize` on in-memory bytes), then an Arrow table is built from them,
 * either with our tuned columnar builder or naively with `tableFromJSON`.
 */
import { tableFromJSON } from 'apache-arrow';
import { BSON, type Document } from 'mongodb';
import type { CellSpec } from '../cell.js';
import { documentsEnd, readDataFile } from '../data.js';
import { type CellMeasurement, measure, tableBytes } from '../measure.js';
import { projectionOf, shapeByName } from '../shapes.js';
import { columnarTable } from './columnar.js';
import { withCollection } from './server.js';

export function pureJsEndToEnd(spec: CellSpec, build: 'columnar' | 'tableFromJSON'): Promise<CellMeasurement> {
  const shape = shapeByName(spec.shape);
  const projection = projectionOf(shape);
  return withCollection(spec, (collection) => {
    const load = async (limit?: number) => {
      const documents = await collection.find({}, { projection, ...(limit && { limit }) }).toArray();
      return build === 'columnar'
        ? columnarTable(shape.fields, documents)
        : // tableFromJSON's own types say "plain JSON rows"; driver documents are what users pass it.
          tableFromJSON(documents as Record<string, unknown>[]);
    };
    return measure(
      spec.runs,
      () => load(spec.warmUpDocuments),
      async () => {
        const table = await load();
        return { documents: table.numRows, tableBytes: tableBytes(table) };
      },
      true,
    );
  });
}

export function pureJsDecodeOnly(spec: CellSpec): Promise<CellMeasurement> {
  const shape = shapeByName(spec.shape);
  const bytes = readDataFile(spec);
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
  return measure(
    spec.runs,
    // A tenth of the data is enough to JIT the loop and fault in the allocator.
    async () => decodeAll(bytes.subarray(0, documentsEnd(bytes, Math.ceil(spec.documents / 10)))),
    async () => {
      const table = decodeAll(bytes);
      return { documents: table.numRows, tableBytes: tableBytes(table) };
    },
    false,
  );
}
