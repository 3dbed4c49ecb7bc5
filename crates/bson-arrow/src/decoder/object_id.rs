//! ObjectId columns as 24-character lowercase hex strings, the form every
//! Arrow consumer can read (PyMongoArrow's extension type is not).

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, Mismatch};

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

#[derive(Default)]
pub(crate) struct ObjectIdHexDecoder {
    builder: StringBuilder,
}

impl ArrayDecoder for ObjectIdHexDecoder {
    fn append(&mut self, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
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

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use bson::oid::ObjectId;

    use super::*;

    #[test]
    fn matches_the_bson_crate_hex() {
        let mut d = ObjectIdHexDecoder::default();
        let ids: Vec<ObjectId> = (0..50).map(|_| ObjectId::new()).collect();
        for id in &ids {
            d.append(RawBsonRef::ObjectId(*id)).unwrap();
        }
        let array = d.finish();
        let strings = array.as_string::<i32>();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(strings.value(i), id.to_hex());
        }
    }
}
