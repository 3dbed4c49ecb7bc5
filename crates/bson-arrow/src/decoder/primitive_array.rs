//! Numeric columns. Integers widen without loss (int32 → int64, int32 → double,
//! int64 → double while exactly representable, int64 → int32 while in range);
//! anything that would lose precision is a mismatch, never a silent rounding.

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int32Builder, Int64Builder};
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::widening::int64_as_exact_f64;

#[derive(Default)]
pub(crate) struct Float64Decoder {
    builder: Float64Builder,
}

impl ArrayDecoder for Float64Decoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let v = match value {
            RawBsonRef::Double(v) => v,
            RawBsonRef::Int32(v) => f64::from(v),
            RawBsonRef::Int64(v) => int64_as_exact_f64(v).ok_or_else(|| Mismatch::of(&value))?,
            other => return Err(Mismatch::of(&other).into()),
        };
        self.builder.append_value(v);
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}

#[derive(Default)]
pub(crate) struct Int32Decoder {
    builder: Int32Builder,
}

impl ArrayDecoder for Int32Decoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let v = match value {
            RawBsonRef::Int32(v) => v,
            RawBsonRef::Int64(v) => i32::try_from(v).map_err(|_| Mismatch::of(&value))?,
            other => return Err(Mismatch::of(&other).into()),
        };
        self.builder.append_value(v);
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}

#[derive(Default)]
pub(crate) struct Int64Decoder {
    builder: Int64Builder,
}

impl ArrayDecoder for Int64Decoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let v = match value {
            RawBsonRef::Int64(v) => v,
            RawBsonRef::Int32(v) => i64::from(v),
            other => return Err(Mismatch::of(&other).into()),
        };
        self.builder.append_value(v);
        Ok(())
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
    use arrow_array::types::{Float64Type, Int32Type, Int64Type};
    use arrow_array::Array;

    use super::*;
    use crate::decoder::test_append;

    #[test]
    fn double_accepts_exact_integers_only() {
        let mut d = Float64Decoder::default();
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
        let mut d = Int32Decoder::default();
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
        let mut d = Int64Decoder::default();
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
