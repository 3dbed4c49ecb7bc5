//! The IEEE 754-2008 decimal128 format (BID encoding) as BSON stores it:
//! unpacking, its exact text as MongoDB prints it, and rescaling to a fixed
//! Arrow scale. Below the decoders because plain-text rendering needs the
//! text too.

use std::fmt;

use crate::schema::DecimalSpec;

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
pub(crate) fn rescale(bytes: [u8; 16], spec: DecimalSpec) -> Option<i128> {
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
    use bson::Decimal128;

    use super::*;

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
}
