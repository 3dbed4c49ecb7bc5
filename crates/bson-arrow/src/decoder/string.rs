//! Text columns (Utf8): strings, JavaScript code, and Extended JSON renderings
//! of any value. These are the columns that can take a conflicting value as
//! text under [`crate::ConflictPolicy::String`].

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, DecodeContext, DecodeError, Mismatch};
use crate::extjson::render_canonical;

/// Which BSON values a text column takes as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// BSON string, and the deprecated symbol type, which is a string.
    String,
    /// JavaScript code (without scope).
    Code,
    /// Every value, as canonical Extended JSON.
    ExtendedJson,
}

pub(crate) struct TextDecoder {
    kind: TextKind,
    builder: StringBuilder,
}

impl TextDecoder {
    pub fn new(kind: TextKind) -> Self {
        Self {
            kind,
            builder: StringBuilder::new(),
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
