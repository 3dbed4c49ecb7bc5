//! `BatchDecoder`: one instance per query, fed one server batch per call.

use bson_arrow::{batch_to_ipc_stream, document_length_at, Decoder, SchemaSpec};
use napi::bindgen_prelude::{Buffer, Uint32Array};
use napi_derive::napi;

use crate::error::{invalid_argument, to_js_error};

use napi::Result;

/// Errors carry the core's stable code (`TYPE_CONFLICT`, ...) as their status.
type Code = &'static str;

/// Decodes BSON documents into Arrow record batches for one schema.
#[napi]
pub struct BatchDecoder {
    inner: Decoder,
}

#[napi]
impl BatchDecoder {
    /// `schemaJson` is `{"fields":[{"name":"price","type":"double"}, ...]}`.
    #[napi(constructor, catch_unwind)]
    pub fn new(schema_json: String) -> Result<Self, Code> {
        let spec = SchemaSpec::from_json(&schema_json).map_err(to_js_error)?;
        Ok(Self {
            inner: Decoder::new(spec),
        })
    }

    /// Decodes the documents of one server batch. `span` holds them all (the
    /// driver's raw documents are views of one reply buffer); `offsets[i]` is
    /// where document `i` starts in `span`. Returns the number decoded.
    #[napi(catch_unwind)]
    pub fn decode(&mut self, span: &[u8], offsets: Uint32Array) -> Result<u32, Code> {
        for &start in offsets.iter() {
            let start = start as usize;
            let length = document_length_at(span, start).map_err(to_js_error)?;
            self.inner
                .decode_document(&span[start..start + length], start)
                .map_err(to_js_error)?;
        }
        Ok(offsets.len() as u32)
    }

    /// Decodes concatenated BSON documents (such as a `.bson` file's bytes).
    #[napi(catch_unwind)]
    pub fn decode_concatenated(&mut self, bytes: &[u8]) -> Result<u32, Code> {
        let count = self.inner.decode_concatenated(bytes).map_err(to_js_error)?;
        u32::try_from(count).map_err(|_| invalid_argument("more than 2^32 documents in one call"))
    }

    /// Rows decoded and not yet flushed.
    #[napi(getter)]
    pub fn buffered_rows(&self) -> u32 {
        self.inner.buffered_rows() as u32
    }

    /// Takes the buffered rows as an Arrow IPC stream, or `null` when there are
    /// none. The returned Buffer owns the Rust allocation: no copy is made.
    #[napi(catch_unwind)]
    pub fn flush(&mut self) -> Result<Option<Buffer>, Code> {
        let Some(batch) = self.inner.flush().map_err(to_js_error)? else {
            return Ok(None);
        };
        let bytes = batch_to_ipc_stream(&batch).map_err(to_js_error)?;
        Ok(Some(Buffer::from(bytes)))
    }

    /// The Arrow schema as an IPC stream with no batches, for empty results.
    #[napi(catch_unwind)]
    pub fn empty_ipc(&self) -> Result<Buffer, Code> {
        let batch = arrow_array::RecordBatch::new_empty(self.inner.schema());
        let bytes = batch_to_ipc_stream(&batch).map_err(to_js_error)?;
        Ok(Buffer::from(bytes))
    }
}
