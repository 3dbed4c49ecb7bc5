//! Errors on their way up the decoder tree, before they know which document
//! they belong to. The raw walk, the text renderings and the column decoders
//! return these; the record decoder and the inferrer, which count documents,
//! turn them into the public [`Error`].

use bson::RawBsonRef;

use crate::bson_type::bson_type_name;
use crate::error::Error;
use crate::path::{render_reversed, PathSegment};

/// A value whose BSON type (or magnitude) the column cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mismatch {
    /// The BSON type that was found.
    pub found: &'static str,
}

impl Mismatch {
    pub fn of(value: &RawBsonRef<'_>) -> Self {
        Self {
            found: bson_type_name(value.element_type()),
        }
    }
}

/// Why appending a value failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DecodeError {
    /// Fresh from a leaf: its parent applies the conflict policy.
    Mismatch(Mismatch),
    /// A conflict on its way up; `path` is innermost first. `seen`: how
    /// many values of the `expected` type inference had seen there (0 from
    /// the decoder, which does not count).
    Conflict {
        path: Vec<PathSegment>,
        expected: String,
        found: &'static str,
        seen: u64,
    },
    /// Malformed BSON; `offset` is absolute in the caller's buffer.
    Invalid { offset: usize, message: String },
    /// A batch outgrew what Arrow's 32-bit offsets can address.
    Overflow(String),
}

impl DecodeError {
    /// The public error, naming the document the error occurred in.
    pub fn into_error(self, document: usize) -> Error {
        match self {
            Self::Conflict {
                path,
                expected,
                found,
                seen,
            } => Error::TypeConflict {
                path: render_reversed(&path),
                document,
                document_id: None,
                seen: if seen > 0 {
                    vec![(expected.clone(), seen)]
                } else {
                    Vec::new()
                },
                expected,
                found,
            },
            // Parents turn their children's mismatches into conflicts, so
            // only a mismatch of the document itself arrives here.
            Self::Mismatch(mismatch) => Error::TypeConflict {
                path: String::new(),
                document,
                document_id: None,
                expected: "document".into(),
                found: mismatch.found,
                seen: Vec::new(),
            },
            Self::Invalid { offset, message } => Error::InvalidBson {
                offset,
                message: format!("document {document}: {message}"),
            },
            Self::Overflow(message) => Error::Arrow(message),
        }
    }
}

impl From<Mismatch> for DecodeError {
    fn from(mismatch: Mismatch) -> Self {
        Self::Mismatch(mismatch)
    }
}

/// What appending a value to a column returns.
pub(crate) type DecodeResult = Result<(), DecodeError>;
