//! The options of a read, as one typed object from TypeScript. Every name
//! is the TypeScript option's name; values are checked here once, so a bad
//! one fails with `INVALID_ARGUMENT` before any BSON is read.

use bson_arrow::{ConflictPolicy, Decimal128Representation, ObjectIdRepresentation};
use napi_derive::napi;

use crate::error::Failure;

/// How values are laid out in Arrow and what happens on a type conflict;
/// every field is optional (the core's defaults).
#[napi(object)]
#[derive(Clone, Default)]
pub struct DecoderOptions {
    /// A value whose BSON type does not fit its column: fail, store null,
    /// or store its plain text (in text columns; null elsewhere).
    #[napi(ts_type = "'error' | 'null' | 'string'")]
    pub conflicts: Option<String>,
    #[napi(ts_type = "'hex' | 'binary'")]
    pub object_id: Option<String>,
    #[napi(ts_type = "'string' | 'binary'")]
    pub decimal128: Option<String>,
    /// Inference reads binary subtype 4 as a UUID string column.
    pub uuid_as_string: Option<bool>,
    /// `""` counts as null where the column is not text.
    pub empty_strings_as_null: Option<bool>,
    /// Count dropped fields at every depth, not only the top level.
    pub count_nested_dropped: Option<bool>,
    /// Rows per record batch (default 65,536).
    pub rows_per_batch: Option<u32>,
    /// Threads that decode a push of concatenated documents holding more
    /// than one record batch (default 1); results do not depend on it.
    pub threads: Option<u32>,
}

/// `value` as one of `choices`, or an `INVALID_ARGUMENT` naming the option.
fn choose<T: Copy>(
    option: &str,
    value: &Option<String>,
    choices: &[(&str, T)],
) -> Result<Option<T>, Failure> {
    let Some(value) = value else { return Ok(None) };
    match choices.iter().find(|(name, _)| name == value) {
        Some((_, choice)) => Ok(Some(*choice)),
        None => {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("'{n}'")).collect();
            Err(Failure::invalid_argument(format!(
                "option '{option}' must be {}, got '{value}'",
                names.join(" or ")
            )))
        }
    }
}

impl DecoderOptions {
    /// The core's options.
    pub fn to_core(&self) -> Result<bson_arrow::DecoderOptions, Failure> {
        let mut options = bson_arrow::DecoderOptions::new();
        let conflicts = [
            ("error", ConflictPolicy::Error),
            ("null", ConflictPolicy::Null),
            ("string", ConflictPolicy::String),
        ];
        if let Some(policy) = choose("conflicts", &self.conflicts, &conflicts)? {
            options = options.with_conflict_policy(policy);
        }
        let object_id = [
            ("hex", ObjectIdRepresentation::Hex),
            ("binary", ObjectIdRepresentation::Binary),
        ];
        if let Some(representation) = choose("objectId", &self.object_id, &object_id)? {
            options = options.with_object_id(representation);
        }
        let decimal128 = [
            ("string", Decimal128Representation::String),
            ("binary", Decimal128Representation::Binary),
        ];
        if let Some(representation) = choose("decimal128", &self.decimal128, &decimal128)? {
            options = options.with_decimal128(representation);
        }
        Ok(options
            .with_infer_uuid_as_string(self.uuid_as_string == Some(true))
            .with_empty_strings_as_null(self.empty_strings_as_null == Some(true))
            .with_count_nested_dropped(self.count_nested_dropped == Some(true)))
    }

    /// Threads per push of concatenated documents.
    pub fn threads(&self) -> Result<usize, Failure> {
        match self.threads {
            None => Ok(1),
            Some(0) => Err(Failure::invalid_argument(
                "option 'threads' must be a positive integer",
            )),
            Some(threads) => Ok(threads as usize),
        }
    }

    /// Rows per record batch.
    pub fn rows_per_batch(&self) -> Result<usize, Failure> {
        match self.rows_per_batch {
            None => Ok(bson_arrow::DEFAULT_ROWS_PER_BATCH),
            Some(0) => Err(Failure::invalid_argument(
                "option 'rowsPerBatch' must be a positive integer",
            )),
            Some(rows) => Ok(rows as usize),
        }
    }
}
