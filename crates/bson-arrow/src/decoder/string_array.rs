//! Text columns (Utf8): strings, JavaScript code, and plain-text or Extended
//! JSON renderings of any value. These are the columns that can take a
//! conflicting value as text under [`crate::ConflictPolicy::String`].

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::extjson::render_canonical;
use crate::plain_text::write_plain;
use crate::type_counts::TypeCounts;

/// Which BSON values a text column takes as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// BSON string, and the deprecated symbol type, which is a string.
    String,
    /// JavaScript code (without scope).
    Code,
    /// Every value, as canonical Extended JSON.
    ExtendedJson,
    /// Every value, strings as they are and the rest as plain text (the
    /// `text` type: what inference makes of a field of irreconcilable types).
    Plain,
}

pub(crate) struct TextDecoder {
    kind: TextKind,
    builder: StringBuilder,
    /// Non-string values a `Plain` column rendered, by BSON type.
    converted: TypeCounts,
    /// Reused for rendering, so plain text costs no allocation per value.
    scratch: String,
}

impl TextDecoder {
    pub fn new(kind: TextKind) -> Self {
        Self {
            kind,
            builder: StringBuilder::new(),
            converted: TypeCounts::default(),
            scratch: String::new(),
        }
    }
}

impl ArrayDecoder for TextDecoder {
    fn append(
        &mut self,
        value: RawBsonRef<'_>,
        ctx: &mut DecodeContext,
    ) -> Result<(), DecodeError> {
        // The bson crate has validated the UTF-8 when it produced the `&str`.
        match (self.kind, value) {
            (TextKind::String, RawBsonRef::String(v) | RawBsonRef::Symbol(v))
            | (TextKind::Code, RawBsonRef::JavaScriptCode(v)) => self.builder.append_value(v),
            (TextKind::ExtendedJson, value) => {
                let text = render_canonical(value, ctx)?;
                self.builder.append_value(text);
            }
            (TextKind::Plain, RawBsonRef::String(v)) => self.builder.append_value(v),
            (TextKind::Plain, value) => {
                self.scratch.clear();
                write_plain(value, ctx, &mut self.scratch)?;
                self.builder.append_value(&self.scratch);
                self.converted.add(value.element_type());
            }
            (_, other) => return Err(Mismatch::of(&other).into()),
        }
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn append_text(&mut self, text: &str) -> bool {
        self.builder.append_value(text);
        true
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }

    fn converted(&self) -> Option<&TypeCounts> {
        (self.kind == TextKind::Plain).then_some(&self.converted)
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;

    use super::*;
    use crate::decoder::test_append;

    #[test]
    fn strings_keep_nul_and_empty_values() {
        let mut d = TextDecoder::new(TextKind::String);
        for v in ["", "a\0b", "é"] {
            test_append(&mut d, RawBsonRef::String(v)).unwrap();
        }
        test_append(&mut d, RawBsonRef::Symbol("sym")).unwrap();
        assert!(test_append(&mut d, RawBsonRef::JavaScriptCode("x")).is_err());
        let array = d.finish();
        let values: Vec<_> = array.as_string::<i32>().iter().flatten().collect();
        assert_eq!(values, ["", "a\0b", "é", "sym"]);
    }

    #[test]
    fn plain_text_takes_every_value_and_counts_the_converted_ones() {
        let mut d = TextDecoder::new(TextKind::Plain);
        test_append(&mut d, RawBsonRef::String("")).unwrap();
        test_append(&mut d, RawBsonRef::Double(2.2)).unwrap();
        test_append(&mut d, RawBsonRef::Int32(4)).unwrap();
        let converted = d.converted().unwrap().named();
        assert_eq!(converted, [("double", 1), ("int", 1)]);
        let array = d.finish();
        let values: Vec<_> = array.as_string::<i32>().iter().flatten().collect();
        assert_eq!(values, ["", "2.2", "4"]);
    }

    #[test]
    fn extended_json_keeps_the_stored_key_order() {
        // Key order is data: `{z, a}` must not come back as `{a, z}`.
        let doc = bson::rawdoc! { "z": 1, "a": { "y": true, "b": "s" } };
        let mut d = TextDecoder::new(TextKind::ExtendedJson);
        test_append(&mut d, RawBsonRef::Document(&doc)).unwrap();
        let array = d.finish();
        assert_eq!(
            array.as_string::<i32>().value(0),
            r#"{"z":{"$numberInt":"1"},"a":{"y":true,"b":"s"}}"#
        );
    }

    #[test]
    fn extended_json_renders_every_type_canonically() {
        let mut d = TextDecoder::new(TextKind::ExtendedJson);
        test_append(&mut d, RawBsonRef::Int32(1)).unwrap();
        test_append(&mut d, RawBsonRef::MinKey).unwrap();
        test_append(&mut d, RawBsonRef::String("s")).unwrap();
        let array = d.finish();
        let values: Vec<_> = array.as_string::<i32>().iter().flatten().collect();
        assert_eq!(
            values,
            [r#"{"$numberInt":"1"}"#, r#"{"$minKey":1}"#, r#""s""#]
        );
    }
}
