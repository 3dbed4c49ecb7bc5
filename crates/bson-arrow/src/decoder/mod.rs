//! Column decoders: one per Arrow type family, behind the private
//! [`ArrayDecoder`] trait and built by [`make_decoder`].
//!
//! A decoder only sees present, non-null values; the record decoder turns BSON
//! null and missing fields into [`ArrayDecoder::append_null`] calls and adds the
//! field path and document index to a [`Mismatch`].

mod boolean;
mod numeric;
mod object_id;
mod string;
mod timestamp;

use arrow_array::ArrayRef;
use bson::RawBsonRef;

use crate::bson_type::bson_type_name;
use crate::schema::ColumnType;

/// A value whose BSON type the column cannot hold.
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

/// Appends BSON values to one Arrow column.
pub(crate) trait ArrayDecoder: Send {
    /// Appends a present value, or reports that its type does not fit.
    /// On a mismatch nothing is appended.
    fn append(&mut self, value: RawBsonRef<'_>) -> Result<(), Mismatch>;

    /// Appends a null (BSON null or a missing field).
    fn append_null(&mut self);

    /// Returns the values appended since the last call and starts afresh.
    fn finish(&mut self) -> ArrayRef;
}

/// Builds the decoder for a column type.
pub(crate) fn make_decoder(column_type: ColumnType) -> Box<dyn ArrayDecoder> {
    match column_type {
        ColumnType::Double => Box::new(numeric::Float64Decoder::default()),
        ColumnType::Int32 => Box::new(numeric::Int32Decoder::default()),
        ColumnType::Int64 => Box::new(numeric::Int64Decoder::default()),
        ColumnType::Bool => Box::new(boolean::BooleanDecoder::default()),
        ColumnType::String => Box::new(string::StringDecoder::default()),
        ColumnType::Date => Box::new(timestamp::TimestampDecoder::default()),
        ColumnType::ObjectId => Box::new(object_id::ObjectIdHexDecoder::default()),
    }
}
