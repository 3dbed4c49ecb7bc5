//! Fixed-size binary columns: PyMongoArrow's layouts of ObjectIds (12 raw
//! bytes) and Decimal128 values (16 raw BID bytes). The default text forms
//! of both are text columns (`string_array.rs`).

use arrow_array::builder::FixedSizeBinaryBuilder;
use bson::RawBsonRef;

use super::leaf::LeafValues;
use crate::decode_error::Mismatch;

/// The BSON type a fixed-size binary column holds the bytes of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FixedSizeKind {
    ObjectId,
    Decimal128,
}

impl FixedSizeKind {
    /// The size of the kind's values, the column's width.
    pub fn width(self) -> i32 {
        match self {
            Self::ObjectId => 12,
            Self::Decimal128 => 16,
        }
    }
}

impl LeafValues for FixedSizeKind {
    type Builder = FixedSizeBinaryBuilder;

    fn append(&self, to: &mut Self::Builder, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        // Cannot fail: the builder's width is the size of the kind's values.
        let _ = match (self, value) {
            (Self::ObjectId, RawBsonRef::ObjectId(oid)) => to.append_value(oid.bytes()),
            (Self::Decimal128, RawBsonRef::Decimal128(d)) => to.append_value(d.bytes()),
            (_, other) => return Err(Mismatch::of(&other)),
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    use bson::oid::ObjectId;

    use super::*;
    use crate::decoder::array_decoder::{test_append, ArrayDecoder};
    use crate::decoder::leaf::LeafDecoder;

    fn decoder(kind: FixedSizeKind) -> LeafDecoder<FixedSizeKind> {
        LeafDecoder::new(kind, FixedSizeBinaryBuilder::new(kind.width()))
    }

    #[test]
    fn object_ids_keep_their_twelve_bytes() {
        let mut d = decoder(FixedSizeKind::ObjectId);
        let id = ObjectId::new();
        test_append(&mut d, RawBsonRef::ObjectId(id)).unwrap();
        d.append_null();
        let array = d.finish();
        let bytes = array.as_fixed_size_binary();
        assert_eq!(bytes.value(0), id.bytes());
        assert!(bytes.is_null(1));
    }

    #[test]
    fn decimals_keep_their_sixteen_bytes() {
        let mut d = decoder(FixedSizeKind::Decimal128);
        let decimal: bson::Decimal128 = "-12.340".parse().unwrap();
        test_append(&mut d, RawBsonRef::Decimal128(decimal)).unwrap();
        assert!(test_append(&mut d, RawBsonRef::ObjectId(ObjectId::new())).is_err());
        let array = d.finish();
        assert_eq!(array.as_fixed_size_binary().value(0), decimal.bytes());
    }
}
