import type { RecordBatch } from 'apache-arrow';
import { BSON, type Document } from 'mongodb';
import type { WriteFailure } from '../errors/write-result.js';
import { batchToIpc } from '../native/ipc.js';
import { callNative, Encoder, settleEncode } from '../native/native.js';
import { type ColumnPlan, columnwiseBatch, planColumns } from './write-columns.js';
import type { EncodedBatch } from './write-encoded.js';
import type { WritePlan } from './write-options.js';

/**
 * The driver takes only JS objects (it serializes every document itself;
 * no public API sends BSON bytes). Batches whose columns the column-wise
 * path covers are built straight from their Arrow buffers
 * (write-columns.ts); the others are encoded to BSON in Rust, on the
 * thread pool, and deserialized here into objects that serialize back to
 * the same bytes: `promoteValues: false` keeps `Double`, `Int32` and
 * `Long` wrappers, since a plain number 2 would go back as an int32 even
 * where it was the double 2.0; `bsonRegExp` keeps regex options JS lacks.
 */
const DESERIALIZE: BSON.DeserializeOptions = { promoteValues: false, bsonRegExp: true, promoteBuffers: false };

/** The native encoder of a write: its null policy, declared types, and the JavaScript date range. */
export function writeEncoder(plan: WritePlan): Encoder {
  const settings = { nulls: plan.nulls, jsDateRange: true };
  const schema = plan.schema;
  return callNative(() => (schema ? Encoder.withSchema(schema.native, settings) : new Encoder(settings)));
}

/** Makes the documents of a batch whose first row is input row `firstRow`. */
export type BatchEncoder = (batch: RecordBatch, firstRow: number) => Promise<EncodedBatch>;

/**
 * The documents of a write's batches: column-wise when every column of the
 * batch's schema allows it (decided once per schema), else {@link encodeBatch}.
 */
export function batchEncoder(plan: WritePlan): BatchEncoder {
  const encoder = writeEncoder(plan);
  const writeNulls = plan.nulls === 'null';
  let schema: unknown;
  let columns: ColumnPlan | undefined;
  return async (batch, firstRow) => {
    if (batch.schema !== schema) {
      schema = batch.schema;
      columns = planColumns(batch, plan.schema);
    }
    return columns ? columnwiseBatch(columns, batch, firstRow, writeNulls) : encodeBatch(encoder, batch, firstRow);
  };
}

/**
 * Encodes `batch` in Rust, whose first row is input row `firstRow`. A column with no
 * BSON form rejects with `UNSUPPORTED_TYPE` naming it, before any row is
 * encoded; a value that cannot be written fails its row only.
 */
export async function encodeBatch(encoder: Encoder, batch: RecordBatch, firstRow: number): Promise<EncodedBatch> {
  const ipc = batchToIpc(batch);
  const { bytes, offsets, rowFailures } = await settleEncode(encoder.encodeAsync(ipc));
  const count = batch.numRows - rowFailures.length;
  const documents: Document[] = new Array(count);
  const rows = new Int32Array(count);
  const sizes = new Int32Array(count);
  let next = 0;
  let row = 0;
  // Runs of encoded rows between failed ones, each deserialized in one call.
  const failed = [...rowFailures.map((f) => f.row), batch.numRows];
  for (const stop of failed) {
    const run = stop - row;
    if (run > 0) {
      BSON.deserializeStream(bytes, offsets[row] as number, run, documents, next, DESERIALIZE);
      for (let r = row; r < stop; r++, next++) {
        rows[next] = firstRow + r;
        sizes[next] = (offsets[r + 1] as number) - (offsets[r] as number);
      }
    }
    row = stop + 1;
  }
  const failures = rowFailures.map(
    (f): WriteFailure => ({ row: firstRow + f.row, code: 'INVALID_VALUE', message: f.message }),
  );
  return { documents, rows, sizes, failures };
}
