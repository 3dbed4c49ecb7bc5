import { type RecordBatch, Table, tableFromIPC } from 'apache-arrow';
import type { Schema } from '../schema/schema.js';
import type { DecoderSettings } from './options.js';

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

/** The table of decoded batches; with none, an empty table of the schema. */
export function tableFromBatches(
  batches: readonly RecordBatch[],
  schema: Schema | undefined,
  settings: DecoderSettings,
): Table {
  if (batches.length > 0) return new Table(batches as RecordBatch[]);
  return schema ? new Table(schema.toArrow(settings)) : new Table();
}
