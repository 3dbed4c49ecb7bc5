import { type RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

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
  const foreign = schema as Pick<Schema, 'fields' | 'metadata'>;
  const own = schema instanceof Schema ? schema : new Schema(foreign.fields, foreign.metadata);
  return tableToIPC(new Table(own), 'stream');
}
