import { type RecordBatch, type Table, tableFromIPC } from 'apache-arrow';

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
