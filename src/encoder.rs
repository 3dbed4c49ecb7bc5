//! `Encoder`: Arrow record batches → BSON documents, for the write path.
//! One `encodeAsync` per record batch (an Arrow IPC stream from
//! JavaScript) on the libuv pool; a row whose value cannot be written fails
//! alone, so the caller can send the others and report it.

use std::sync::Arc;

use bson_arrow::{batches_of_ipc_stream, encode_batch_rows, EncoderOptions, NullFields};
use napi::bindgen_prelude::{AsyncTask, Buffer, Uint32Array, Uint8Array};
use napi_derive::napi;

use crate::error::{Code, Failure};
use crate::outcome::{split, NativeFailure};
use crate::schema::NativeSchema;
use crate::shared::{pool_task, PoolTask};

/// How rows are written; every field is optional (the core's defaults).
#[napi(object)]
#[derive(Clone, Default)]
pub struct EncoderSettings {
    /// A null field: left out (`'omit'`, the default) or written as BSON null.
    #[napi(ts_type = "'omit' | 'null'")]
    pub nulls: Option<String>,
    /// Refuse datetimes a JavaScript `Date` cannot hold, for documents that
    /// JavaScript deserializes before the driver serializes them again.
    pub js_date_range: Option<bool>,
}

/// A row that could not be encoded.
#[napi(object)]
pub struct RowFailure {
    /// The row in the batch, from 0.
    pub row: u32,
    pub code: String,
    pub message: String,
}

/// The outcome of `Encoder.encodeAsync`: the documents, concatenated, with
/// `offsets` (one per row and the end; a failed row's span is empty), and
/// the rows that failed; or a failure of the whole batch.
#[napi(object)]
pub struct EncodeOutcome {
    pub bytes: Option<Buffer>,
    pub offsets: Option<Uint32Array>,
    pub row_failures: Vec<RowFailure>,
    pub failure: Option<NativeFailure>,
}

/// Encodes record batches of any schema with fixed options.
#[napi]
pub struct Encoder {
    options: Arc<EncoderOptions>,
}

type Encoded = (Vec<u8>, Vec<u32>, Vec<RowFailure>);

#[napi]
impl Encoder {
    /// BSON types from the Arrow types and field metadata alone. Throws
    /// `INVALID_ARGUMENT` for a bad setting.
    #[napi(constructor, catch_unwind)]
    pub fn new(settings: Option<EncoderSettings>) -> napi::Result<Self, Code> {
        Ok(Self::of(options_of(&settings.unwrap_or_default())?))
    }

    /// With the BSON types `schema` declares for the columns it names.
    #[napi(factory, catch_unwind)]
    pub fn with_schema(
        schema: &NativeSchema,
        settings: Option<EncoderSettings>,
    ) -> napi::Result<Self, Code> {
        let options = options_of(&settings.unwrap_or_default())?;
        Ok(Self::of(options.with_schema(schema.spec().clone())))
    }

    /// Encodes the record batches of one Arrow IPC stream on the libuv pool,
    /// rows numbered across them. `ipc` must not change until it settles.
    #[napi(ts_return_type = "Promise<EncodeOutcome>")]
    pub fn encode_async(&self, ipc: Uint8Array) -> AsyncTask<PoolTask<Encoded, EncodeOutcome>> {
        let options = self.options.clone();
        pool_task(move || encode(&ipc, &options), encode_outcome)
    }
}

impl Encoder {
    fn of(options: EncoderOptions) -> Self {
        Self {
            options: Arc::new(options),
        }
    }
}

fn options_of(settings: &EncoderSettings) -> Result<EncoderOptions, Failure> {
    let nulls = match settings.nulls.as_deref() {
        None | Some("omit") => NullFields::Omit,
        Some("null") => NullFields::Write,
        Some(other) => {
            return Err(Failure::invalid_argument(format!(
                "option 'nulls' must be 'omit' or 'null', got '{other}'"
            )))
        }
    };
    Ok(EncoderOptions::new()
        .with_null_fields(nulls)
        .with_js_date_range(settings.js_date_range == Some(true)))
}

fn encode(ipc: &[u8], options: &EncoderOptions) -> Result<Encoded, Failure> {
    let too_large =
        || Failure::invalid_argument("a record batch encodes to more than 4 GiB of BSON");
    let mut bytes = Vec::new();
    let mut offsets = vec![0u32];
    let mut failures = Vec::new();
    let mut first_row = 0usize;
    for batch in batches_of_ipc_stream(ipc)? {
        let encoded = encode_batch_rows(&batch, options)?;
        let base = bytes.len();
        bytes.extend_from_slice(&encoded.bytes);
        for end in &encoded.offsets[1..] {
            offsets.push(u32::try_from(base + end).map_err(|_| too_large())?);
        }
        for (row, error) in encoded.failures {
            failures.push(RowFailure {
                row: u32::try_from(first_row + row).map_err(|_| too_large())?,
                code: error.code().to_string(),
                message: error.to_string(),
            });
        }
        first_row += batch.num_rows();
    }
    Ok((bytes, offsets, failures))
}

fn encode_outcome(result: Result<Encoded, Failure>) -> EncodeOutcome {
    let (encoded, failure) = split(result);
    match encoded {
        Some((bytes, offsets, row_failures)) => EncodeOutcome {
            bytes: Some(Buffer::from(bytes)),
            offsets: Some(Uint32Array::new(offsets)),
            row_failures,
            failure,
        },
        None => EncodeOutcome {
            bytes: None,
            offsets: None,
            row_failures: Vec::new(),
            failure,
        },
    }
}
