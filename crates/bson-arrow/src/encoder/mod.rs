//! Arrow → BSON, the mirror of [`crate::decoder`]: one encoder per Arrow type
//! family behind the private [`ArrayEncoder`] trait, built by
//! [`make_encoder`]. Document and list encoders own their children, so the
//! encoders form the same tree as the Arrow schema.
//!
//! What a column becomes is decided by its Arrow type and field metadata
//! (the `pymongoarrow.*` extension names), refined by an optional
//! [`FieldType`] hint from a [`crate::SchemaSpec`]: a Utf8 column declared
//! `objectId` is written as ObjectIds, one declared `extendedJson` as the
//! values its text describes. Hints only choose between BSON forms of the
//! same Arrow layout; a hint that cannot apply to the layout is an error.
//!
//! An encoder only sees valid rows: its parent omits null fields or writes
//! BSON null, and always writes null for a null list item, whose position
//! must be kept, and for a null map value, whose key is data.

mod batch;
mod binary;
mod bytes;
mod decimal;
mod dictionary;
mod document;
mod list;
mod map;
mod primitive;
mod select;
mod special;
mod text;

pub use batch::{
    encode_batch, encode_batch_rows, encode_batch_with_offsets, EncodedDocuments, EncodedRows,
    EncoderOptions, NullFields,
};

use arrow_array::{Array, ArrayRef};
use arrow_buffer::NullBuffer;
use arrow_schema::Field;
use bson::spec::ElementType;

use crate::error::Error;
use crate::path::{render_reversed, PathSegment};
use crate::schema::FieldType;

pub(crate) use select::make_encoder;

/// Why a value could not be written.
#[derive(Debug)]
pub(crate) struct EncodeError {
    /// Innermost segment first, as the error travels up the tree.
    path: Vec<PathSegment>,
    message: String,
}

impl EncodeError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            path: Vec::new(),
            message: message.into(),
        }
    }

    /// Adds the segment of the parent the error passes through.
    pub fn within(mut self, segment: PathSegment) -> Self {
        self.path.push(segment);
        self
    }

    /// The public error, naming the row of the batch it occurred in.
    pub fn into_error(self, row: usize) -> Error {
        Error::InvalidValue {
            path: render_reversed(&self.path),
            row,
            message: self.message,
        }
    }
}

impl From<String> for EncodeError {
    fn from(message: String) -> Self {
        Self::new(message)
    }
}

/// Writes one column's values as BSON element values.
pub(crate) trait ArrayEncoder {
    /// Appends the value at `row`, which is not null, to `out` (without type
    /// byte or key) and returns its element type. Returning the type rather
    /// than declaring it lets one column hold several BSON types, as an
    /// `extendedJson` column does.
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError>;
}

/// Settings every encoder of a tree shares while it is built.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BuildContext {
    /// Write null fields of documents as BSON null instead of omitting them.
    pub write_nulls: bool,
    /// Refuse datetimes beyond a JavaScript `Date`'s range.
    pub js_date_range: bool,
}

/// A child column with its validity, which the parent consults before it
/// writes the element's type byte and key.
pub(crate) struct ChildEncoder {
    /// Logical nulls: a `Null` column or a dictionary with null values has
    /// nulls without a validity buffer of its own.
    nulls: Option<NullBuffer>,
    encoder: Box<dyn ArrayEncoder>,
}

impl ChildEncoder {
    pub fn new(
        array: &ArrayRef,
        field: &Field,
        hint: Option<&FieldType>,
        path: &str,
        cx: BuildContext,
    ) -> Result<Self, Error> {
        Ok(Self {
            nulls: array.logical_nulls(),
            encoder: make_encoder(array, field, hint, path, cx)?,
        })
    }

    pub fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|nulls| nulls.is_null(row))
    }

    /// Writes the element `key: value` for `row`; a null is written as BSON
    /// null when `write_null` is set and skipped otherwise.
    pub fn write_element(
        &self,
        key: &[u8],
        row: usize,
        write_null: bool,
        out: &mut Vec<u8>,
    ) -> Result<(), EncodeError> {
        if self.is_null(row) {
            if write_null {
                out.push(ElementType::Null as u8);
                bytes::put_key(out, key);
            }
            return Ok(());
        }
        // The type is known only once the value is written: patch it in after.
        let type_at = out.len();
        out.push(0);
        bytes::put_key(out, key);
        let element_type = self.encoder.encode(row, out)?;
        out[type_at] = element_type as u8;
        Ok(())
    }
}

/// The path of `name` inside `parent`, written as error messages write paths.
pub(crate) fn child_path(parent: &str, name: &str) -> String {
    let segment = render_reversed(&[PathSegment::Key(name.into())]);
    if parent.is_empty() || segment.starts_with('[') {
        format!("{parent}{segment}")
    } else {
        format!("{parent}.{segment}")
    }
}
