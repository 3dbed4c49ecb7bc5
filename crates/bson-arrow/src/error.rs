//! Errors of the decoder. Every variant has a stable [`Error::code`] that the
//! Node binding exposes as `err.code`, so callers can branch without parsing
//! messages.

use thiserror::Error;

/// Everything that can go wrong while turning BSON into Arrow.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A value's BSON type does not fit the column's type (declared, or
    /// inferred from the values before it). `path` names the field from the
    /// top of the document (see the crate docs for its syntax); `document`
    /// counts documents from 0 since the decoder or inferrer was created;
    /// `document_id` is that document's `_id` as plain text, when it has
    /// one. `seen` is what inference had found at the path before, by BSON
    /// type with counts (empty for the decoder). A required field without a
    /// value is one too: `found` is `missing`, or `null` (`undefined`) for a
    /// BSON null, and the message says the field is required.
    #[error("{}", describe_conflict(.path, *.document, .document_id, .expected, .found))]
    TypeConflict {
        path: String,
        document: usize,
        document_id: Option<String>,
        expected: String,
        found: &'static str,
        seen: Vec<(String, u64)>,
    },
    /// The bytes are not well-formed BSON. `offset` is relative to the start
    /// of the buffer the caller passed in.
    #[error("invalid BSON at byte {offset}: {message}")]
    InvalidBson { offset: usize, message: String },
    /// The schema itself is unusable (unknown type name, duplicate field, bad JSON).
    #[error("invalid schema: {0}")]
    InvalidSchema(String),
    /// A value or schema asks for a conversion this crate has no mapping for.
    #[error("unsupported type: {0}")]
    UnsupportedType(String),
    /// A value cannot be written as BSON (an unparsable ObjectId string, a
    /// datetime beyond BSON's range, a document over 2 GiB). `path` names the
    /// field as in [`Error::TypeConflict`]; `row` counts from 0 in the batch.
    #[error("cannot encode field '{path}' in row {row}: {message}")]
    InvalidValue {
        path: String,
        row: usize,
        message: String,
    },
    /// Building the Arrow arrays or the IPC stream failed.
    #[error("arrow error: {0}")]
    Arrow(String),
}

impl Error {
    /// The stable, machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::TypeConflict { .. } => "TYPE_CONFLICT",
            Error::InvalidBson { .. } => "INVALID_BSON",
            Error::InvalidSchema(_) => "INVALID_SCHEMA",
            Error::UnsupportedType(_) => "UNSUPPORTED_TYPE",
            Error::InvalidValue { .. } => "INVALID_VALUE",
            Error::Arrow(_) => "ARROW_ERROR",
        }
    }
}

impl From<arrow_schema::ArrowError> for Error {
    fn from(err: arrow_schema::ArrowError) -> Self {
        Error::Arrow(err.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The `found` of a type conflict for a required field without a value.
const NO_VALUE: [&str; 3] = ["missing", "null", "undefined"];

fn describe_conflict(
    path: &str,
    document: usize,
    document_id: &Option<String>,
    expected: &str,
    found: &str,
) -> String {
    let id = id_suffix(document_id);
    if NO_VALUE.contains(&found) {
        format!("field '{path}' is required (non-nullable) but document {document}{id} has no value ({found})")
    } else {
        format!("type conflict at field '{path}' in document {document}{id}: column is {expected}, found BSON {found}")
    }
}

fn id_suffix(document_id: &Option<String>) -> String {
    document_id
        .as_ref()
        .map(|id| format!(" (_id {id})"))
        .unwrap_or_default()
}

impl Error {
    /// Names the `_id` of the document a type conflict occurred in; `id`
    /// renders it, and runs only for a type conflict.
    pub(crate) fn with_document_id(mut self, id: impl FnOnce() -> Option<String>) -> Self {
        if let Error::TypeConflict { document_id, .. } = &mut self {
            *document_id = id();
        }
        self
    }
}
