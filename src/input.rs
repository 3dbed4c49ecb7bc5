//! The three forms a batch of BSON documents arrives in, and feeding one to
//! a decoder or a schema inferrer on the calling thread or the libuv pool.

use std::sync::{Arc, Mutex, MutexGuard};

use bson_arrow::{
    document_length_at, for_each_array_document, for_each_concatenated_document, Decoder,
    SchemaInferrer,
};
use napi::bindgen_prelude::{AsyncTask, Uint32Array, Uint8Array};
use napi::{Env, Task};

use crate::error::{catch_panic, Code, Failure};
use crate::outcome::DecodeOutcome;

/// One batch of documents as JavaScript hands it over.
pub enum BatchInput {
    /// Documents at `offsets` in one span (per-document views of a reply).
    Span(Uint8Array, Uint32Array),
    /// A reply's whole `firstBatch`/`nextBatch` array: `count` documents
    /// after the first `skip` (which the driver already handed out).
    BatchArray(Uint8Array, u32, u32),
    /// Concatenated documents, as in a `mongodump` `.bson` file.
    Concatenated(Uint8Array),
}

impl BatchInput {
    /// Calls `visit(document, offset)` for each document, in order.
    fn for_each_document(
        &self,
        mut visit: impl FnMut(&[u8], usize) -> bson_arrow::Result<()>,
    ) -> bson_arrow::Result<usize> {
        match self {
            Self::Span(span, offsets) => {
                for &start in offsets.iter() {
                    let start = start as usize;
                    let length = document_length_at(span, start)?;
                    visit(&span[start..start + length], start)?;
                }
                Ok(offsets.len())
            }
            Self::BatchArray(array, skip, count) => {
                for_each_array_document(array, *skip as usize, *count as usize, visit)
            }
            Self::Concatenated(bytes) => for_each_concatenated_document(bytes, visit),
        }
    }
}

/// What takes documents one at a time: the decoder or the schema inferrer.
pub trait DocumentSink: Send + 'static {
    fn accept(&mut self, document: &[u8], offset: usize) -> bson_arrow::Result<()>;
}

impl DocumentSink for Decoder {
    fn accept(&mut self, document: &[u8], offset: usize) -> bson_arrow::Result<()> {
        self.decode_document(document, offset)
    }
}

impl DocumentSink for SchemaInferrer {
    fn accept(&mut self, document: &[u8], offset: usize) -> bson_arrow::Result<()> {
        self.observe_document(document, offset)
    }
}

/// A sink shared between the JS thread and the libuv pool; the TypeScript
/// layer serializes calls, so the lock is never contended there.
pub type Shared<S> = Arc<Mutex<S>>;

/// A panic during work poisons the lock and may have left a row half
/// written, so a poisoned sink refuses all further work.
pub fn lock<S>(shared: &Shared<S>) -> Result<MutexGuard<'_, S>, Failure> {
    shared
        .lock()
        .map_err(|_| Failure::internal("unusable after an internal error"))
}

/// Feeds every document of `input` to the sink; returns how many there were.
fn feed<S: DocumentSink>(sink: &Shared<S>, input: &BatchInput) -> Result<u32, Failure> {
    let mut sink = lock(sink)?;
    let count = input.for_each_document(|doc, at| sink.accept(doc, at))?;
    u32::try_from(count).map_err(|_| Failure {
        code: "INVALID_ARGUMENT",
        message: "more than 2^32 documents in one call".into(),
        conflict: None,
    })
}

/// Feeds `input` to the sink on the calling thread, for a JS method.
pub fn run<S: DocumentSink>(sink: &Shared<S>, input: BatchInput) -> napi::Result<u32, Code> {
    Ok(feed(sink, &input)?)
}

/// Feeds `input` to the sink on the libuv thread pool, for a JS method.
pub fn task<S: DocumentSink>(sink: &Shared<S>, input: BatchInput) -> AsyncTask<FeedTask<S>> {
    AsyncTask::new(FeedTask {
        sink: sink.clone(),
        input,
    })
}

/// `feed` on the libuv thread pool. The input's memory must not be modified
/// until the promise settles.
pub struct FeedTask<S: DocumentSink> {
    pub sink: Shared<S>,
    pub input: BatchInput,
}

impl<S: DocumentSink> Task for FeedTask<S> {
    type Output = Result<u32, Failure>;
    type JsValue = DecodeOutcome;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        // A panic must not unwind into libuv's worker thread.
        Ok(catch_panic(|| feed(&self.sink, &self.input)))
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
