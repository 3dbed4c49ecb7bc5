//! Errors of the decoder. Every variant has a stable [`Error::code`] that the
//! Node binding exposes as `err.code`, so callers can branch without parsing
//! messages.

use thiserror::Error;

/// Everything that can go wrong while turning BSON into Arrow.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A value's BSON type does not fit the column's declared type.
    #[error("type conflict at field '{path}' in document {document}: schema expects {expected}, found BSON {found}")]
    TypeConflict {
        path: String,
        document: usize,
        expected: String,
        found: &'static str,
    },
    /// The bytes are not well-formed BSON.
    #[error("invalid BSON at byte {offset}: {message}")]
    InvalidBson { offset: usize, message: String },
    /// The schema itself is unusable (unknown type name, duplicate field, bad JSON).
    #[error("invalid schema: {0}")]
    InvalidSchema(String),
    /// Writing the Arrow IPC stream failed.
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
