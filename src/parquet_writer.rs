//! `ParquetWriter`: one per written file. JavaScript pushes each record
//! batch as an Arrow IPC stream (`writeAsync`), the batch is encoded into the
//! open row group on the libuv pool, and the file bytes finished so far come
//! back for JavaScript to write out; `finishAsync` returns the last row group
//! and the footer. Memory is bounded by one row group, never the file.

use std::collections::HashMap;
use std::io::Cursor;

use arrow_ipc::reader::StreamReader;
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint8Array};
use napi_derive::napi;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, GzipLevel, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};

use crate::error::{Code, Failure};
use crate::outcome::{split, NativeFailure};
use crate::shared::{lock, pool_task, shared, PoolTask, Shared};

/// A row group is cut at this many encoded bytes even before `rowGroupRows`,
/// so that wide documents do not hold a million rows in memory.
const MAX_ROW_GROUP_BYTES: usize = 128 << 20;
/// DuckDB's row group size: large enough for good compression and statistics.
const DEFAULT_ROW_GROUP_ROWS: u32 = 122_880;

/// How the file is written; every field is optional.
#[napi(object)]
#[derive(Default)]
pub struct ParquetWriterOptions {
    #[napi(ts_type = "'zstd' | 'snappy' | 'gzip' | 'none'")]
    pub compression: Option<String>,
    /// Rows per row group (default 122,880).
    pub row_group_rows: Option<u32>,
    /// Min/max/null-count statistics per page and row group (default true).
    pub statistics: Option<bool>,
    /// Key/value metadata of the file footer.
    pub metadata: Option<HashMap<String, String>>,
}

impl ParquetWriterOptions {
    fn properties(self) -> Result<WriterProperties, Failure> {
        let compression = match self.compression.as_deref() {
            None | Some("zstd") => Compression::ZSTD(ZstdLevel::default()),
            Some("snappy") => Compression::SNAPPY,
            Some("gzip") => Compression::GZIP(GzipLevel::default()),
            Some("none") => Compression::UNCOMPRESSED,
            Some(other) => {
                return Err(Failure::invalid_argument(format!(
                    "option 'compression' must be 'zstd', 'snappy', 'gzip' or 'none', got {other:?}"
                )))
            }
        };
        let rows = self.row_group_rows.unwrap_or(DEFAULT_ROW_GROUP_ROWS);
        if rows == 0 {
            return Err(Failure::invalid_argument(
                "option 'rowGroupRows' must be a positive integer",
            ));
        }
        let statistics = if self.statistics.unwrap_or(true) {
            EnabledStatistics::Page
        } else {
            EnabledStatistics::None
        };
        // Sorted: a HashMap's order would make equal exports differ byte by byte.
        let mut metadata: Vec<KeyValue> = self
            .metadata
            .unwrap_or_default()
            .into_iter()
            .map(|(key, value)| KeyValue::new(key, value))
            .collect();
        metadata.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(WriterProperties::builder()
            .set_compression(compression)
            .set_max_row_group_row_count(Some(rows as usize))
            .set_max_row_group_bytes(Some(MAX_ROW_GROUP_BYTES))
            .set_statistics_enabled(statistics)
            .set_key_value_metadata((!metadata.is_empty()).then_some(metadata))
            .set_created_by(format!("mongodb-arrow {}", env!("CARGO_PKG_VERSION")))
            .build())
    }
}

/// Writes one Parquet file from Arrow record batches of one schema.
#[napi]
pub struct ParquetWriter {
    inner: Shared<Option<ArrowWriter<Vec<u8>>>>,
}

/// The outcome of `writeAsync`/`finishAsync`: file bytes to append (maybe
/// empty), or a failure.
#[napi(object)]
pub struct WriteOutcome {
    pub bytes: Option<Buffer>,
    pub failure: Option<NativeFailure>,
}

fn parquet_failure(err: parquet::errors::ParquetError) -> Failure {
    Failure {
        code: "PARQUET_ERROR",
        message: err.to_string(),
        conflict: None,
    }
}

fn arrow_failure(err: arrow_schema::ArrowError) -> Failure {
    Failure {
        code: "ARROW_ERROR",
        message: err.to_string(),
        conflict: None,
    }
}

/// The bytes the writer has finished. `sync` empties parquet's buffer into
/// our Vec; taking them out does not disturb the file's offsets, which
/// parquet counts itself as it writes.
fn drain(writer: &mut ArrowWriter<Vec<u8>>) -> Result<Vec<u8>, Failure> {
    writer
        .sync()
        .map_err(|e| parquet_failure(parquet::errors::ParquetError::External(Box::new(e))))?;
    Ok(std::mem::take(writer.inner_mut()))
}

fn outcome(result: Result<Vec<u8>, Failure>) -> WriteOutcome {
    let (bytes, failure) = split(result);
    WriteOutcome {
        bytes: bytes.map(Buffer::from),
        failure,
    }
}

#[napi]
impl ParquetWriter {
    /// `schema`: an Arrow IPC stream whose schema (with its field metadata)
    /// every batch has. Throws `INVALID_ARGUMENT` for a bad option.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        schema: Uint8Array,
        options: Option<ParquetWriterOptions>,
    ) -> napi::Result<Self, Code> {
        let properties = options.unwrap_or_default().properties()?;
        let schema = bson_arrow::schema_of_ipc_stream(&schema).map_err(Failure::from)?;
        let writer = ArrowWriter::try_new(Vec::new(), schema.into(), Some(properties))
            .map_err(parquet_failure)?;
        Ok(Self {
            inner: shared(Some(writer)),
        })
    }

    /// Encodes the batches of one Arrow IPC stream on the libuv pool; returns
    /// the file bytes finished meanwhile (row groups that filled up).
    #[napi(ts_return_type = "Promise<WriteOutcome>")]
    pub fn write_async(&self, ipc: Uint8Array) -> AsyncTask<PoolTask<Vec<u8>, WriteOutcome>> {
        let inner = self.inner.clone();
        pool_task(
            move || {
                let mut guard = lock(&inner)?;
                let writer = guard
                    .as_mut()
                    .ok_or_else(|| Failure::invalid_argument("the Parquet writer is finished"))?;
                let reader =
                    StreamReader::try_new(Cursor::new(&*ipc), None).map_err(arrow_failure)?;
                for batch in reader {
                    writer
                        .write(&batch.map_err(arrow_failure)?)
                        .map_err(parquet_failure)?;
                }
                drain(writer)
            },
            outcome,
        )
    }

    /// Ends the file on the libuv pool: the last row group and the footer.
    #[napi(ts_return_type = "Promise<WriteOutcome>")]
    pub fn finish_async(&self) -> AsyncTask<PoolTask<Vec<u8>, WriteOutcome>> {
        let inner = self.inner.clone();
        pool_task(
            move || {
                let mut writer = lock(&inner)?
                    .take()
                    .ok_or_else(|| Failure::invalid_argument("the Parquet writer is finished"))?;
                writer.finish().map_err(parquet_failure)?;
                drain(&mut writer)
            },
            outcome,
        )
    }
}
