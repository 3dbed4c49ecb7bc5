/**
 * The floor: the same find with `raw: true`, taking every batch the server
 * sends and decoding nothing. What the server and the network cost alone.
 */
import type { CellSpec } from '../cell.js';
import { type CellMeasurement, measure } from '../measure.js';
import { projectionOf, shapeByName } from '../shapes.js';
import { withCollection } from './server.js';

export function rawFloor(spec: CellSpec): Promise<CellMeasurement> {
  const projection = projectionOf(shapeByName(spec.shape));
  return withCollection(spec, (collection) => {
    const drain = async (limit?: number) => {
      const cursor = collection.find({}, { projection, raw: true, ...(limit && { limit }) });
      let documents = 0;
      while (await cursor.hasNext()) documents += cursor.readBufferedDocuments().length;
      await cursor.close();
      return documents;
    };
    return measure(
      spec.runs,
      () => drain(spec.warmUpDocuments),
      async () => ({ documents: await drain(), tableBytes: 0 }),
      true,
    );
  });
}
