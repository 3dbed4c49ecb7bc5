//! ObjectId columns: 24-character lowercase hex strings by default, the form
//! every Arrow consumer can read; or PyMongoArrow's 12-byte binary layout.

use std::sync::Arc;

use arrow_array::builder::{FixedSizeBinaryBuilder, StringBuilder};
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::options::ObjectIdRepresentation;

pub(crate) fn make(representation: ObjectIdRepresentation) -> Box<dyn ArrayDecoder> {
    match representation {
        ObjectIdRepresentation::Hex => Box::new(ObjectIdHexDecoder::default()),
        ObjectIdRepresentation::Binary => Box::new(ObjectIdBinaryDecoder {
            builder: FixedSizeBinaryBuilder::new(12),
        }),
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

#[derive(Default)]
pub(crate) struct ObjectIdHexDecoder {
    builder: StringBuilder,
}

impl ArrayDecoder for ObjectIdHexDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        match value {
            RawBsonRef::ObjectId(oid) => {
                // Hex-encode on the stack: `ObjectId::to_hex` would allocate a String per row.
                let mut hex = [0u8; 24];
                for (i, byte) in oid.bytes().iter().enumerate() {
                    hex[2 * i] = HEX_DIGITS[usize::from(byte >> 4)];
                    hex[2 * i + 1] = HEX_DIGITS[usize::from(byte & 0x0f)];
                }
                let text = std::str::from_utf8(&hex).expect("hex digits are ASCII");
                self.builder.append_value(text);
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

pub(crate) struct ObjectIdBinaryDecoder {
    builder: FixedSizeBinaryBuilder,
}

impl ArrayDecoder for ObjectIdBinaryDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        match value {
            RawBsonRef::ObjectId(oid) => {
                // Cannot fail: the builder's width is 12, the size of every ObjectId.
                let _ = self.builder.append_value(oid.bytes());
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

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    use bson::oid::ObjectId;

    use super::*;
    use crate::decoder::test_append;

    #[test]
    fn matches_the_bson_crate_hex() {
        let mut d = ObjectIdHexDecoder::default();
        let ids: Vec<ObjectId> = (0..50).map(|_| ObjectId::new()).collect();
        for id in &ids {
            test_append(&mut d, RawBsonRef::ObjectId(*id)).unwrap();
        }
        let array = d.finish();
        let strings = array.as_string::<i32>();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(strings.value(i), id.to_hex());
        }
    }

    #[test]
    fn binary_layout_keeps_the_twelve_bytes() {
        let mut d = make(ObjectIdRepresentation::Binary);
        let id = ObjectId::new();
        test_append(d.as_mut(), RawBsonRef::ObjectId(id)).unwrap();
        d.append_null();
        let array = d.finish();
        let bytes = array.as_fixed_size_binary();
        assert_eq!(bytes.value(0), id.bytes());
        assert!(bytes.is_null(1));
    }
}
