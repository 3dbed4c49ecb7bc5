//! UTF-8 string columns: BSON string only. The `bson` crate has already
//! validated the UTF-8 when it produced the `&str`.

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, Mismatch};

#[derive(Default)]
pub(crate) struct StringDecoder {
    builder: StringBuilder,
}

impl ArrayDecoder for StringDecoder {
    fn append(&mut self, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        match value {
            RawBsonRef::String(v) => {
                self.builder.append_value(v);
                Ok(())
            }
            other => Err(Mismatch::of(&other)),
        }
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}
