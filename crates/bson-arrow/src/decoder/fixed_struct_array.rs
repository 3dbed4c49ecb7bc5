//! Values made of two strings, as `Struct{a: Utf8, b: Utf8}`: regular
//! expressions (`pattern`, `options`) and JavaScript code with scope (`code`,
//! `scope` as canonical Extended JSON).

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, StructArray};
use arrow_buffer::NullBufferBuilder;
use arrow_schema::{DataType, Fields};
use bson::{RawBsonRef, RawDocument};

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::extjson::render_canonical;
use crate::options::DecoderOptions;
use crate::schema::FieldType;

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
        let DataType::Struct(fields) = field_type.arrow_type(&DecoderOptions::default()) else {
            unreachable!("regex and code with scope are laid out as structs")
        };
        Self {
            kind,
            fields,
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
    fn append(
        &mut self,
        value: RawBsonRef<'_>,
        ctx: &mut DecodeContext,
    ) -> Result<(), DecodeError> {
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
        // The children are non-nullable: a null row holds "" under the struct's null.
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
