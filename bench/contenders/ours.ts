/**
 * This project through its public API: findArrow / aggregateArrow /
 * aggregateArrowStream end to end, and decodeBson on the in-memory bytes,
 * always with the shape's declared schema.
 */
import type { Table } from 'apache-arrow';
import { aggregateArrow, aggregateArrowStream, type BsonInputOptions, decodeBson, findArrow } from '../../lib/index.js';
import type { CellSpec } from '../cell.js';
import { documentsEnd, readDataFile } from '../data.js';
import { type CellMeasurement, measure, type RunOutput, tableBytes } from '../measure.js';
import { schemaOf, shapeByName } from '../shapes.js';
import { withCollection } from './server.js';

export type EndToEndPath = 'find' | 'aggregate' | 'aggregate-stream';

export function oursEndToEnd(spec: CellSpec, via: EndToEndPath): Promise<CellMeasurement> {
  const schema = schemaOf(shapeByName(spec.shape));
  return withCollection(spec, (collection) => {
    const load = async (limit?: number): Promise<RunOutput> => {
      if (via === 'aggregate-stream') {
        // Streaming keeps no table: count the rows and drop each batch.
        let documents = 0;
        const stream = aggregateArrowStream(collection, limit ? [{ $limit: limit }] : [], { schema });
        for await (const batch of stream) documents += batch.numRows;
        return { documents, tableBytes: 0 };
      }
      const table: Table =
        via === 'find'
          ? await findArrow(collection, {}, { schema, ...(limit && { limit }) })
          : await aggregateArrow(collection, limit ? [{ $limit: limit }] : [], { schema });
      return { documents: table.numRows, tableBytes: tableBytes(table) };
    };
    return measure(
      spec.runs,
      () => load(spec.warmUpDocuments),
      () => load(),
      true,
    );
  });
}

export function oursDecodeOnly(spec: CellSpec, decimal128: 'string' | 'binary'): Promise<CellMeasurement> {
  const bytes = readDataFile(spec);
  const options: BsonInputOptions = {
    schema: schemaOf(shapeByName(spec.shape)),
    decimal128,
  };
  const decodeAll = async (input: Uint8Array): Promise<RunOutput> => {
    const table = await decodeBson(input, options);
    return { documents: table.numRows, tableBytes: tableBytes(table) };
  };
  // A tenth of the data is enough to JIT the JS side and fault in the allocator.
  const warmUpEnd = documentsEnd(bytes, Math.ceil(spec.documents / 10));
  return measure(
    spec.runs,
    () => decodeAll(bytes.subarray(0, warmUpEnd)),
    () => decodeAll(bytes),
    false,
  );
}
