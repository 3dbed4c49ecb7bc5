//! Arrow `Decimal128(precision, scale)` as BSON Decimal128. The Arrow value
//! is an integer count of `10^-scale`, which is exactly a BID coefficient
//! with exponent `-scale`. BSON coefficients hold 34 digits, Arrow's up to 38:
//! trailing zeros move into the exponent, and a value that still needs more
//! than 34 significant digits is an error, never rounded.

use arrow_array::cast::AsArray;
use arrow_array::types::Decimal128Type;
use arrow_array::{ArrayRef, Decimal128Array};
use bson::spec::ElementType;

use super::{ArrayEncoder, EncodeError};

/// The exponent bias of IEEE 754-2008 decimal128.
const EXPONENT_BIAS: i32 = 6176;
/// The largest coefficient of the short (common) BID form: 34 nines.
const MAX_COEFFICIENT: u128 = 10u128.pow(34) - 1;

pub(crate) struct ArrowDecimalEncoder {
    array: Decimal128Array,
    scale: i8,
}

impl ArrowDecimalEncoder {
    pub fn boxed(array: &ArrayRef, scale: i8) -> Box<dyn ArrayEncoder> {
        Box::new(Self {
            array: array.as_primitive::<Decimal128Type>().clone(),
            scale,
        })
    }
}

impl ArrayEncoder for ArrowDecimalEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        let value = self.array.value(row);
        let bid = to_bid(value, self.scale).ok_or_else(|| {
            EncodeError::new(format!(
                "{value}E{} has more than 34 significant digits, the most Decimal128 holds",
                -i32::from(self.scale)
            ))
        })?;
        out.extend_from_slice(&bid);
        Ok(ElementType::Decimal128)
    }
}

/// The BID bytes of `value × 10^-scale`, if its coefficient fits.
fn to_bid(value: i128, scale: i8) -> Option<[u8; 16]> {
    let mut coefficient = value.unsigned_abs();
    let mut exponent = -i32::from(scale);
    while coefficient > MAX_COEFFICIENT && coefficient.is_multiple_of(10) {
        coefficient /= 10;
        exponent += 1;
    }
    if coefficient > MAX_COEFFICIENT {
        return None;
    }
    // |scale| ≤ 128 and at most 4 zeros move: the exponent is always in range.
    let biased = u128::try_from(exponent + EXPONENT_BIAS).ok()?;
    let sign = u128::from(value < 0) << 127;
    Some((sign | biased << 113 | coefficient).to_le_bytes())
}

#[cfg(test)]
mod tests {
    use bson::Decimal128;

    use super::*;

    fn text(value: i128, scale: i8) -> Option<String> {
        to_bid(value, scale).map(|b| Decimal128::from_bytes(b).to_string())
    }

    #[test]
    fn scale_becomes_the_exponent() {
        assert_eq!(text(150, 2).as_deref(), Some("1.50"));
        assert_eq!(text(-12_340, 3).as_deref(), Some("-12.340"));
        assert_eq!(text(0, 0).as_deref(), Some("0"));
        assert_eq!(text(105, -1).as_deref(), Some("1.05E+3"));
    }

    #[test]
    fn thirty_eight_digits_fit_only_with_trailing_zeros() {
        let max = 10i128.pow(38) - 1;
        assert_eq!(text(max, 0), None);
        assert_eq!(
            text(10i128.pow(37), 0).as_deref(),
            Some("1.000000000000000000000000000000000E+37")
        );
        assert!(text(-(10i128.pow(34) - 1), 38).is_some());
    }
}
