//! Binary columns. Any subtype by default; with a declared subtype, other
//! subtypes are conflicts (the subtype lives in the field metadata, so a
//! column holds one). UUIDs (subtype 4) can instead be canonical strings.

use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, StringBuilder};
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};

/// The BSON subtype of UUIDs in the standard byte order.
const UUID_SUBTYPE: u8 = 4;

pub(crate) struct BinaryDecoder {
    subtype: Option<u8>,
    builder: BinaryBuilder,
}

impl BinaryDecoder {
    pub fn new(subtype: Option<u8>) -> Self {
        Self {
            subtype,
            builder: BinaryBuilder::new(),
        }
    }
}

impl ArrayDecoder for BinaryDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        match value {
            RawBsonRef::Binary(binary)
                if self.subtype.is_none_or(|s| s == u8::from(binary.subtype)) =>
            {
                self.builder.append_value(binary.bytes);
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

#[derive(Default)]
pub(crate) struct UuidDecoder {
    builder: StringBuilder,
}

impl ArrayDecoder for UuidDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        match value {
            RawBsonRef::Binary(binary) if u8::from(binary.subtype) == UUID_SUBTYPE => {
                let bytes: [u8; 16] = binary.bytes.try_into().map_err(|_| Mismatch::of(&value))?;
                self.builder.append_value(canonical_uuid(bytes));
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

/// The `8-4-4-4-12` lowercase hex form of a UUID.
fn canonical_uuid(bytes: [u8; 16]) -> String {
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use bson::spec::BinarySubtype;
    use bson::RawBinaryRef;

    use super::*;
    use crate::decoder::test_append;

    fn binary(subtype: BinarySubtype, bytes: &[u8]) -> RawBsonRef<'_> {
        RawBsonRef::Binary(RawBinaryRef { subtype, bytes })
    }

    #[test]
    fn any_subtype_unless_one_is_declared() {
        let mut any = BinaryDecoder::new(None);
        test_append(&mut any, binary(BinarySubtype::Generic, b"")).unwrap();
        test_append(
            &mut any,
            binary(BinarySubtype::UserDefined(0x80), b"\x00\x01"),
        )
        .unwrap();
        let array = any.finish();
        assert_eq!(array.as_binary::<i32>().value(1), b"\x00\x01");

        let mut md5 = BinaryDecoder::new(Some(5));
        test_append(&mut md5, binary(BinarySubtype::Md5, b"x")).unwrap();
        assert!(test_append(&mut md5, binary(BinarySubtype::Generic, b"x")).is_err());
    }

    #[test]
    fn uuids_become_canonical_strings() {
        let uuid = bson::Uuid::new();
        let bytes = uuid.bytes();
        let mut d = UuidDecoder::default();
        test_append(&mut d, binary(BinarySubtype::Uuid, &bytes)).unwrap();
        assert!(test_append(&mut d, binary(BinarySubtype::Uuid, b"short")).is_err());
        assert!(test_append(&mut d, binary(BinarySubtype::Generic, &bytes)).is_err());
        let array = d.finish();
        assert_eq!(array.as_string::<i32>().value(0), uuid.to_string());
    }
}
