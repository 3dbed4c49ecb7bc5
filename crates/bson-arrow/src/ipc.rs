//! Arrow IPC stream encoding: the form in which batches cross into JavaScript.

use arrow_array::RecordBatch;
use arrow_ipc::writer::StreamWriter;

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
