//! Numbers, booleans, datetimes and nulls: fixed-width Arrow columns whose
//! values each become one fixed-width BSON value. Integers narrower than 32
//! bits widen to int32, `UInt32` to int64; `UInt64` above `i64::MAX` and
//! datetimes beyond BSON's millisecond range are errors, never wrapped.

use arrow_array::cast::AsArray;
use arrow_array::types::ArrowPrimitiveType;
use arrow_array::{ArrayRef, BooleanArray, PrimitiveArray};
use bson::spec::ElementType;

use super::{ArrayEncoder, EncodeError};

/// Writes one native value; the function is chosen per Arrow type.
type WriteFn<N> = fn(N, &mut Vec<u8>) -> Result<ElementType, String>;

pub(crate) struct PrimitiveEncoder<T: ArrowPrimitiveType> {
    array: PrimitiveArray<T>,
    write: WriteFn<T::Native>,
}

impl<T: ArrowPrimitiveType> ArrayEncoder for PrimitiveEncoder<T> {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        Ok((self.write)(self.array.value(row), out)?)
    }
}

/// An encoder of `array`, which must be a `PrimitiveArray<T>`.
pub(crate) fn primitive<T: ArrowPrimitiveType>(
    array: &ArrayRef,
    write: WriteFn<T::Native>,
) -> Box<dyn ArrayEncoder> {
    Box::new(PrimitiveEncoder::<T> {
        array: array.as_primitive::<T>().clone(),
        write,
    })
}

pub(crate) fn int32(value: i32, out: &mut Vec<u8>) -> Result<ElementType, String> {
    out.extend_from_slice(&value.to_le_bytes());
    Ok(ElementType::Int32)
}

pub(crate) fn int64(value: i64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    out.extend_from_slice(&value.to_le_bytes());
    Ok(ElementType::Int64)
}

pub(crate) fn uint64(value: u64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    let value = i64::try_from(value)
        .map_err(|_| format!("{value} does not fit BSON's signed 64-bit integer"))?;
    int64(value, out)
}

pub(crate) fn double(value: f64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    out.extend_from_slice(&value.to_le_bytes());
    Ok(ElementType::Double)
}

/// A UTC datetime from milliseconds since the epoch.
pub(crate) fn datetime_millis(millis: i64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    out.extend_from_slice(&millis.to_le_bytes());
    Ok(ElementType::DateTime)
}

pub(crate) fn datetime_seconds(seconds: i64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    datetime_millis(millis_of_seconds(seconds)?, out)
}

pub(crate) fn millis_of_seconds(seconds: i64) -> Result<i64, String> {
    seconds
        .checked_mul(1000)
        .ok_or_else(|| format!("{seconds} s is beyond BSON's datetime range"))
}

/// The largest number of milliseconds from the epoch a JavaScript `Date`
/// holds, either way (100,000,000 days).
const JS_DATE_LIMIT_MILLIS: i64 = 8_640_000_000_000_000;

/// A UTC datetime that a JavaScript `Date` can hold, else an error: the
/// driver would write an invalid `Date` as the epoch.
pub(crate) fn js_datetime_millis(millis: i64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    if millis.unsigned_abs() > JS_DATE_LIMIT_MILLIS.unsigned_abs() {
        return Err(format!(
            "{millis} ms from the epoch is beyond the range of a JavaScript Date (±8.64e15 ms), \
             which the driver writes datetimes from"
        ));
    }
    datetime_millis(millis, out)
}

/// Finer units lose their sub-millisecond part: BSON datetimes count
/// milliseconds. Rounding is towards negative infinity, like the decoder's
/// rounding to seconds, so a datetime never moves past the next millisecond.
pub(crate) fn datetime_micros(micros: i64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    datetime_millis(micros.div_euclid(1_000), out)
}

pub(crate) fn datetime_nanos(nanos: i64, out: &mut Vec<u8>) -> Result<ElementType, String> {
    datetime_millis(nanos.div_euclid(1_000_000), out)
}

pub(crate) fn date_days(days: i32, out: &mut Vec<u8>) -> Result<ElementType, String> {
    // Cannot overflow: |i32| days × 86.4 M ms stays within i64.
    datetime_millis(i64::from(days) * 86_400_000, out)
}

pub(crate) struct BooleanEncoder {
    array: BooleanArray,
}

impl BooleanEncoder {
    pub fn boxed(array: &ArrayRef) -> Box<dyn ArrayEncoder> {
        Box::new(Self {
            array: array.as_boolean().clone(),
        })
    }
}

impl ArrayEncoder for BooleanEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        out.push(u8::from(self.array.value(row)));
        Ok(ElementType::Boolean)
    }
}

/// A `Null` column: every row is null, so its parent never asks for a value;
/// if it did, BSON null is the faithful answer.
pub(crate) struct NullEncoder;

impl ArrayEncoder for NullEncoder {
    fn encode(&self, _: usize, _: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        Ok(ElementType::Null)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::types::{TimestampNanosecondType, UInt64Type};
    use arrow_array::{TimestampNanosecondArray, UInt64Array};

    use super::*;

    #[test]
    fn finer_datetimes_round_down_to_the_millisecond() {
        let array: ArrayRef = Arc::new(TimestampNanosecondArray::from(vec![-1, 1_999_999]));
        let encoder = primitive::<TimestampNanosecondType>(&array, datetime_nanos);
        let mut out = Vec::new();
        encoder.encode(0, &mut out).unwrap();
        encoder.encode(1, &mut out).unwrap();
        assert_eq!(&out[..8], &(-1i64).to_le_bytes());
        assert_eq!(&out[8..], &1i64.to_le_bytes());
    }

    #[test]
    fn unsigned_values_beyond_int64_are_errors() {
        let array: ArrayRef = Arc::new(UInt64Array::from(vec![u64::MAX]));
        let encoder = primitive::<UInt64Type>(&array, uint64);
        let error = encoder.encode(0, &mut Vec::new()).unwrap_err();
        assert!(error
            .into_error(0)
            .to_string()
            .contains("18446744073709551615"));
        assert!(datetime_seconds(i64::MAX, &mut Vec::new()).is_err());
    }
}
