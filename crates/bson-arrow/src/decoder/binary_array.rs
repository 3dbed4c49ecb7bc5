//! Binary columns. Any subtype by default; with a declared subtype, other
//! subtypes are conflicts (the subtype lives in the field metadata, so a
//! column holds one). UUIDs as strings are text columns (`string_array.rs`).

use arrow_array::builder::BinaryBuilder;
use bson::RawBsonRef;

use super::leaf::LeafValues;
use crate::decode_error::Mismatch;

/// Binaries of any subtype, or of the one declared.
pub(crate) struct Binaries {
    pub subtype: Option<u8>,
}

impl LeafValues for Binaries {
    type Builder = BinaryBuilder;

    fn append(&self, to: &mut Self::Builder, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        match value {
            RawBsonRef::Binary(binary)
                if self.subtype.is_none_or(|s| s == u8::from(binary.subtype)) =>
            {
                to.append_value(binary.bytes);
                Ok(())
            }
            other => Err(Mismatch::of(&other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use bson::spec::BinarySubtype;
    use bson::RawBinaryRef;

    use super::*;
    use crate::decoder::array_decoder::{test_append, ArrayDecoder};
    use crate::decoder::leaf::LeafDecoder;

    fn decoder(subtype: Option<u8>) -> LeafDecoder<Binaries> {
        LeafDecoder::new(Binaries { subtype }, BinaryBuilder::new())
    }

    fn binary(subtype: BinarySubtype, bytes: &[u8]) -> RawBsonRef<'_> {
        RawBsonRef::Binary(RawBinaryRef { subtype, bytes })
    }

    #[test]
    fn any_subtype_unless_one_is_declared() {
        let mut any = decoder(None);
        test_append(&mut any, binary(BinarySubtype::Generic, b"")).unwrap();
        test_append(
            &mut any,
            binary(BinarySubtype::UserDefined(0x80), b"\x00\x01"),
        )
        .unwrap();
        let array = any.finish();
        assert_eq!(array.as_binary::<i32>().value(1), b"\x00\x01");

        let mut md5 = decoder(Some(5));
        test_append(&mut md5, binary(BinarySubtype::Md5, b"x")).unwrap();
        assert!(test_append(&mut md5, binary(BinarySubtype::Generic, b"x")).is_err());
    }
}
