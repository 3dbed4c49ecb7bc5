//! `Reader`: one per read. Each server batch (or file chunk) is one
//! `pushAsync` on the libuv pool, which returns the record batches that
//! filled up; `finishAsync` returns the rest and the read's report.

use bson_arrow::{batches_to_ipc_stream, batches_to_ipc_streams, Reader as CoreReader};
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi_derive::napi;

use crate::error::{catch_panic, Code, Failure};
use crate::input::{document_count, BsonInput};
use crate::options::DecoderOptions;
use crate::outcome::{split, FinishOutcome, NativeReport, PushOutcome};
use crate::schema::NativeSchema;
use crate::shared::{lock, pool_task, shared, PoolTask, Shared};

/// Decodes one read into Arrow record batches of one schema.
#[napi]
pub struct Reader {
    inner: Shared<CoreReader>,
}

type Pushed = (u32, Vec<Vec<u8>>);
type Finished = (Option<Vec<u8>>, NativeReport);

#[napi]
impl Reader {
    /// Throws `INVALID_ARGUMENT` for a bad option.
    #[napi(constructor, catch_unwind)]
    pub fn new(schema: &NativeSchema, options: Option<DecoderOptions>) -> napi::Result<Self, Code> {
        let options = options.unwrap_or_default();
        let reader = CoreReader::new(
            schema.spec().clone(),
            options.to_core()?,
            options.rows_per_batch()?,
        )
        .with_threads(options.threads()?);
        Ok(Self {
            inner: shared(reader),
        })
    }

    /// Decodes one arrival of BSON on the libuv pool.
    #[napi(ts_return_type = "Promise<PushOutcome>")]
    pub fn push_async(&self, input: BsonInput) -> AsyncTask<PoolTask<Pushed, PushOutcome>> {
        let reader = self.inner.clone();
        pool_task(move || push(&reader, &input), push_outcome)
    }

    /// `pushAsync` on the calling thread, for input so small that the
    /// round trip to the libuv pool costs more than decoding it.
    #[napi(catch_unwind)]
    pub fn push(&self, input: BsonInput) -> PushOutcome {
        push_outcome(catch_panic(|| push(&self.inner, &input)))
    }

    /// Ends the read on the libuv pool: the last rows, and the report.
    #[napi(ts_return_type = "Promise<FinishOutcome>")]
    pub fn finish_async(&self) -> AsyncTask<PoolTask<Finished, FinishOutcome>> {
        let reader = self.inner.clone();
        pool_task(
            move || {
                let mut reader = lock(&reader)?;
                let last = reader.finish()?;
                let ipc = match last {
                    Some(batch) => Some(batches_to_ipc_stream(&reader.schema(), &[batch])?),
                    None => None,
                };
                Ok((ipc, reader.report().into()))
            },
            |result| {
                let (finished, failure) = split(result);
                let (ipc, report) = finished.map_or((None, None), |(ipc, r)| (ipc, Some(r)));
                FinishOutcome {
                    ipc: ipc.map(Buffer::from),
                    report,
                    failure,
                }
            },
        )
    }
}

fn push(reader: &Shared<CoreReader>, input: &BsonInput) -> Result<Pushed, Failure> {
    let mut reader = lock(reader)?;
    let pushed = reader.push(input.as_input()?)?;
    let documents = document_count(pushed.documents)?;
    // One stream per batch, so that the batches of a push decoded on several
    // threads are written on as many.
    let ipc = batches_to_ipc_streams(&pushed.batches, reader.threads())?;
    Ok((documents, ipc))
}

fn push_outcome(result: Result<Pushed, Failure>) -> PushOutcome {
    let (pushed, failure) = split(result);
    let (documents, ipc) = pushed.unwrap_or_default();
    PushOutcome {
        documents,
        ipc: ipc.into_iter().map(Buffer::from).collect(),
        failure,
    }
}
