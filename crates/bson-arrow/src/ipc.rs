//! Arrow IPC stream encoding: the form in which batches cross into JavaScript.

use arrow_array::RecordBatch;
use arrow_ipc::writer::StreamWriter;
use arrow_schema::Schema;

use arrow_ipc::convert::try_fb_to_schema;
use arrow_ipc::root_as_message_with_opts;
use flatbuffers::VerifierOptions;

use crate::error::{Error, Result};
use crate::limits::MAX_NESTING_DEPTH;

/// Writes one batch as a complete Arrow IPC stream (schema, batch, end
/// marker). arrow-rs pads every buffer to 64 bytes, so a reader can view the
/// columns in place without copying.
pub fn batch_to_ipc_stream(batch: &RecordBatch) -> Result<Vec<u8>> {
    batches_to_ipc_stream(batch.schema_ref(), std::slice::from_ref(batch))
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

/// Writes each batch as its own Arrow IPC stream, on up to `threads`
/// threads. Writing copies every buffer once, at memory speed (about a
/// fifth of the decoding time of a batch of numbers), so a read decoded on
/// several threads writes on them too, instead of after them on one.
pub fn batches_to_ipc_streams(batches: &[RecordBatch], threads: usize) -> Result<Vec<Vec<u8>>> {
    let threads = threads.clamp(1, batches.len().max(1));
    if threads == 1 {
        return batches.iter().map(batch_to_ipc_stream).collect();
    }
    let per_thread = batches.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batches
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(|| {
                    chunk
                        .iter()
                        .map(batch_to_ipc_stream)
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        let mut streams = Vec::with_capacity(batches.len());
        for handle in handles {
            match handle.join() {
                Ok(written) => streams.extend(written?),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(streams)
    })
}

/// The schema of an Arrow IPC stream: its first message, read with a
/// flatbuffers verifier deep enough for a schema of [`MAX_NESTING_DEPTH`]
/// levels (arrow-ipc's own reader stops at 64 tables, about 20 levels).
pub fn schema_of_ipc_stream(bytes: &[u8]) -> Result<Schema> {
    let invalid = |why: &str| Error::Arrow(format!("not an Arrow IPC stream: {why}"));
    let word = |at: usize| -> Result<i32> {
        let b = bytes
            .get(at..at + 4)
            .ok_or_else(|| invalid("it ends before its first message"))?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    // A stream's messages start with a continuation marker (-1) since format 0.15.
    let start = if word(0)? == -1 { 4 } else { 0 };
    let length = usize::try_from(word(start)?).map_err(|_| invalid("a negative length"))?;
    let message = bytes
        .get(start + 4..start + 4 + length)
        .ok_or_else(|| invalid("its first message is cut off"))?;
    let options = VerifierOptions {
        max_depth: 8 * MAX_NESTING_DEPTH + 64,
        ..VerifierOptions::default()
    };
    let message =
        root_as_message_with_opts(&options, message).map_err(|e| invalid(&e.to_string()))?;
    let schema = message
        .header_as_schema()
        .ok_or_else(|| invalid("its first message is not a schema"))?;
    Ok(try_fb_to_schema(schema)?)
}

/// The record batches of an Arrow IPC stream, for the write path. The
/// schema message is read by [`schema_of_ipc_stream`] first, so that a deep
/// schema fails with the same error as anywhere else; arrow-ipc's reader
/// then decodes the batches (its flatbuffers verifier limits the depth of a
/// schema to about 20 levels, a limit the encoder inherits).
pub fn batches_of_ipc_stream(bytes: &[u8]) -> Result<Vec<RecordBatch>> {
    schema_of_ipc_stream(bytes)?;
    let reader = arrow_ipc::reader::StreamReader::try_new(bytes, None)?;
    Ok(reader.collect::<std::result::Result<Vec<_>, _>>()?)
}
