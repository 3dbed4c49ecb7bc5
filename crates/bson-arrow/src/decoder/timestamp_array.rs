//! UTC datetime columns as Arrow `Timestamp(unit, timezone)`: primitive
//! columns (see `primitive_array.rs`) of one type per unit. BSON datetimes
//! are signed milliseconds since the epoch and are kept exactly in `ms` (also
//! outside the range a JavaScript `Date` can show). `us` and `ns` scale them
//! up, and a value that overflows the unit is a conflict; `s` rounds down to
//! the second, as the schema asked.

use arrow_array::types::{
    ArrowTimestampType, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use arrow_schema::TimeUnit;
use bson::RawBsonRef;

use super::primitive_array::FromBson;

/// A datetime in the unit of `T`, if it fits.
#[inline]
fn datetime_in<T: ArrowTimestampType>(value: RawBsonRef<'_>) -> Option<i64> {
    let RawBsonRef::DateTime(datetime) = value else {
        return None;
    };
    let millis = datetime.timestamp_millis();
    // `T::UNIT` is a constant: each instance keeps one arm.
    match T::UNIT {
        TimeUnit::Second => Some(millis.div_euclid(1000)),
        TimeUnit::Millisecond => Some(millis),
        TimeUnit::Microsecond => millis.checked_mul(1_000),
        TimeUnit::Nanosecond => millis.checked_mul(1_000_000),
    }
}

/// Implements [`FromBson`] for timestamp types with [`datetime_in`].
macro_rules! timestamps_from_bson {
    ($($timestamp:ty),*) => {
        $(impl FromBson for $timestamp {
            #[inline]
            fn from_bson(value: RawBsonRef<'_>) -> Option<i64> {
                datetime_in::<$timestamp>(value)
            }
        })*
    };
}

timestamps_from_bson!(
    TimestampSecondType,
    TimestampMillisecondType,
    TimestampMicrosecondType,
    TimestampNanosecondType
);

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::cast::AsArray;
    use arrow_schema::DataType;
    use bson::DateTime;

    use super::*;
    use crate::decoder::array_decoder::{test_append, ArrayDecoder};
    use crate::decoder::primitive_array::PrimitiveDecoder;

    fn decoder<T: ArrowTimestampType + FromBson>(timezone: Option<&str>) -> PrimitiveDecoder<T> {
        PrimitiveDecoder::new(DataType::Timestamp(T::UNIT, timezone.map(Arc::from)))
    }

    fn date(millis: i64) -> RawBsonRef<'static> {
        RawBsonRef::DateTime(DateTime::from_millis(millis))
    }

    #[test]
    fn milliseconds_are_kept_exactly_even_beyond_js_dates() {
        let mut d = decoder::<TimestampMillisecondType>(Some("UTC"));
        for millis in [i64::MIN, -1, 0, 8_640_000_000_000_001, i64::MAX] {
            test_append(&mut d, date(millis)).unwrap();
        }
        let array = d.finish();
        let values = array.as_primitive::<TimestampMillisecondType>();
        assert_eq!(
            values.values(),
            &[i64::MIN, -1, 0, 8_640_000_000_000_001, i64::MAX]
        );
        assert_eq!(values.timezone(), Some("UTC"));
    }

    #[test]
    fn other_units_scale_and_report_overflow() {
        let mut d = decoder::<TimestampNanosecondType>(Some("Europe/Paris"));
        test_append(&mut d, date(-1500)).unwrap();
        assert!(test_append(&mut d, date(i64::MAX / 10)).is_err());
        let array = d.finish();
        assert_eq!(
            array.as_primitive::<TimestampNanosecondType>().value(0),
            -1_500_000_000
        );

        let mut seconds = decoder::<TimestampSecondType>(None);
        test_append(&mut seconds, date(-1500)).unwrap();
        let array = seconds.finish();
        assert_eq!(array.as_primitive::<TimestampSecondType>().value(0), -2);
    }
}
