//! Structs of a fixed layout that one BSON value fills: regular expressions
//! (`pattern`, `options`) and JavaScript code with scope (`code`, `scope` as
//! canonical Extended JSON) as `Struct{Utf8, Utf8}`, and BSON timestamps (the
//! replication clock, not datetimes) as `Struct{t: UInt32, i: UInt32}`:
//! seconds since the epoch and an ordinal, as MongoDB shows `Timestamp(t, i)`.
//! The children are non-nullable, so a null row holds `""` or 0 under the
//! struct's null.

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, StructArray, UInt32Array};
use arrow_buffer::NullBufferBuilder;
use arrow_schema::{DataType, Fields};
use bson::{RawBsonRef, RawDocument};

use super::array_decoder::ArrayDecoder;
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeError, DecodeResult, Mismatch};
use crate::extjson::render_canonical;
use crate::options::DecoderOptions;
use crate::schema::FieldType;

/// The fields of a fixed struct layout, as the schema lays it out.
fn layout(field_type: &FieldType) -> Fields {
    let DataType::Struct(fields) = field_type.arrow_type(&DecoderOptions::default()) else {
        unreachable!("regex, code with scope and timestamps are laid out as structs")
    };
    fields
}

#[derive(Clone, Copy)]
enum PairKind {
    Regex,
    CodeWithScope,
}

pub(crate) struct StringPairDecoder {
    kind: PairKind,
    fields: Fields,
    first: StringBuilder,
    second: StringBuilder,
    nulls: NullBufferBuilder,
}

impl StringPairDecoder {
    pub fn regex() -> Self {
        Self::new(PairKind::Regex, &FieldType::Regex)
    }

    pub fn code_with_scope() -> Self {
        Self::new(PairKind::CodeWithScope, &FieldType::CodeWithScope)
    }

    fn new(kind: PairKind, field_type: &FieldType) -> Self {
        Self {
            kind,
            fields: layout(field_type),
            first: StringBuilder::new(),
            second: StringBuilder::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }

    fn scope_text(scope: &RawDocument, ctx: &DecodeContext) -> Result<String, DecodeError> {
        render_canonical(RawBsonRef::Document(scope), ctx)
    }
}

impl ArrayDecoder for StringPairDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult {
        match (self.kind, value) {
            (PairKind::Regex, RawBsonRef::RegularExpression(regex)) => {
                self.first.append_value(regex.pattern.as_str());
                self.second.append_value(regex.options.as_str());
            }
            (PairKind::CodeWithScope, RawBsonRef::JavaScriptCodeWithScope(code)) => {
                // Render first: on error nothing may have been appended.
                let scope = Self::scope_text(code.scope, ctx)?;
                self.first.append_value(code.code);
                self.second.append_value(scope);
            }
            (_, other) => return Err(Mismatch::of(&other).into()),
        }
        self.nulls.append_non_null();
        Ok(())
    }

    fn append_null(&mut self) {
        self.first.append_value("");
        self.second.append_value("");
        self.nulls.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let children: Vec<ArrayRef> = vec![
            Arc::new(self.first.finish()),
            Arc::new(self.second.finish()),
        ];
        Arc::new(StructArray::new(
            self.fields.clone(),
            children,
            self.nulls.finish(),
        ))
    }
}

pub(crate) struct BsonTimestampDecoder {
    fields: Fields,
    time: Vec<u32>,
    increment: Vec<u32>,
    nulls: NullBufferBuilder,
}

impl Default for BsonTimestampDecoder {
    fn default() -> Self {
        Self {
            fields: layout(&FieldType::Timestamp),
            time: Vec::new(),
            increment: Vec::new(),
            nulls: NullBufferBuilder::new(0),
        }
    }
}

impl ArrayDecoder for BsonTimestampDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> DecodeResult {
        let RawBsonRef::Timestamp(ts) = value else {
            return Err(Mismatch::of(&value).into());
        };
        self.time.push(ts.time);
        self.increment.push(ts.increment);
        self.nulls.append_non_null();
        Ok(())
    }

    fn append_null(&mut self) {
        self.time.push(0);
        self.increment.push(0);
        self.nulls.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let children: Vec<ArrayRef> = vec![
            Arc::new(UInt32Array::from(std::mem::take(&mut self.time))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.increment))),
        ];
        Arc::new(StructArray::new(
            self.fields.clone(),
            children,
            self.nulls.finish(),
        ))
    }
}
