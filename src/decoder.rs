//! `BatchDecoder`: one instance per query, fed one server batch per call.
//!
//! The core decoder sits behind a mutex so that `decodeAsync` can run it on
//! the libuv thread pool while JavaScript awaits the next getMore; calls are
//! serialized by the TypeScript layer, so the lock is never contended there.

use std::sync::{Arc, Mutex};

use bson_arrow::{batch_to_ipc_stream, Decoder, SchemaSpec};
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint32Array, Uint8Array};
use napi::{Env, Task};
use napi_derive::napi;

use crate::error::{catch_panic, to_js_error, Code, Failure};
use crate::input::{lock, run, task, BatchInput, FeedTask, Shared};
use crate::options::parse_options;
use crate::outcome::{FlushOutcome, NativeReport, SkippedField};

fn flush_to_ipc(decoder: &Shared<Decoder>) -> Result<Option<Vec<u8>>, Failure> {
    let batch = lock(decoder)?.flush()?;
    Ok(batch.map(|b| batch_to_ipc_stream(&b)).transpose()?)
}

/// Decodes BSON documents into Arrow record batches for one schema.
#[napi]
pub struct BatchDecoder {
    inner: Shared<Decoder>,
}

#[napi]
impl BatchDecoder {
    /// `schemaJson` is `{"fields":[{"name":"price","type":"double"}, ...]}`;
    /// `optionsJson` is `{"conflictPolicy":"error"|"null"|"string", ...}`.
    #[napi(constructor, catch_unwind)]
    pub fn new(schema_json: String, options_json: Option<String>) -> napi::Result<Self, Code> {
        let spec = SchemaSpec::from_json(&schema_json).map_err(to_js_error)?;
        let options = parse_options(options_json.as_deref())?;
        Ok(Self {
            inner: Arc::new(Mutex::new(Decoder::with_options(spec, options))),
        })
    }

    /// Decodes documents on the calling thread. `span` holds them all (the
    /// driver's raw documents are views of one reply buffer); `offsets[i]`
    /// is where document `i` starts in `span`.
    #[napi(catch_unwind)]
    pub fn decode(&self, span: Uint8Array, offsets: Uint32Array) -> napi::Result<u32, Code> {
        run(&self.inner, BatchInput::Span(span, offsets))
    }

    /// Like `decode`, on the libuv thread pool, so the event loop stays free.
    /// The span must not be modified until the promise settles.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn decode_async(
        &self,
        span: Uint8Array,
        offsets: Uint32Array,
    ) -> AsyncTask<FeedTask<Decoder>> {
        task(&self.inner, BatchInput::Span(span, offsets))
    }

    /// Decodes the documents of a server reply's batch array (the BSON
    /// array `cursor.firstBatch`/`nextBatch`, length prefix through
    /// terminator): the `count` documents after the first `skip`.
    #[napi(catch_unwind)]
    pub fn decode_batch_array(
        &self,
        array: Uint8Array,
        skip: u32,
        count: u32,
    ) -> napi::Result<u32, Code> {
        run(&self.inner, BatchInput::BatchArray(array, skip, count))
    }

    /// Like `decodeBatchArray`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn decode_batch_array_async(
        &self,
        array: Uint8Array,
        skip: u32,
        count: u32,
    ) -> AsyncTask<FeedTask<Decoder>> {
        task(&self.inner, BatchInput::BatchArray(array, skip, count))
    }

    /// Decodes concatenated BSON documents (such as a `.bson` file's bytes).
    #[napi(catch_unwind)]
    pub fn decode_concatenated(&self, bytes: Uint8Array) -> napi::Result<u32, Code> {
        run(&self.inner, BatchInput::Concatenated(bytes))
    }

    /// Like `decodeConcatenated`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn decode_concatenated_async(&self, bytes: Uint8Array) -> AsyncTask<FeedTask<Decoder>> {
        task(&self.inner, BatchInput::Concatenated(bytes))
    }

    /// Rows decoded and not yet flushed.
    #[napi(getter)]
    pub fn buffered_rows(&self) -> napi::Result<u32, Code> {
        Ok(lock(&self.inner)?.buffered_rows() as u32)
    }

    /// Bytes of BSON decoded and not yet flushed.
    #[napi(getter)]
    pub fn buffered_bytes(&self) -> napi::Result<f64, Code> {
        Ok(lock(&self.inner)?.buffered_bytes() as f64)
    }

    /// Top-level fields that documents had and the schema does not name, with
    /// the number of documents that had each.
    #[napi(getter)]
    pub fn skipped_fields(&self) -> napi::Result<Vec<SkippedField>, Code> {
        let decoder = lock(&self.inner)?;
        Ok(decoder
            .skipped_fields()
            .into_iter()
            .map(|(name, count)| SkippedField {
                name,
                documents: count as f64,
            })
            .collect())
    }

    /// What the read did besides storing values as they were: conversions
    /// by column and the fields the schema dropped, for the batches flushed
    /// so far (call it after the last flush).
    #[napi(catch_unwind)]
    pub fn report(&self) -> napi::Result<NativeReport, Code> {
        Ok(lock(&self.inner)?.report().into())
    }

    /// Values stored as null or text under a non-`error` conflict policy.
    #[napi(getter)]
    pub fn conflicts(&self) -> napi::Result<f64, Code> {
        Ok(lock(&self.inner)?.conflicts() as f64)
    }

    /// Takes the buffered rows as an Arrow IPC stream, or `null` when there are
    /// none. The returned Buffer owns the Rust allocation: no copy is made.
    #[napi(catch_unwind)]
    pub fn flush(&mut self) -> napi::Result<Option<Buffer>, Code> {
        Ok(flush_to_ipc(&self.inner)?.map(Buffer::from))
    }

    /// Like `flush`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<FlushOutcome>")]
    pub fn flush_async(&self) -> AsyncTask<FlushTask> {
        AsyncTask::new(FlushTask {
            decoder: self.inner.clone(),
        })
    }

    /// The Arrow schema as an IPC stream with no batches, for empty results.
    #[napi(catch_unwind)]
    pub fn empty_ipc(&self) -> napi::Result<Buffer, Code> {
        let batch = arrow_array::RecordBatch::new_empty(lock(&self.inner)?.schema());
        let bytes = batch_to_ipc_stream(&batch).map_err(to_js_error)?;
        Ok(Buffer::from(bytes))
    }
}

pub struct FlushTask {
    decoder: Shared<Decoder>,
}

impl Task for FlushTask {
    type Output = Result<Option<Vec<u8>>, Failure>;
    type JsValue = FlushOutcome;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(catch_panic(|| flush_to_ipc(&self.decoder)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(match output {
            Ok(ipc) => FlushOutcome {
                ipc: ipc.map(Buffer::from),
                failure: None,
            },
            Err(failure) => FlushOutcome {
                ipc: None,
                failure: Some(failure.into()),
            },
        })
    }
}
