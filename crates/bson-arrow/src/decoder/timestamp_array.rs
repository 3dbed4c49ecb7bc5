//! UTC datetime columns as Arrow `Timestamp(unit, timezone)`. BSON datetimes
//! are signed milliseconds since the epoch and are kept exactly in `ms` (also
//! outside the range a JavaScript `Date` can show). `us` and `ns` scale them
//! up, and a value that overflows the unit is a conflict; `s` rounds down to
//! the second, as the schema asked.

use std::sync::Arc;

use arrow_array::types::{
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType,
};
use arrow_array::{ArrayRef, PrimitiveArray};
use arrow_buffer::{NullBufferBuilder, ScalarBuffer};
use arrow_schema::TimeUnit;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::schema::DateSpec;

pub(crate) struct TimestampDecoder {
    spec: DateSpec,
    values: Vec<i64>,
    nulls: NullBufferBuilder,
}

impl TimestampDecoder {
    pub fn new(spec: DateSpec) -> Self {
        Self {
            spec,
            values: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    fn convert(&self, millis: i64) -> Option<i64> {
        match self.spec.unit {
            TimeUnit::Second => Some(millis.div_euclid(1000)),
            TimeUnit::Millisecond => Some(millis),
            TimeUnit::Microsecond => millis.checked_mul(1_000),
            TimeUnit::Nanosecond => millis.checked_mul(1_000_000),
        }
    }
}

impl ArrayDecoder for TimestampDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let RawBsonRef::DateTime(datetime) = value else {
            return Err(Mismatch::of(&value).into());
        };
        let converted = self
            .convert(datetime.timestamp_millis())
            .ok_or_else(|| Mismatch::of(&value))?;
        self.values.push(converted);
        self.nulls.append_non_null();
        Ok(())
    }

    fn append_null(&mut self) {
        self.values.push(0);
        self.nulls.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let values = ScalarBuffer::from(std::mem::take(&mut self.values));
        let nulls = self.nulls.finish();
        let timezone = self.spec.timezone.clone();
        match self.spec.unit {
            TimeUnit::Second => Arc::new(
                PrimitiveArray::<TimestampSecondType>::new(values, nulls)
                    .with_timezone_opt(timezone),
            ),
            TimeUnit::Millisecond => Arc::new(
                PrimitiveArray::<TimestampMillisecondType>::new(values, nulls)
                    .with_timezone_opt(timezone),
            ),
            TimeUnit::Microsecond => Arc::new(
                PrimitiveArray::<TimestampMicrosecondType>::new(values, nulls)
                    .with_timezone_opt(timezone),
            ),
            TimeUnit::Nanosecond => Arc::new(
                PrimitiveArray::<TimestampNanosecondType>::new(values, nulls)
                    .with_timezone_opt(timezone),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use bson::DateTime;

    use super::*;
    use crate::decoder::test_append;

    fn date(millis: i64) -> RawBsonRef<'static> {
        RawBsonRef::DateTime(DateTime::from_millis(millis))
    }

    #[test]
    fn milliseconds_are_kept_exactly_even_beyond_js_dates() {
        let mut d = TimestampDecoder::new(DateSpec::default());
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
        let spec = DateSpec {
            unit: TimeUnit::Nanosecond,
            timezone: Some("Europe/Paris".into()),
        };
        let mut d = TimestampDecoder::new(spec);
        test_append(&mut d, date(-1500)).unwrap();
        assert!(test_append(&mut d, date(i64::MAX / 10)).is_err());
        let array = d.finish();
        assert_eq!(
            array.as_primitive::<TimestampNanosecondType>().value(0),
            -1_500_000_000
        );

        let mut seconds = TimestampDecoder::new(DateSpec {
            unit: TimeUnit::Second,
            timezone: None,
        });
        test_append(&mut seconds, date(-1500)).unwrap();
        let array = seconds.finish();
        assert_eq!(array.as_primitive::<TimestampSecondType>().value(0), -2);
    }
}
