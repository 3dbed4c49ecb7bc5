//! Primitive columns, one generic decoder for every Arrow primitive type a
//! BSON value goes to as it is: the numbers here, datetimes in
//! `timestamp_array.rs`. Integers widen without loss (int32 → int64, int32 →
//! double, int64 → double while exact, int64 → int32 while in range);
//! anything that would lose precision is a mismatch, never a silent rounding.

use arrow_array::builder::PrimitiveBuilder;
use arrow_array::types::{Float64Type, Int32Type, Int64Type};
use arrow_array::{ArrayRef, ArrowPrimitiveType};
use arrow_schema::DataType;
use bson::RawBsonRef;

use super::array_decoder::ArrayDecoder;
use super::leaf::ColumnBuilder;
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeResult, Mismatch};
use crate::widening::int64_as_exact_f64;

/// An Arrow primitive type that some BSON values convert to exactly.
pub(crate) trait FromBson: ArrowPrimitiveType {
    /// The value, or `None` when this type cannot hold `value` exactly.
    fn from_bson(value: RawBsonRef<'_>) -> Option<Self::Native>;
}

impl FromBson for Int32Type {
    #[inline]
    fn from_bson(value: RawBsonRef<'_>) -> Option<i32> {
        match value {
            RawBsonRef::Int32(v) => Some(v),
            RawBsonRef::Int64(v) => i32::try_from(v).ok(),
            _ => None,
        }
    }
}

impl FromBson for Int64Type {
    #[inline]
    fn from_bson(value: RawBsonRef<'_>) -> Option<i64> {
        Some(match value {
            RawBsonRef::Int64(v) => v,
            RawBsonRef::Int32(v) => i64::from(v),
            _ => return None,
        })
    }
}

impl FromBson for Float64Type {
    #[inline]
    fn from_bson(value: RawBsonRef<'_>) -> Option<f64> {
        match value {
            RawBsonRef::Double(v) => Some(v),
            RawBsonRef::Int32(v) => Some(f64::from(v)),
            RawBsonRef::Int64(v) => int64_as_exact_f64(v),
            _ => None,
        }
    }
}

/// A column of Arrow primitive type `P`, in the manner of arrow-json's
/// `PrimitiveArrayDecoder`: monomorphized per type, so that the conversion
/// inlines into the per-value append, the decoder's hot path.
pub(crate) struct PrimitiveDecoder<P: FromBson> {
    builder: PrimitiveBuilder<P>,
}

impl<P: FromBson> PrimitiveDecoder<P> {
    /// `data_type` is `P`'s, with its parameters (a timestamp's time zone).
    pub fn new(data_type: DataType) -> Self {
        Self {
            builder: PrimitiveBuilder::new().with_data_type(data_type),
        }
    }
}

impl<P: FromBson> PrimitiveDecoder<P> {
    /// Appends a value the column stores as it is.
    #[inline(always)]
    pub fn append_native(&mut self, value: P::Native) {
        self.builder.append_value(value);
    }
}

impl<P: FromBson> Default for PrimitiveDecoder<P> {
    fn default() -> Self {
        Self::new(P::DATA_TYPE)
    }
}

impl<P: FromBson> ArrayDecoder for PrimitiveDecoder<P> {
    #[inline]
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> DecodeResult {
        let v = P::from_bson(value).ok_or_else(|| Mismatch::of(&value))?;
        self.builder.append_value(v);
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        self.builder.finish_array()
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;

    use super::*;
    use crate::decoder::array_decoder::test_append;

    #[test]
    fn double_accepts_exact_integers_only() {
        let mut d = PrimitiveDecoder::<Float64Type>::default();
        test_append(&mut d, RawBsonRef::Double(1.5)).unwrap();
        test_append(&mut d, RawBsonRef::Int32(-7)).unwrap();
        test_append(&mut d, RawBsonRef::Int64(1 << 53)).unwrap();
        for v in [(1 << 53) + 1, i64::MIN] {
            assert_eq!(
                test_append(&mut d, RawBsonRef::Int64(v)),
                Err(Mismatch { found: "long" }.into())
            );
        }
        assert_eq!(
            test_append(&mut d, RawBsonRef::String("1")),
            Err(Mismatch { found: "string" }.into())
        );
        d.append_null();
        let array = d.finish();
        let values = array.as_primitive::<Float64Type>();
        assert_eq!(values.len(), 4);
        assert_eq!(values.value(0), 1.5);
        assert_eq!(values.value(1), -7.0);
        assert_eq!(values.value(2), 9007199254740992.0);
        assert!(values.is_null(3));
    }

    #[test]
    fn int32_accepts_int64_in_range() {
        let mut d = PrimitiveDecoder::<Int32Type>::default();
        test_append(&mut d, RawBsonRef::Int64(i64::from(i32::MIN))).unwrap();
        assert_eq!(
            test_append(&mut d, RawBsonRef::Int64(i64::from(i32::MAX) + 1)),
            Err(Mismatch { found: "long" }.into())
        );
        assert_eq!(
            test_append(&mut d, RawBsonRef::Double(1.0)),
            Err(Mismatch { found: "double" }.into())
        );
        let array = d.finish();
        assert_eq!(array.as_primitive::<Int32Type>().values(), &[i32::MIN]);
    }

    #[test]
    fn int64_keeps_extremes() {
        let mut d = PrimitiveDecoder::<Int64Type>::default();
        for v in [i64::MIN, -1, 0, i64::MAX] {
            test_append(&mut d, RawBsonRef::Int64(v)).unwrap();
        }
        test_append(&mut d, RawBsonRef::Int32(i32::MAX)).unwrap();
        let array = d.finish();
        assert_eq!(
            array.as_primitive::<Int64Type>().values(),
            &[i64::MIN, -1, 0, i64::MAX, i64::from(i32::MAX)]
        );
    }
}
