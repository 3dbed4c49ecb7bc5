//! Arrow IPC stream encoding: the form in which batches cross into JavaScript.

use arrow_array::RecordBatch;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::Schema;

use crate::error::Result;

/// Writes one batch as a complete Arrow IPC stream (schema, batch, end
/// marker). arrow-rs pads every buffer to 64 bytes, so a reader can view the
/// columns in place without copying.
pub fn batch_to_ipc_stream(batch: &RecordBatch) -> Result<Vec<u8>> {
    let mut writer = StreamWriter::try_new(Vec::new(), batch.schema_ref())?;
    writer.write(batch)?;
    writer.finish()?;
    Ok(writer.into_inner()?)
}

/// Writes batches of one schema as one Arrow IPC stream (none: the schema
/// alone, which reads as an empty table).
pub fn batches_to_ipc_stream(schema: &Schema, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let mut writer = StreamWriter::try_new(Vec::new(), schema)?;
    for batch in batches {
        writer.write(batch)?;
    }
    writer.finish()?;
    Ok(writer.into_inner()?)
}
