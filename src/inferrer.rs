//! `SchemaInferrer`: learns a schema from every document it is shown.

use bson_arrow::SchemaInferrer as CoreInferrer;
use napi::bindgen_prelude::Uint32Array;
use napi_derive::napi;

use crate::error::{to_js_error, Code};
use crate::options::parse_options;
use crate::span::for_each_document;

/// Infers a schema over server batches or concatenated BSON.
#[napi]
pub struct SchemaInferrer {
    inner: CoreInferrer,
}

#[napi]
impl SchemaInferrer {
    /// `optionsJson` as for `BatchDecoder` (the conflict policy matters here).
    #[napi(constructor, catch_unwind)]
    pub fn new(options_json: Option<String>) -> napi::Result<Self, Code> {
        let options = parse_options(options_json.as_deref())?;
        Ok(Self {
            inner: CoreInferrer::new(options),
        })
    }

    /// Learns from the documents of `span` starting at `offsets`.
    #[napi(catch_unwind)]
    pub fn observe(&mut self, span: &[u8], offsets: Uint32Array) -> napi::Result<u32, Code> {
        let inner = &mut self.inner;
        for_each_document(span, &offsets, |doc, at| inner.observe_document(doc, at))
            .map_err(to_js_error)
    }

    /// Learns from concatenated BSON documents.
    #[napi(catch_unwind)]
    pub fn observe_concatenated(&mut self, bytes: &[u8]) -> napi::Result<u32, Code> {
        let count = self
            .inner
            .observe_concatenated(bytes)
            .map_err(to_js_error)?;
        Ok(count.min(u32::MAX as usize) as u32)
    }

    /// Documents observed so far.
    #[napi(getter)]
    pub fn documents_seen(&self) -> f64 {
        self.inner.documents_seen() as f64
    }

    /// The schema of everything observed so far, in the JSON form `BatchDecoder` reads.
    #[napi(catch_unwind)]
    pub fn schema_json(&self) -> String {
        self.inner.schema().to_json()
    }
}
