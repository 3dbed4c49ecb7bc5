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

/// The counts of one field (the core's `FieldCounts`): flat, with a path,
/// because napi converts nested values only 128 levels deep.
#[napi(object)]
pub struct NativeFieldCounts {
    /// The field's name after those of the fields it is inside.
    pub path: Vec<String>,
    /// Documents in which the field appears, null or not.
    pub documents: f64,
    /// Of those, documents in which it is null.
    pub nulls: f64,
    /// Values of a type that cannot share a column with the field's most common type.
    pub conflicts: f64,
}

/// The core's `SchemaCounts`: documents observed and every field's counts.
#[napi(object)]
pub struct NativeSchemaCounts {
    pub documents: f64,
    pub fields: Vec<NativeFieldCounts>,
}

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

    /// The field counts of everything pushed, depth first in schema order.
    #[napi(catch_unwind)]
    pub fn counts(&self) -> napi::Result<NativeSchemaCounts, Code> {
        let counts = lock(&self.inner)?.counts();
        Ok(NativeSchemaCounts {
            documents: counts.documents as f64,
            fields: counts
                .fields
                .into_iter()
                .map(|f| NativeFieldCounts {
                    path: f.path,
                    documents: f.documents as f64,
                    nulls: f.nulls as f64,
                    conflicts: f.conflicts as f64,
                })
                .collect(),
        })
    }

    /// The schema of everything pushed. `complete`: the input was pushed to
    /// its end, so a document cut off there is an `INVALID_BSON` error.
    #[napi(catch_unwind)]
    pub fn finish(&self, complete: bool) -> napi::Result<NativeSchema, Code> {
        let spec = lock(&self.inner)?.finish(complete).map_err(Failure::from)?;
        Ok(NativeSchema::from_spec(spec))
    }
}
