//! Arrow `Decimal128(precision, scale)` columns, for `decimal128` fields
//! whose schema asks for them. A value that does not fit the precision, or
//! would need rounding to fit the scale, or is NaN or infinite, is a
//! conflict: never a silent rounding. (The default text form is a text
//! column, the raw bytes a fixed-size binary column.)

use arrow_array::builder::Decimal128Builder;
use bson::RawBsonRef;

use super::leaf::LeafValues;
use crate::decimal128::rescale;
use crate::decode_error::Mismatch;
use crate::schema::DecimalSpec;

impl LeafValues for DecimalSpec {
    type Builder = Decimal128Builder;

    fn append(&self, to: &mut Self::Builder, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        let scaled = match value {
            RawBsonRef::Decimal128(decimal) => rescale(decimal.bytes(), *self),
            _ => None,
        };
        to.append_value(scaled.ok_or_else(|| Mismatch::of(&value))?);
        Ok(())
    }
}

/// The builder of a column of this precision and scale.
pub(crate) fn decimal_builder(spec: DecimalSpec) -> Decimal128Builder {
    Decimal128Builder::new()
        .with_precision_and_scale(spec.precision, spec.scale)
        .expect("precision and scale were validated with the schema")
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Decimal128Type;
    use arrow_array::Array;
    use arrow_schema::DataType;

    use super::*;
    use crate::decoder::array_decoder::{test_append, ArrayDecoder};
    use crate::decoder::leaf::LeafDecoder;

    #[test]
    fn exact_values_at_the_declared_precision_and_scale() {
        let spec = DecimalSpec {
            precision: 5,
            scale: 3,
        };
        let mut d = LeafDecoder::new(spec, decimal_builder(spec));
        let decimal: bson::Decimal128 = "-12.340".parse().unwrap();
        test_append(&mut d, RawBsonRef::Decimal128(decimal)).unwrap();
        assert!(test_append(&mut d, RawBsonRef::Double(1.0)).is_err());
        let too_precise: bson::Decimal128 = "1.0005".parse().unwrap();
        assert!(test_append(&mut d, RawBsonRef::Decimal128(too_precise)).is_err());
        d.append_null();
        let array = d.finish();
        assert_eq!(array.data_type(), &DataType::Decimal128(5, 3));
        let values = array.as_primitive::<Decimal128Type>();
        assert_eq!(values.value(0), -12_340);
        assert!(values.is_null(1));
    }
}
