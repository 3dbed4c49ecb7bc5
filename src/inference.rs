//! `Inference`: learns a schema from the documents of a read (or of a
//! sample of it), in the same input forms a `Reader` takes.

use bson_arrow::Inference as CoreInference;
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;

use crate::error::{Code, Failure};
use crate::input::{document_count, BsonInput};
use crate::options::DecoderOptions;
use crate::outcome::{split, InferOutcome};
use crate::schema::NativeSchema;
use crate::shared::{lock, pool_task, shared, PoolTask, Shared};

/// Infers a schema over every document pushed.
#[napi]
pub struct Inference {
    inner: Shared<CoreInference>,
}

#[napi]
impl Inference {
    /// `conflicts` decides what a field of several types becomes.
    #[napi(constructor, catch_unwind)]
    pub fn new(options: Option<DecoderOptions>) -> napi::Result<Self, Code> {
        let options = options.unwrap_or_default().to_core()?;
        Ok(Self {
            inner: shared(CoreInference::new(options)),
        })
    }

    /// Learns from at most `limit` documents of `input` (all by default) on
    /// the libuv pool.
    #[napi(ts_return_type = "Promise<InferOutcome>")]
    pub fn push_async(
        &self,
        input: BsonInput,
        limit: Option<u32>,
    ) -> AsyncTask<PoolTask<u32, InferOutcome>> {
        let inference = self.inner.clone();
        pool_task(
            move || {
                let limit = limit.map_or(usize::MAX, |l| l as usize);
                document_count(lock(&inference)?.push(input.as_input()?, limit)?)
            },
            |result| {
                let (documents, failure) = split(result);
                InferOutcome {
                    documents: documents.unwrap_or(0),
                    failure,
                }
            },
        )
    }

    /// The schema of everything pushed. `complete`: the input was pushed to
    /// its end, so a document cut off there is an `INVALID_BSON` error.
    #[napi(catch_unwind)]
    pub fn finish(&self, complete: bool) -> napi::Result<NativeSchema, Code> {
        let spec = lock(&self.inner)?.finish(complete).map_err(Failure::from)?;
        Ok(NativeSchema::from_spec(spec))
    }
}
