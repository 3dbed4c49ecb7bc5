/**
 * The floors: the same query with `raw: true` and nothing decoded. `raw-floor`
 * is findArrow's find and `raw-floor-aggregate` aggregateArrow's aggregate
 * (its appended `$project` included), each reply's batch taken whole as our
 * reads take it (lib/sources/cursor.ts): what the server, the network and the
 * driver's cursor cost before any decoding. `raw-cursor` drains the driver's
 * public raw cursor, which still makes a view (and parses the elements) of
 * every document on the JS thread, so it is not the floor, but it is what a
 * client of the public API alone could reach.
 */
import type { AbstractCursor, Collection, Document } from 'mongodb';
import type { BsonInput } from '../../index.js';
import { cursorSource } from '../../lib/sources/cursor.js';
import type { GroupSpec } from '../cell.js';
import type { Contender } from '../measure.js';
import { projectionOf, schemaOf, shapeByName } from '../shapes.js';

export type FloorKind = 'find' | 'aggregate' | 'public-cursor';

function documentsIn(input: BsonInput): number {
  if (input.form === 'replyBatch') return input.count ?? 0;
  if (input.form === 'documents') return input.offsets?.length ?? 0;
  throw new Error(`floor: unexpected batch form ${input.form}`);
}

function open(collection: Collection<Document>, spec: GroupSpec, kind: FloorKind, limit?: number) {
  const shape = shapeByName(spec.shape);
  const batchSize = spec.batchSize;
  const cursor =
    kind === 'aggregate'
      ? collection.aggregate([...(limit ? [{ $limit: limit }] : []), { $project: schemaOf(shape).toProjection() }], {
          raw: true,
          batchSize,
        })
      : collection.find({}, { projection: projectionOf(shape), raw: true, batchSize, ...(limit && { limit }) });
  return cursor as unknown as AbstractCursor<Uint8Array>;
}

export function rawFloor(collection: Collection<Document>, spec: GroupSpec, kind: FloorKind): Contender {
  const drain = async (limit?: number) => {
    const cursor = open(collection, spec, kind, limit);
    let documents = 0;
    if (kind === 'public-cursor') {
      while (await cursor.hasNext()) documents += cursor.readBufferedDocuments().length;
      await cursor.close();
      return documents;
    }
    const source = cursorSource(cursor);
    for (let batch = await source.next(); batch; batch = await source.next()) documents += documentsIn(batch.input);
    await source.close();
    return documents;
  };
  return {
    warmUp: () => drain(spec.warmUpDocuments),
    run: async () => ({ documents: await drain(), tableBytes: 0 }),
  };
}
