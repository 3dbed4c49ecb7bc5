//! Decimal128 columns: the exact decimal string (default), PyMongoArrow's 16
//! raw bytes, or Arrow `Decimal128(precision, scale)` when the schema asks.
//! A value that does not fit the precision, or would need rounding to fit the
//! scale, or is NaN or infinite, is a conflict: never a silent rounding.

use std::fmt;
use std::sync::Arc;

use arrow_array::builder::{FixedSizeBinaryBuilder, StringBuilder};
use arrow_array::{ArrayRef, Decimal128Array};
use arrow_buffer::NullBufferBuilder;
use bson::{Decimal128, RawBsonRef};

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
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

/// The exponent bias of IEEE 754-2008 decimal128.
const EXPONENT_BIAS: i32 = 6176;
/// Coefficients above this are non-canonical and read as zero (IEEE 754-2008).
const MAX_COEFFICIENT: u128 = 10u128.pow(34) - 1;

/// A BID-encoded decimal128, unpacked.
enum Unpacked {
    NaN,
    Infinity {
        negative: bool,
    },
    /// `coefficient × 10^exponent`, the exponent unbiased.
    Finite {
        negative: bool,
        exponent: i32,
        coefficient: u128,
    },
}

fn unpack(bytes: [u8; 16]) -> Unpacked {
    let bits = u128::from_le_bytes(bytes);
    let negative = bits >> 127 == 1;
    let (biased, coefficient) = if (bits >> 125) & 0b11 == 0b11 {
        if (bits >> 123) & 0b11 == 0b11 {
            return if (bits >> 122) & 1 == 1 {
                Unpacked::NaN
            } else {
                Unpacked::Infinity { negative }
            };
        }
        // The long-coefficient form is always above MAX_COEFFICIENT: zero.
        (((bits >> 111) & 0x3fff) as i32, 0)
    } else {
        let coefficient = bits & ((1u128 << 113) - 1);
        let coefficient = if coefficient > MAX_COEFFICIENT {
            0
        } else {
            coefficient
        };
        (((bits >> 113) & 0x3fff) as i32, coefficient)
    };
    Unpacked::Finite {
        negative,
        exponent: biased - EXPONENT_BIAS,
        coefficient,
    }
}

/// Writes the exact text of a decimal128 as MongoDB prints it (`1.05E+3`,
/// `-0.00`, `NaN`): the digits and exponent as stored, never rounded.
/// Written by hand because it runs once per value, and formatting through
/// a bit-by-bit parse and a `String` per value dominated decoding.
pub(crate) fn write_decimal128(bytes: [u8; 16], out: &mut impl fmt::Write) -> fmt::Result {
    let (negative, exponent, coefficient) = match unpack(bytes) {
        Unpacked::NaN => return out.write_str("NaN"),
        Unpacked::Infinity { negative } => {
            return out.write_str(if negative { "-Infinity" } else { "Infinity" })
        }
        Unpacked::Finite {
            negative,
            exponent,
            coefficient,
        } => (negative, exponent, coefficient),
    };
    if negative {
        out.write_char('-')?;
    }
    // At most 34 digits: coefficients above 10^34 - 1 read as zero.
    let mut buffer = [0u8; 40];
    let mut start = buffer.len();
    let mut rest = coefficient;
    loop {
        start -= 1;
        buffer[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&buffer[start..]).expect("ASCII digits");
    let length = digits.len() as i32;
    let adjusted = exponent + length - 1;
    if exponent <= 0 && adjusted >= -6 {
        if exponent == 0 {
            return out.write_str(digits);
        }
        let fraction = exponent.unsigned_abs() as usize;
        if fraction >= digits.len() {
            out.write_str("0.")?;
            for _ in 0..fraction - digits.len() {
                out.write_char('0')?;
            }
            out.write_str(digits)
        } else {
            let (whole, part) = digits.split_at(digits.len() - fraction);
            out.write_str(whole)?;
            out.write_char('.')?;
            out.write_str(part)
        }
    } else {
        let (first, rest) = digits.split_at(1);
        out.write_str(first)?;
        if !rest.is_empty() {
            out.write_char('.')?;
            out.write_str(rest)?;
        }
        write!(out, "E{}{adjusted}", if adjusted > 0 { "+" } else { "" })
    }
}

/// The value of a BID-encoded decimal128 as an integer count of
/// `10^-scale`, if it is finite, exact at that scale and within the precision.
fn rescale(bytes: [u8; 16], spec: DecimalSpec) -> Option<i128> {
    let Unpacked::Finite {
        negative,
        exponent,
        coefficient,
    } = unpack(bytes)
    else {
        return None; // NaN or infinity
    };
    let shift = exponent + i32::from(spec.scale);
    let magnitude = if coefficient == 0 {
        0
    } else if shift >= 0 {
        coefficient.checked_mul(10u128.checked_pow(u32::try_from(shift).ok()?)?)?
    } else {
        let divisor = 10u128.checked_pow(shift.unsigned_abs())?;
        if coefficient % divisor != 0 {
            return None; // would need rounding
        }
        coefficient / divisor
    };
    if magnitude >= 10u128.pow(u32::from(spec.precision)) {
        return None;
    }
    let magnitude = i128::try_from(magnitude).ok()?;
    Some(if negative { -magnitude } else { magnitude })
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
    fn rescales_exact_values_only() {
        let s = spec(10, 2);
        assert_eq!(rescale(decimal("1.5").bytes(), s), Some(150));
        assert_eq!(rescale(decimal("-1.50").bytes(), s), Some(-150));
        assert_eq!(rescale(decimal("1.05E+3").bytes(), s), Some(105_000));
        assert_eq!(rescale(decimal("0E-6000").bytes(), s), Some(0));
        assert_eq!(rescale(decimal("1.005").bytes(), s), None, "needs rounding");
        assert_eq!(rescale(decimal("1E+8").bytes(), s), None, "too many digits");
        assert_eq!(
            rescale(decimal("99999999.99").bytes(), s),
            Some(9_999_999_999)
        );
        assert_eq!(rescale(decimal("NaN").bytes(), s), None);
        assert_eq!(rescale(decimal("-Infinity").bytes(), s), None);
        assert_eq!(rescale(decimal("1E+6144").bytes(), spec(38, 0)), None);
    }

    fn text(bytes: [u8; 16]) -> String {
        let mut out = String::new();
        write_decimal128(bytes, &mut out).unwrap();
        out
    }

    #[test]
    fn writes_the_text_the_bson_crate_does() {
        for s in [
            "0",
            "-0",
            "1",
            "-1.50",
            "1.05E+3",
            "0.000001",
            "1E-7",
            "0E-6000",
            "1E+6144",
            "9999999999999999999999999999999999",
            "-1.234567890123456789012345678901234E-6143",
            "123456E-3",
            "0.001230",
            "12345678901234567890",
            "NaN",
            "Infinity",
            "-Infinity",
        ] {
            let d = decimal(s);
            assert_eq!(text(d.bytes()), d.to_string(), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn writes_the_text_the_bson_crate_does_for_any_bits(bits: u128, special in 0u8..8) {
            // Bias the high bits towards the special and long-coefficient forms.
            let high = match special {
                0 => 0b11111u128 << 122,
                1 => 0b11110u128 << 122,
                2 => 0b11u128 << 125,
                _ => 0,
            };
            let bytes = (bits | high).to_le_bytes();
            proptest::prop_assert_eq!(text(bytes), Decimal128::from_bytes(bytes).to_string());
        }
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
