//! `ParquetReader`: reads a Parquet file back as Arrow record batches, one
//! per `nextAsync` on the libuv pool, each handed over as an IPC stream.

use std::fs::File;

use arrow_schema::SchemaRef;
use bson_arrow::batch_to_ipc_stream;
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi_derive::napi;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use crate::error::Failure;
use crate::outcome::{split, NativeFailure};
use crate::shared::{lock, pool_task, shared, PoolTask, Shared};

enum State {
    /// Opened on the pool at the first `nextAsync`: opening reads the footer.
    Unopened {
        path: String,
        rows: usize,
    },
    /// With the file's schema: its batches carry only the fields, not the
    /// schema's metadata (the footer's key/value pairs).
    Open(ParquetRecordBatchReader, SchemaRef),
    Done,
}

/// Reads one Parquet file.
#[napi]
pub struct ParquetReader {
    inner: Shared<State>,
}

/// The outcome of `nextAsync`: the next batch as an Arrow IPC stream
/// (absent at the end), or a failure.
#[napi(object)]
pub struct ReadOutcome {
    pub ipc: Option<Buffer>,
    pub failure: Option<NativeFailure>,
}

fn io_failure(path: &str, err: std::io::Error) -> Failure {
    Failure {
        code: "IO_ERROR",
        message: format!("cannot open {path}: {err}"),
        conflict: None,
    }
}

fn parquet_failure(err: impl std::fmt::Display) -> Failure {
    Failure {
        code: "PARQUET_ERROR",
        message: err.to_string(),
        conflict: None,
    }
}

fn next(state: &mut State) -> Result<Option<Vec<u8>>, Failure> {
    if let State::Unopened { path, rows } = state {
        let file = File::open(&*path).map_err(|e| io_failure(path, e))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(parquet_failure)?;
        let schema = builder.schema().clone();
        let reader = builder
            .with_batch_size(*rows)
            .build()
            .map_err(parquet_failure)?;
        *state = State::Open(reader, schema);
    }
    let State::Open(reader, schema) = state else {
        return Ok(None);
    };
    match reader.next() {
        Some(batch) => {
            let batch = batch
                .and_then(|b| b.with_schema(schema.clone()))
                .map_err(parquet_failure)?;
            Ok(Some(batch_to_ipc_stream(&batch)?))
        }
        None => {
            *state = State::Done;
            Ok(None)
        }
    }
}

#[napi]
impl ParquetReader {
    /// `rowsPerBatch`: rows per record batch (default 65,536).
    #[napi(constructor)]
    pub fn new(path: String, rows_per_batch: Option<u32>) -> Self {
        let rows = rows_per_batch.map_or(bson_arrow::DEFAULT_ROWS_PER_BATCH, |r| r.max(1) as usize);
        Self {
            inner: shared(State::Unopened { path, rows }),
        }
    }

    /// The next record batch, decoded on the libuv pool.
    #[napi(ts_return_type = "Promise<ReadOutcome>")]
    pub fn next_async(&self) -> AsyncTask<PoolTask<Option<Vec<u8>>, ReadOutcome>> {
        let inner = self.inner.clone();
        pool_task(
            move || next(&mut *lock(&inner)?),
            |result| {
                let (ipc, failure) = split(result);
                ReadOutcome {
                    ipc: ipc.flatten().map(Buffer::from),
                    failure,
                }
            },
        )
    }
}
