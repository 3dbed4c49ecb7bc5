//! Text columns (Utf8): strings, JavaScript code, plain-text or Extended
//! JSON renderings of any value, and the text forms of ObjectIds, UUIDs and
//! Decimal128. The text kinds are the columns that can take a conflicting
//! value as text under [`crate::ConflictPolicy::String`].

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::ArrayRef;
use bson::RawBsonRef;

use super::array_decoder::ArrayDecoder;
use crate::decimal128::write_decimal128;
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeResult, Mismatch};
use crate::extjson::render_canonical;
use crate::plain_text::write_plain;
use crate::type_counts::TypeCounts;

/// Which BSON values a text column takes, and how it writes them.
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
    /// ObjectIds as 24 lowercase hex digits, the form every Arrow consumer
    /// can read.
    ObjectIdHex,
    /// Binary subtype 4 as the canonical `8-4-4-4-12` lowercase hex form.
    Uuid,
    /// Decimal128 as its exact text, as MongoDB prints it.
    Decimal128,
}

impl TextKind {
    /// Whether the column is text to the user, so that a conflicting value
    /// may be stored as its text; the fixed formats are not.
    fn holds_text(self) -> bool {
        matches!(
            self,
            Self::String | Self::Code | Self::ExtendedJson | Self::Plain
        )
    }
}

/// The BSON subtype of UUIDs in the standard byte order.
const UUID_SUBTYPE: u8 = 4;

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

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

impl TextDecoder {
    pub fn kind(&self) -> TextKind {
        self.kind
    }

    /// Appends a string a `String` column stores as it is.
    #[inline(always)]
    pub fn append_str(&mut self, text: &str) {
        self.builder.append_value(text);
    }

    /// Appends an ObjectId's 24 lowercase hex digits, encoded on the stack:
    /// `ObjectId::to_hex` would allocate a String per row.
    #[inline]
    pub fn append_object_id(&mut self, id: &[u8; 12]) {
        let mut hex = [0u8; 24];
        for (i, byte) in id.iter().enumerate() {
            hex[2 * i] = HEX_DIGITS[usize::from(byte >> 4)];
            hex[2 * i + 1] = HEX_DIGITS[usize::from(byte & 0x0f)];
        }
        let text = std::str::from_utf8(&hex).expect("hex digits are ASCII");
        self.builder.append_value(text);
    }
}

impl ArrayDecoder for TextDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult {
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
            (TextKind::ObjectIdHex, RawBsonRef::ObjectId(oid)) => {
                self.append_object_id(&oid.bytes())
            }
            (TextKind::Uuid, RawBsonRef::Binary(binary))
                if u8::from(binary.subtype) == UUID_SUBTYPE =>
            {
                let bytes: [u8; 16] = binary.bytes.try_into().map_err(|_| Mismatch::of(&value))?;
                self.builder.append_value(canonical_uuid(bytes));
            }
            (TextKind::Decimal128, RawBsonRef::Decimal128(d)) => {
                // The builder appends what is written to it as the next value.
                write_decimal128(d.bytes(), &mut self.builder)
                    .expect("a string builder does not fail");
                self.builder.append_value("");
            }
            (_, other) => return Err(Mismatch::of(&other).into()),
        }
        Ok(())
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn append_text(&mut self, text: &str) -> bool {
        if self.kind.holds_text() {
            self.builder.append_value(text);
        }
        self.kind.holds_text()
    }

    fn finish(&mut self) -> ArrayRef {
        Arc::new(self.builder.finish())
    }

    fn converted(&self) -> Option<&TypeCounts> {
        (self.kind == TextKind::Plain).then_some(&self.converted)
    }
}

/// The `8-4-4-4-12` lowercase hex form of a UUID.
fn canonical_uuid(bytes: [u8; 16]) -> String {
    let mut text = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;

    use arrow_array::Array;
    use bson::oid::ObjectId;
    use bson::spec::BinarySubtype;
    use bson::RawBinaryRef;

    use super::*;
    use crate::decoder::array_decoder::test_append;

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

    #[test]
    fn object_ids_match_the_bson_crate_hex() {
        let mut d = TextDecoder::new(TextKind::ObjectIdHex);
        let ids: Vec<ObjectId> = (0..50).map(|_| ObjectId::new()).collect();
        for id in &ids {
            test_append(&mut d, RawBsonRef::ObjectId(*id)).unwrap();
        }
        assert!(!d.append_text("not an id"));
        let array = d.finish();
        let strings = array.as_string::<i32>();
        assert_eq!(strings.len(), ids.len());
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(strings.value(i), id.to_hex());
        }
    }

    fn binary(subtype: BinarySubtype, bytes: &[u8]) -> RawBsonRef<'_> {
        RawBsonRef::Binary(RawBinaryRef { subtype, bytes })
    }

    #[test]
    fn uuids_become_canonical_strings() {
        let uuid = bson::Uuid::new();
        let bytes = uuid.bytes();
        let mut d = TextDecoder::new(TextKind::Uuid);
        test_append(&mut d, binary(BinarySubtype::Uuid, &bytes)).unwrap();
        assert!(test_append(&mut d, binary(BinarySubtype::Uuid, b"short")).is_err());
        assert!(test_append(&mut d, binary(BinarySubtype::Generic, &bytes)).is_err());
        let array = d.finish();
        assert_eq!(array.as_string::<i32>().value(0), uuid.to_string());
    }

    #[test]
    fn decimals_keep_their_exact_text() {
        let mut d = TextDecoder::new(TextKind::Decimal128);
        let decimal: bson::Decimal128 = "-12.340".parse().unwrap();
        test_append(&mut d, RawBsonRef::Decimal128(decimal)).unwrap();
        assert!(test_append(&mut d, RawBsonRef::Double(1.0)).is_err());
        assert_eq!(d.finish().as_string::<i32>().value(0), "-12.340");
    }
}
