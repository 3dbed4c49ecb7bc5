//! `SchemaInferrer`: learns a schema from every document it is shown.

use std::sync::{Arc, Mutex};

use bson_arrow::SchemaInferrer as CoreInferrer;
use napi::bindgen_prelude::{AsyncTask, Uint32Array, Uint8Array};
use napi_derive::napi;

use crate::error::Code;
use crate::input::{lock, run, task, BatchInput, FeedTask, Shared};
use crate::options::parse_options;

/// Infers a schema over server batches or concatenated BSON. The `*Async`
/// methods run on the libuv thread pool, as `BatchDecoder`'s do.
#[napi]
pub struct SchemaInferrer {
    inner: Shared<CoreInferrer>,
}

#[napi]
impl SchemaInferrer {
    /// `optionsJson` as for `BatchDecoder` (the conflict policy matters here).
    #[napi(constructor, catch_unwind)]
    pub fn new(options_json: Option<String>) -> napi::Result<Self, Code> {
        let options = parse_options(options_json.as_deref())?;
        Ok(Self {
            inner: Arc::new(Mutex::new(CoreInferrer::new(options))),
        })
    }

    /// Learns from the documents of `span` starting at `offsets`.
    #[napi(catch_unwind)]
    pub fn observe(&self, span: Uint8Array, offsets: Uint32Array) -> napi::Result<u32, Code> {
        run(&self.inner, BatchInput::Span(span, offsets))
    }

    /// Like `observe`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn observe_async(
        &self,
        span: Uint8Array,
        offsets: Uint32Array,
    ) -> AsyncTask<FeedTask<CoreInferrer>> {
        task(&self.inner, BatchInput::Span(span, offsets))
    }

    /// Learns from `count` documents of a server reply's batch array after its first `skip`.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn observe_batch_array_async(
        &self,
        array: Uint8Array,
        skip: u32,
        count: u32,
    ) -> AsyncTask<FeedTask<CoreInferrer>> {
        task(&self.inner, BatchInput::BatchArray(array, skip, count))
    }

    /// Learns from concatenated BSON documents.
    #[napi(catch_unwind)]
    pub fn observe_concatenated(&self, bytes: Uint8Array) -> napi::Result<u32, Code> {
        run(&self.inner, BatchInput::Concatenated(bytes))
    }

    /// Documents observed so far.
    #[napi(getter)]
    pub fn documents_seen(&self) -> napi::Result<f64, Code> {
        Ok(lock(&self.inner)?.documents_seen() as f64)
    }

    /// The schema of everything observed so far, in the JSON form `BatchDecoder` reads.
    #[napi(catch_unwind)]
    pub fn schema_json(&self) -> napi::Result<String, Code> {
        Ok(lock(&self.inner)?.schema().to_json())
    }
}
