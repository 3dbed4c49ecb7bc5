//! `BatchDecoder`: one instance per query, fed one server batch per call.
//!
//! The core decoder sits behind a mutex so that `decodeAsync` can run it on
//! the libuv thread pool while JavaScript awaits the next getMore; calls are
//! serialized by the TypeScript layer, so the lock is never contended there.

use std::sync::{Arc, Mutex, MutexGuard};

use bson_arrow::{batch_to_ipc_stream, Decoder, SchemaSpec};
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint32Array, Uint8Array};
use napi::{Env, Task};
use napi_derive::napi;

use crate::error::{catch_panic, invalid_argument, to_js_error, Code, Failure};
use crate::options::parse_options;
use crate::outcome::{DecodeOutcome, FlushOutcome, SkippedField};
use crate::span::for_each_document;

type SharedDecoder = Arc<Mutex<Decoder>>;

/// A panic while decoding poisons the lock and may have left a row half
/// written, so a poisoned decoder refuses all further work.
fn lock(decoder: &SharedDecoder) -> Result<MutexGuard<'_, Decoder>, Failure> {
    decoder
        .lock()
        .map_err(|_| Failure::internal("the decoder is unusable after an internal error"))
}

fn flush_to_ipc(decoder: &SharedDecoder) -> Result<Option<Vec<u8>>, Failure> {
    let batch = lock(decoder)?.flush()?;
    Ok(batch.map(|b| batch_to_ipc_stream(&b)).transpose()?)
}

fn decode_input(decoder: &SharedDecoder, input: &DecodeInput) -> Result<u32, Failure> {
    let mut decoder = lock(decoder)?;
    Ok(match input {
        DecodeInput::Span(span, offsets) => {
            for_each_document(span, offsets, |doc, at| decoder.decode_document(doc, at))?
        }
        DecodeInput::Concatenated(bytes) => {
            decoder.decode_concatenated(bytes)?.min(u32::MAX as usize) as u32
        }
    })
}

/// Decodes BSON documents into Arrow record batches for one schema.
#[napi]
pub struct BatchDecoder {
    inner: SharedDecoder,
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

    /// Decodes the documents of one server batch on the calling thread.
    /// `span` holds them all (the driver's raw documents are views of one
    /// reply buffer); `offsets[i]` is where document `i` starts in `span`.
    #[napi(catch_unwind)]
    pub fn decode(&mut self, span: &[u8], offsets: Uint32Array) -> napi::Result<u32, Code> {
        let mut decoder = lock(&self.inner)?;
        let count = for_each_document(span, &offsets, |doc, at| decoder.decode_document(doc, at));
        Ok(count.map_err(Failure::from)?)
    }

    /// Like `decode`, on the libuv thread pool, so the event loop stays free.
    /// The span must not be modified until the promise settles.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn decode_async(&self, span: Uint8Array, offsets: Uint32Array) -> AsyncTask<DecodeTask> {
        AsyncTask::new(DecodeTask {
            decoder: self.inner.clone(),
            input: DecodeInput::Span(span, offsets),
        })
    }

    /// Decodes concatenated BSON documents (such as a `.bson` file's bytes).
    #[napi(catch_unwind)]
    pub fn decode_concatenated(&mut self, bytes: &[u8]) -> napi::Result<u32, Code> {
        let count = lock(&self.inner)?
            .decode_concatenated(bytes)
            .map_err(Failure::from)?;
        u32::try_from(count).map_err(|_| invalid_argument("more than 2^32 documents in one call"))
    }

    /// Like `decodeConcatenated`, on the libuv thread pool.
    #[napi(catch_unwind, ts_return_type = "Promise<DecodeOutcome>")]
    pub fn decode_concatenated_async(&self, bytes: Uint8Array) -> AsyncTask<DecodeTask> {
        AsyncTask::new(DecodeTask {
            decoder: self.inner.clone(),
            input: DecodeInput::Concatenated(bytes),
        })
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

pub enum DecodeInput {
    Span(Uint8Array, Uint32Array),
    Concatenated(Uint8Array),
}

pub struct DecodeTask {
    decoder: SharedDecoder,
    input: DecodeInput,
}

impl Task for DecodeTask {
    type Output = Result<u32, Failure>;
    type JsValue = DecodeOutcome;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // A panic must not unwind into libuv's worker thread.
        Ok(catch_panic(|| decode_input(&self.decoder, &self.input)))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(match output {
            Ok(documents) => DecodeOutcome {
                documents,
                failure: None,
            },
            Err(failure) => DecodeOutcome {
                documents: 0,
                failure: Some(failure.into()),
            },
        })
    }
}

pub struct FlushTask {
    decoder: SharedDecoder,
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
