import { RecordBatch, Schema, Table, tableFromIPC, tableFromJSON, tableToIPC } from 'apache-arrow';

/**
 * Reads the record batches of one Arrow IPC stream produced by the addon.
 * `tableFromIPC` on a Uint8Array makes typed-array views over the input, so
 * the columns live in the memory Rust allocated: no copy.
 */
export function batchesFromIpc(ipc: Uint8Array): RecordBatch[] {
  return tableFromIPC(ipc).batches;
}

/** A table with the schema of an IPC stream that holds no batches. */
export function emptyTableFromIpc(ipc: Uint8Array): Table {
  return tableFromIPC(ipc);
}

/**
 * An Arrow schema as an IPC stream with no batches, for the native side to
 * read. Rebuilt with this copy of apache-arrow's `Schema`, so that a schema
 * made by another copy serializes too (the writer reads types by `typeId`).
 */
export function schemaToIpc(schema: Schema): Uint8Array {
  return tableToIPC(new Table(ownSchema(schema)), 'stream');
}

/**
 * One record batch as an Arrow IPC stream, for the native encoder. A batch
 * of another apache-arrow copy is rebuilt around its data with this copy's
 * classes first (the writer reads types by `typeId`, as for schemas).
 */
export function batchToIpc(batch: RecordBatch): Uint8Array {
  const foreign = batch as Pick<RecordBatch, 'schema' | 'data'>;
  const own = batch instanceof RecordBatch ? batch : new RecordBatch(ownSchema(foreign.schema), foreign.data);
  return tableToIPC(new Table(own), 'stream');
}

function ownSchema(schema: Schema): Schema {
  const foreign = schema as Pick<Schema, 'fields' | 'metadata'>;
  return schema instanceof Schema ? schema : new Schema(foreign.fields, foreign.metadata);
}

/**
 * V8 compiles apache-arrow's IPC reader (and the vector classes of each
 * type) the first time they run, which made the first record batch of a
 * read the longest stall of the event loop (~20 ms). Reading one tiny
 * stream of the common column types when this module loads moves that work
 * to import time, before any read is waiting on it.
 */
function warmIpcReader(): void {
  try {
    const sample = tableFromJSON([{ i: 1, d: 1.5, s: 'a', b: true, l: [1], o: { a: 1, s: 'b' } }]);
    for (const batch of batchesFromIpc(tableToIPC(sample, 'stream'))) {
      for (const field of batch.schema.fields) batch.getChild(field.name)?.get(0);
    }
  } catch {
    // Only a warm-up: a read compiles whatever this did not.
  }
}

warmIpcReader();
