/**
 * This project through its public API: findArrow / aggregateArrow /
 * aggregateArrowStream end to end, and decodeBson on the in-memory bytes,
 * always with the shape's declared schema.
 */
import type { Table } from 'apache-arrow';
import type { Collection, Document } from 'mongodb';
import { aggregateArrow, aggregateArrowStream, type BsonInputOptions, decodeBson, findArrow } from '../../lib/index.js';
import type { GroupSpec } from '../cell.js';
import { documentsEnd } from '../data.js';
import { type Contender, type RunOutput, tableBytes } from '../measure.js';
import { projectionOf, schemaOf, shapeByName } from '../shapes.js';

export type EndToEndPath = 'find' | 'aggregate' | 'aggregate-stream';

export function oursEndToEnd(collection: Collection<Document>, spec: GroupSpec, via: EndToEndPath): Contender {
  const shape = shapeByName(spec.shape);
  const schema = schemaOf(shape);
  // find gets the projection every other find sends (the schema's would add _id), so all fetch the same
  // bytes; aggregate has no such option and appends the schema's $project, which its floor sends too.
  const projection = projectionOf(shape);
  // Passed to aggregate too: a real mongod honours it (mongo-java-server sends one batch regardless).
  const batchSize = spec.batchSize;
  const load = async (limit?: number): Promise<RunOutput> => {
    const pipeline = limit ? [{ $limit: limit }] : [];
    if (via === 'aggregate-stream') {
      // Streaming keeps no table: count the rows and drop each batch.
      let documents = 0;
      for await (const batch of aggregateArrowStream(collection, pipeline, { schema, batchSize })) {
        documents += batch.numRows;
      }
      return { documents, tableBytes: 0 };
    }
    const table: Table =
      via === 'find'
        ? await findArrow(collection, {}, { schema, projection, batchSize, ...(limit && { limit }) })
        : await aggregateArrow(collection, pipeline, { schema, batchSize });
    return { documents: table.numRows, tableBytes: tableBytes(table) };
  };
  return { warmUp: () => load(spec.warmUpDocuments), run: () => load() };
}

export function oursDecodeOnly(bytes: Uint8Array, spec: GroupSpec, decimal128: 'string' | 'binary'): Contender {
  const options: BsonInputOptions = { schema: schemaOf(shapeByName(spec.shape)), decimal128 };
  const decodeAll = async (input: Uint8Array): Promise<RunOutput> => {
    const table = await decodeBson(input, options);
    return { documents: table.numRows, tableBytes: tableBytes(table) };
  };
  // A tenth of the data is enough to JIT the JS side and fault in the allocator.
  const warmUpEnd = documentsEnd(bytes, Math.ceil(spec.documents / 10));
  return { warmUp: () => decodeAll(bytes.subarray(0, warmUpEnd)), run: () => decodeAll(bytes) };
}
