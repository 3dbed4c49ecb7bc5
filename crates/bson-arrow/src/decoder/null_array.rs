//! Columns of Arrow type `Null`: fields schema inference only ever saw null
//! in. Any present value is a conflict, so a schema inferred from a sample
//! never drops a value that the sample did not show.

use std::sync::Arc;

use arrow_array::{ArrayRef, NullArray};
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};

#[derive(Default)]
pub(crate) struct NullDecoder {
    len: usize,
}

impl ArrayDecoder for NullDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        Err(Mismatch::of(&value).into())
    }

    fn append_null(&mut self) {
        self.len += 1;
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(NullArray::new(std::mem::take(&mut self.len)))
    }
}
