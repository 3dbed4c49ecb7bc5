//! Boolean columns: BSON bool only.

use arrow_array::builder::BooleanBuilder;
use bson::RawBsonRef;

use super::leaf::LeafValues;
use crate::decode_error::Mismatch;

pub(crate) struct Booleans;

impl super::leaf::LeafDecoder<Booleans> {
    /// Appends a value the column stores as it is.
    #[inline(always)]
    pub fn append_native(&mut self, value: bool) {
        self.builder_mut().append_value(value);
    }
}

impl LeafValues for Booleans {
    type Builder = BooleanBuilder;

    fn append(&self, to: &mut Self::Builder, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        match value {
            RawBsonRef::Boolean(v) => to.append_value(v),
            other => return Err(Mismatch::of(&other)),
        }
        Ok(())
    }
}
