//! UTC datetime columns as `Timestamp(Millisecond, "UTC")`: BSON datetimes are
//! signed milliseconds since the epoch, kept exactly (also outside the range a
//! JavaScript `Date` can show).

use std::sync::Arc;

use arrow_array::builder::TimestampMillisecondBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, Mismatch};

pub(crate) struct TimestampDecoder {
    builder: TimestampMillisecondBuilder,
}

impl Default for TimestampDecoder {
    fn default() -> Self {
        Self {
            builder: TimestampMillisecondBuilder::new().with_timezone("UTC"),
        }
    }
}

impl ArrayDecoder for TimestampDecoder {
    fn append(&mut self, value: RawBsonRef<'_>) -> Result<(), Mismatch> {
        match value {
            RawBsonRef::DateTime(v) => {
                self.builder.append_value(v.timestamp_millis());
                Ok(())
            }
            other => Err(Mismatch::of(&other)),
        }
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }
}
