//! Byte columns (Binary, LargeBinary, BinaryView, FixedSizeBinary): BSON
//! binary data with the subtype from the field metadata, or the 12 raw bytes
//! of an ObjectId and the 16 of a Decimal128 in PyMongoArrow's layout.

use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, BinaryArray, BinaryViewArray, FixedSizeBinaryArray, LargeBinaryArray};
use arrow_schema::DataType;
use bson::spec::ElementType;

use super::{bytes, ArrayEncoder, EncodeError};

/// The Arrow layouts of byte strings, read alike.
pub(crate) enum Bytes {
    Binary(BinaryArray),
    Large(LargeBinaryArray),
    View(BinaryViewArray),
    Fixed(FixedSizeBinaryArray),
}

impl Bytes {
    /// The byte strings of `array`, or `None` if it holds something else.
    pub fn of(array: &ArrayRef) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Binary => Self::Binary(array.as_binary::<i32>().clone()),
            DataType::LargeBinary => Self::Large(array.as_binary::<i64>().clone()),
            DataType::BinaryView => Self::View(array.as_binary_view().clone()),
            DataType::FixedSizeBinary(_) => Self::Fixed(array.as_fixed_size_binary().clone()),
            _ => return None,
        })
    }

    pub fn value(&self, row: usize) -> &[u8] {
        match self {
            Self::Binary(a) => a.value(row),
            Self::Large(a) => a.value(row),
            Self::View(a) => a.value(row),
            Self::Fixed(a) => a.value(row),
        }
    }
}

/// Which BSON type the bytes of a column stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BytesAs {
    /// Binary data of this subtype.
    Binary(u8),
    ObjectId,
    /// IEEE 754-2008 BID bytes, as BSON stores them.
    Decimal128,
}

pub(crate) struct BytesEncoder {
    bytes: Bytes,
    bytes_as: BytesAs,
}

impl BytesEncoder {
    pub fn boxed(bytes: Bytes, bytes_as: BytesAs) -> Box<dyn ArrayEncoder> {
        Box::new(Self { bytes, bytes_as })
    }
}

impl ArrayEncoder for BytesEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        let value = self.bytes.value(row);
        let (element_type, width) = match self.bytes_as {
            BytesAs::Binary(subtype) => {
                bytes::put_binary(out, subtype, value)?;
                return Ok(ElementType::Binary);
            }
            BytesAs::ObjectId => (ElementType::ObjectId, 12),
            BytesAs::Decimal128 => (ElementType::Decimal128, 16),
        };
        // A variable-width column tagged as ObjectId or Decimal128 may hold
        // values of the wrong length: refuse them rather than write garbage.
        if value.len() != width {
            return Err(EncodeError::new(format!(
                "{} bytes where {element_type:?} needs {width}",
                value.len()
            )));
        }
        out.extend_from_slice(value);
        Ok(element_type)
    }
}

/// The subtype recorded in PyMongoArrow's binary metadata (`subtype=n`).
pub(crate) fn subtype_from_metadata(metadata: &str) -> Option<u8> {
    metadata.strip_prefix("subtype=")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn binary_keeps_its_subtype_and_old_binary_its_inner_length() {
        let array: ArrayRef = Arc::new(BinaryArray::from_vec(vec![b"ab"]));
        let mut out = Vec::new();
        BytesEncoder::boxed(Bytes::of(&array).unwrap(), BytesAs::Binary(0x80))
            .encode(0, &mut out)
            .unwrap();
        assert_eq!(out, [2, 0, 0, 0, 0x80, b'a', b'b']);
        out.clear();
        BytesEncoder::boxed(Bytes::of(&array).unwrap(), BytesAs::Binary(2))
            .encode(0, &mut out)
            .unwrap();
        assert_eq!(out, [6, 0, 0, 0, 2, 2, 0, 0, 0, b'a', b'b']);
    }

    #[test]
    fn object_ids_need_twelve_bytes() {
        let array: ArrayRef = Arc::new(BinaryArray::from_vec(vec![b"short"]));
        let encoder = BytesEncoder::boxed(Bytes::of(&array).unwrap(), BytesAs::ObjectId);
        assert!(encoder.encode(0, &mut Vec::new()).is_err());
        assert_eq!(subtype_from_metadata("subtype=4"), Some(4));
        assert_eq!(subtype_from_metadata("4"), None);
    }
}
