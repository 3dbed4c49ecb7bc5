//! BSON timestamps (the replication clock, not datetimes) as
//! `Struct{t: UInt32, i: UInt32}`: seconds since the epoch and an ordinal,
//! the two halves MongoDB itself shows as `Timestamp(t, i)`.

use std::sync::Arc;

use arrow_array::{ArrayRef, StructArray, UInt32Array};
use arrow_buffer::NullBufferBuilder;
use arrow_schema::DataType;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::options::DecoderOptions;
use crate::schema::FieldType;

pub(crate) struct BsonTimestampDecoder {
    time: Vec<u32>,
    increment: Vec<u32>,
    nulls: NullBufferBuilder,
}

impl Default for BsonTimestampDecoder {
    fn default() -> Self {
        Self {
            time: Vec::new(),
            increment: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }
}

impl ArrayDecoder for BsonTimestampDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> Result<(), DecodeError> {
        let RawBsonRef::Timestamp(ts) = value else {
            return Err(Mismatch::of(&value).into());
        };
        self.time.push(ts.time);
        self.increment.push(ts.increment);
        self.nulls.append_non_null();
        Ok(())
    }

    fn append_null(&mut self) {
        // The children are non-nullable: a null row holds zeros under the struct's null.
        self.time.push(0);
        self.increment.push(0);
        self.nulls.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let DataType::Struct(fields) = FieldType::Timestamp.arrow_type(&DecoderOptions::default())
        else {
            unreachable!("a BSON timestamp is laid out as a struct")
        };
        let children: Vec<ArrayRef> = vec![
            Arc::new(UInt32Array::from(std::mem::take(&mut self.time))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.increment))),
        ];
        Arc::new(StructArray::new(fields, children, self.nulls.finish()))
    }
}
