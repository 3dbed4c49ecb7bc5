import { type RecordBatch, Table } from 'apache-arrow';
import type { DecoderSettings } from '../native/options.js';
import type { Schema } from '../schema/schema.js';

/** The table of decoded batches; with none, an empty table of the schema. */
export function tableFromBatches(
  batches: readonly RecordBatch[],
  schema: Schema | undefined,
  settings: DecoderSettings,
): Table {
  if (batches.length > 0) return new Table(batches as RecordBatch[]);
  return schema ? new Table(schema.toArrow(settings)) : new Table();
}
