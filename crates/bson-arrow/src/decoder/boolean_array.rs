//! Boolean columns: BSON bool only.

use std::sync::Arc;

use arrow_array::builder::BooleanBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};

#[derive(Default)]
pub(crate) struct BooleanDecoder {
    builder: BooleanBuilder,
}

impl ArrayDecoder for BooleanDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        match value {
            RawBsonRef::Boolean(v) => {
                self.builder.append_value(v);
                Ok(())
            }
            other => Err(Mismatch::of(&other).into()),
        }
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}
