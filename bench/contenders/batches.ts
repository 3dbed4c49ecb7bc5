/**
 * The in-memory stand-in for server batches of the decode-only contenders:
 * the shape's concatenated BSON read from disk once, cut into batches of
 * per-document views of one buffer — exactly what a `raw: true` cursor hands out.
 */
import { readFileSync } from 'node:fs';
import type { CellSpec } from '../cell.js';

export interface InMemoryData {
  readonly bytes: Uint8Array;
  readonly batches: readonly (readonly Uint8Array[])[];
}

export function loadBatches(spec: CellSpec): InMemoryData {
  if (!spec.dataFile) throw new Error(`${spec.contender}: no data file given`);
  const bytes = new Uint8Array(readFileSync(spec.dataFile));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const batches: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; ) {
    const length = view.getInt32(offset, true);
    current.push(bytes.subarray(offset, offset + length));
    offset += length;
    if (current.length === spec.batchDocuments) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length > 0) batches.push(current);
  return { bytes, batches };
}
