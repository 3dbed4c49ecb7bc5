/**
 * This project: the public findArrow/aggregateArrow end to end, and the
 * native BatchDecoder on in-memory batches (the public decodeBson is not
 * there yet; this is the loop loadTable runs, minus the cursor).
 */
import { type RecordBatch, Table } from 'apache-arrow';
import { BatchDecoder } from '../../index.js';
import { aggregateArrow, findArrow, MongoArrowError, Schema } from '../../lib/index.js';
import { batchesFromIpc } from '../../lib/ipc.js';
import { toRawBatch } from '../../lib/raw-batch.js';
import type { CellSpec } from '../cell.js';
import { type CellMeasurement, measure, tableBytes } from '../measure.js';
import { nativeSchemaJson, publicDefinition, shapeByName } from '../shapes.js';
import { type InMemoryData, loadBatches } from './batches.js';
import { withCollection } from './server.js';

/** Same value as lib/read.ts, so decode-only flushes as often as a real load. */
const ROWS_PER_RECORD_BATCH = 65_536;

/** Thrown when the public API cannot express a shape yet: the cell is "pending", not failed. */
export class PendingError extends Error {}

type PublicSchema = NonNullable<NonNullable<Parameters<typeof findArrow>[2]>['schema']>;

function publicSchemaOf(spec: CellSpec): Schema {
  const definition = publicDefinition(shapeByName(spec.shape).fields);
  try {
    // The definition's type is DESIGN.md's; the library's own type may still be narrower.
    return Schema.from(definition as unknown as PublicSchema);
  } catch (err) {
    if (err instanceof MongoArrowError && err.code === 'INVALID_SCHEMA') {
      throw new PendingError(`the public schema cannot express this shape yet (#4): ${err.message}`);
    }
    throw err;
  }
}

export function oursEndToEnd(spec: CellSpec, via: 'find' | 'aggregate'): Promise<CellMeasurement> {
  const schema = publicSchemaOf(spec);
  return withCollection(spec, (collection) => {
    const load = (limit?: number): Promise<Table> =>
      via === 'find'
        ? findArrow(collection, {}, { schema, ...(limit && { limit }) })
        : aggregateArrow(collection, limit ? [{ $limit: limit }] : [], { schema });
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

export function oursDecodeOnly(spec: CellSpec): Promise<CellMeasurement> {
  const schemaJson = nativeSchemaJson(shapeByName(spec.shape));
  const { batches } = loadBatches(spec);
  const decodeAll = (batches: InMemoryData['batches']): Table => {
    const decoder = new BatchDecoder(schemaJson);
    const out: RecordBatch[] = [];
    const flush = () => {
      const ipc = decoder.flush();
      if (ipc) out.push(...batchesFromIpc(ipc));
    };
    for (const documents of batches) {
      const { span, offsets } = toRawBatch(documents);
      decoder.decode(span, offsets);
      if (decoder.bufferedRows >= ROWS_PER_RECORD_BATCH) flush();
    }
    flush();
    return new Table(out);
  };
  return measure(
    spec.runs,
    // A tenth of the data is enough to JIT the loop and fault in the allocator.
    async () => decodeAll(batches.slice(0, Math.ceil(batches.length / 10))),
    async () => {
      const table = decodeAll(batches);
      return { documents: table.numRows, tableBytes: tableBytes(table) };
    },
    false,
  );
}
