import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

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
