//! Decimal128 columns: the exact decimal string (default), PyMongoArrow's 16
//! raw bytes, or Arrow `Decimal128(precision, scale)` when the schema asks.
//! A value that does not fit the precision, or would need rounding to fit the
//! scale, or is NaN or infinite, is a conflict: never a silent rounding.

use std::sync::Arc;

use arrow_array::builder::{FixedSizeBinaryBuilder, StringBuilder};
use arrow_array::{ArrayRef, Decimal128Array};
use arrow_buffer::NullBufferBuilder;
use bson::{Decimal128, RawBsonRef};

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::decimal128::{rescale, write_decimal128};
use crate::options::Decimal128Representation;
use crate::schema::DecimalSpec;

pub(crate) fn make(
    spec: Option<DecimalSpec>,
    representation: Decimal128Representation,
) -> Box<dyn ArrayDecoder> {
    match (spec, representation) {
        (Some(spec), _) => Box::new(ArrowDecimalDecoder {
            spec,
            values: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }),
        (None, Decimal128Representation::String) => Box::new(DecimalStringDecoder::default()),
        (None, Decimal128Representation::Binary) => Box::new(DecimalBytesDecoder {
            builder: FixedSizeBinaryBuilder::new(16),
        }),
    }
}

fn expect_decimal(value: RawBsonRef<'_>) -> Result<Decimal128, DecodeError> {
    match value {
        RawBsonRef::Decimal128(d) => Ok(d),
        other => Err(Mismatch::of(&other).into()),
    }
}

#[derive(Default)]
struct DecimalStringDecoder {
    builder: StringBuilder,
}

impl ArrayDecoder for DecimalStringDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let bytes = expect_decimal(value)?.bytes();
        // The builder appends what is written to it as the next value.
        write_decimal128(bytes, &mut self.builder).expect("a string builder does not fail");
        self.builder.append_value("");
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}

struct DecimalBytesDecoder {
    builder: FixedSizeBinaryBuilder,
}

impl ArrayDecoder for DecimalBytesDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let bytes = expect_decimal(value)?.bytes();
        // Cannot fail: the builder's width is 16, the size of every Decimal128.
        let _ = self.builder.append_value(bytes);
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}

struct ArrowDecimalDecoder {
    spec: DecimalSpec,
    values: Vec<i128>,
    nulls: NullBufferBuilder,
}

impl ArrayDecoder for ArrowDecimalDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let decimal = expect_decimal(value)?;
        let scaled = rescale(decimal.bytes(), self.spec).ok_or_else(|| Mismatch::of(&value))?;
        self.values.push(scaled);
        self.nulls.append_non_null();
        Ok(())
    }

    fn append_null(&mut self) {
        self.values.push(0);
        self.nulls.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let array =
            Decimal128Array::new(std::mem::take(&mut self.values).into(), self.nulls.finish())
                .with_precision_and_scale(self.spec.precision, self.spec.scale)
                .expect("precision and scale were validated with the schema");
        Arc::new(array)
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Decimal128Type;

    use super::*;
    use crate::decoder::test_append;

    fn decimal(text: &str) -> Decimal128 {
        text.parse().unwrap()
    }

    fn spec(precision: u8, scale: i8) -> DecimalSpec {
        DecimalSpec { precision, scale }
    }

    #[test]
    fn decoders_for_each_representation() {
        let value = RawBsonRef::Decimal128(decimal("-12.340"));
        let mut string = make(None, Decimal128Representation::String);
        test_append(string.as_mut(), value).unwrap();
        assert_eq!(string.finish().as_string::<i32>().value(0), "-12.340");

        let mut bytes = make(None, Decimal128Representation::Binary);
        test_append(bytes.as_mut(), value).unwrap();
        let array = bytes.finish();
        assert_eq!(
            array.as_fixed_size_binary().value(0),
            decimal("-12.340").bytes()
        );

        let mut arrow = make(Some(spec(5, 3)), Decimal128Representation::String);
        test_append(arrow.as_mut(), value).unwrap();
        assert!(test_append(arrow.as_mut(), RawBsonRef::Double(1.0)).is_err());
        let array = arrow.finish();
        assert_eq!(array.as_primitive::<Decimal128Type>().value(0), -12_340);
    }
}
