//! Columns of Arrow type `Null`: fields schema inference only ever saw null
//! in. Any present value is a conflict, so a schema inferred from a sample
//! never drops a value that the sample did not show.

use arrow_array::builder::NullBuilder;
use bson::RawBsonRef;

use super::leaf::LeafValues;
use crate::decode_error::Mismatch;

/// No value at all: nulls only.
pub(crate) struct Nulls;

impl LeafValues for Nulls {
    type Builder = NullBuilder;

    fn append(&self, _: &mut Self::Builder, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        Err(Mismatch::of(&value))
    }
}
