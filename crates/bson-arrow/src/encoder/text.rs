//! Text columns (Utf8, LargeUtf8, Utf8View). Text is how the decoder lays out
//! several BSON types by default, so the column's declared type says which
//! one to write back: a string, JavaScript code, an ObjectId from its hex
//! digits, a Decimal128 from its exact string, a UUID, or any value from its
//! Extended JSON.

use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;
use bson::oid::ObjectId;
use bson::spec::ElementType;
use bson::{Bson, Decimal128, Uuid};

use super::{bytes, ArrayEncoder, EncodeError};

/// The three Arrow layouts of text, read alike.
pub(crate) enum Strings {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl Strings {
    /// The strings of `array`, or `None` if it is not text.
    pub fn of(array: &ArrayRef) -> Option<Self> {
        Some(match array.data_type() {
            DataType::Utf8 => Self::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Self::Large(array.as_string::<i64>().clone()),
            DataType::Utf8View => Self::View(array.as_string_view().clone()),
            _ => return None,
        })
    }

    pub fn value(&self, row: usize) -> &str {
        match self {
            Self::Utf8(a) => a.value(row),
            Self::Large(a) => a.value(row),
            Self::View(a) => a.value(row),
        }
    }
}

/// Which BSON type the text of a column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextAs {
    String,
    Code,
    ObjectId,
    Decimal128,
    Uuid,
    ExtendedJson,
}

pub(crate) struct TextEncoder {
    strings: Strings,
    text_as: TextAs,
}

impl TextEncoder {
    pub fn boxed(strings: Strings, text_as: TextAs) -> Box<dyn ArrayEncoder> {
        Box::new(Self { strings, text_as })
    }
}

impl ArrayEncoder for TextEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        let text = self.strings.value(row);
        Ok(match self.text_as {
            TextAs::String => {
                bytes::put_string(out, text)?;
                ElementType::String
            }
            TextAs::Code => {
                bytes::put_string(out, text)?;
                ElementType::JavaScriptCode
            }
            TextAs::ObjectId => {
                let id = ObjectId::parse_str(text)
                    .map_err(|_| format!("{text:?} is not a 24-digit hex ObjectId"))?;
                out.extend_from_slice(&id.bytes());
                ElementType::ObjectId
            }
            TextAs::Decimal128 => {
                let decimal: Decimal128 = text
                    .parse()
                    .map_err(|_| format!("{text:?} is not a Decimal128 number"))?;
                out.extend_from_slice(&decimal.bytes());
                ElementType::Decimal128
            }
            TextAs::Uuid => {
                let uuid = Uuid::parse_str(text).map_err(|_| format!("{text:?} is not a UUID"))?;
                bytes::put_binary(out, 4, &uuid.bytes())?;
                ElementType::Binary
            }
            TextAs::ExtendedJson => bytes::put_bson(out, parse_extended_json(text)?)?,
        })
    }
}

/// Reads canonical or relaxed Extended JSON. serde_json's default recursion
/// limit (128) bounds the nesting, so hostile text cannot exhaust the stack.
pub(crate) fn parse_extended_json(text: &str) -> Result<Bson, String> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("invalid Extended JSON: {e}"))?;
    Bson::try_from(json).map_err(|e| format!("invalid Extended JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn encode(text_as: TextAs, value: &str) -> Result<(ElementType, Vec<u8>), String> {
        let array: ArrayRef = Arc::new(StringArray::from(vec![value]));
        let encoder = TextEncoder::boxed(Strings::of(&array).unwrap(), text_as);
        let mut out = Vec::new();
        let t = encoder
            .encode(0, &mut out)
            .map_err(|e| e.into_error(0).to_string())?;
        Ok((t, out))
    }

    #[test]
    fn text_becomes_the_declared_type() {
        let (t, out) = encode(TextAs::ObjectId, "0123456789abcdef01234567").unwrap();
        assert_eq!(t, ElementType::ObjectId);
        assert_eq!(out.len(), 12);
        let (t, _) = encode(TextAs::Decimal128, "1.05E+3").unwrap();
        assert_eq!(t, ElementType::Decimal128);
        let (t, out) = encode(TextAs::ExtendedJson, r#"{"$numberLong":"7"}"#).unwrap();
        assert_eq!((t, out), (ElementType::Int64, 7i64.to_le_bytes().to_vec()));
        let (t, out) = encode(TextAs::Uuid, "00112233-4455-6677-8899-aabbccddeeff").unwrap();
        assert_eq!((t, out[4]), (ElementType::Binary, 4));
    }

    #[test]
    fn unparsable_text_is_an_error_naming_the_value() {
        let error = encode(TextAs::ObjectId, "xyz").unwrap_err();
        assert!(
            error.contains("\"xyz\" is not a 24-digit hex ObjectId"),
            "{error}"
        );
        assert!(encode(TextAs::Decimal128, "1.2.3").is_err());
        assert!(encode(TextAs::ExtendedJson, "{").is_err());
        let deep = "[".repeat(1000) + &"]".repeat(1000);
        assert!(encode(TextAs::ExtendedJson, &deep).is_err());
    }
}
