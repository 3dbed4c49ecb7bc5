//! Values as plain text: what a `text` column holds and what the `string`
//! conflict policy stores. Unlike canonical Extended JSON, a reader can use
//! the text as it is: strings unchanged, numbers in decimal (a double always
//! with a `.` or an exponent, so `4.0` stays apart from the int `4`),
//! ObjectIds as 24 hex digits, dates in ISO 8601 with milliseconds,
//! Decimal128 exactly; documents, arrays and the rarer types as relaxed
//! Extended JSON, keys in their stored order.

use std::fmt::Write;

use bson::RawBsonRef;

use crate::decimal128::write_decimal128;
use crate::decode_context::DecodeContext;
use crate::decode_error::DecodeError;
use crate::extjson::check_depth;
use crate::iso_date::write_iso_date;
use crate::options::ConflictPolicy;
use crate::raw::Elements;
use crate::relaxed_json::write_relaxed;

/// Appends the plain text of `value` to `out`.
pub(crate) fn write_plain(
    value: RawBsonRef<'_>,
    ctx: &DecodeContext,
    out: &mut String,
) -> Result<(), DecodeError> {
    match value {
        RawBsonRef::String(s) | RawBsonRef::Symbol(s) | RawBsonRef::JavaScriptCode(s) => {
            out.push_str(s)
        }
        RawBsonRef::Int32(v) => write_display(out, v),
        RawBsonRef::Int64(v) => write_display(out, v),
        RawBsonRef::Double(v) => write_double(out, v),
        RawBsonRef::Boolean(v) => out.push_str(if v { "true" } else { "false" }),
        RawBsonRef::ObjectId(oid) => out.push_str(&oid.to_hex()),
        RawBsonRef::Decimal128(d) => {
            let _ = write_decimal128(d.bytes(), out);
        }
        RawBsonRef::DateTime(dt) => {
            let millis = dt.timestamp_millis();
            if !write_iso_date(out, millis) {
                let _ = write!(out, r#"{{"$date":{{"$numberLong":"{millis}"}}}}"#);
            }
        }
        other => {
            let nested = match other {
                RawBsonRef::Document(doc) => Some(doc.iter_elements()),
                RawBsonRef::Array(array) => Some(array.iter_elements()),
                _ => None,
            };
            if let Some(elements) = nested {
                // The writer recurses: bound the depth first.
                check_depth(elements, ctx)?;
            }
            write_relaxed(other, ctx, out)?
        }
    }
    Ok(())
}

/// The plain text of `value` as a new string.
pub(crate) fn render_plain(
    value: RawBsonRef<'_>,
    ctx: &DecodeContext,
) -> Result<String, DecodeError> {
    let mut out = String::new();
    write_plain(value, ctx, &mut out)?;
    Ok(out)
}

/// The `_id` of a top-level document as plain text, for error messages;
/// `None` when it has none or the document is malformed.
pub(crate) fn id_of(doc: &[u8]) -> Option<String> {
    let mut elements = Elements::new(doc, 0).ok()?;
    while let Some(element) = elements.next_element(Some(b"_id")).ok()? {
        if element.expected {
            let ctx = DecodeContext::new(ConflictPolicy::Error);
            return render_plain(element.value().ok()?, &ctx).ok();
        }
    }
    None
}

fn write_display(out: &mut String, value: impl std::fmt::Display) {
    let _ = write!(out, "{value}");
}

/// Shortest round-trip digits; Rust's `Debug` keeps `.0` on integral values.
fn write_double(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("NaN");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        let _ = write!(out, "{v:?}");
    }
}

#[cfg(test)]
mod tests {
    use bson::oid::ObjectId;
    use bson::rawdoc;

    use super::*;

    fn plain(value: RawBsonRef<'_>) -> String {
        render_plain(value, &DecodeContext::new(ConflictPolicy::Error)).unwrap()
    }

    #[test]
    fn scalars_are_plain() {
        assert_eq!(plain(RawBsonRef::String("")), "");
        assert_eq!(plain(RawBsonRef::Int32(4)), "4");
        assert_eq!(
            plain(RawBsonRef::Int64(-9_007_199_254_740_993)),
            "-9007199254740993"
        );
        assert_eq!(plain(RawBsonRef::Double(2.2)), "2.2");
        assert_eq!(plain(RawBsonRef::Double(4.0)), "4.0");
        assert_eq!(plain(RawBsonRef::Double(1e300)), "1e300");
        assert_eq!(plain(RawBsonRef::Double(f64::NEG_INFINITY)), "-Infinity");
        assert_eq!(plain(RawBsonRef::Boolean(true)), "true");
        let oid = ObjectId::parse_str("53c2ab5e4291b17b666d742a").unwrap();
        assert_eq!(plain(RawBsonRef::ObjectId(oid)), "53c2ab5e4291b17b666d742a");
    }

    #[test]
    fn dates_are_iso_8601_with_milliseconds() {
        let date = |ms| plain(RawBsonRef::DateTime(bson::DateTime::from_millis(ms)));
        assert_eq!(date(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(date(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(date(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(date(-62_167_219_200_000), "0000-01-01T00:00:00.000Z");
        assert_eq!(
            date(253_402_300_800_000),
            r#"{"$date":{"$numberLong":"253402300800000"}}"#
        );
    }

    #[test]
    fn documents_keep_their_key_order() {
        let doc = rawdoc! { "z": 1, "a": { "y": 2.5, "b": "s" } };
        assert_eq!(
            plain(RawBsonRef::Document(&doc)),
            r#"{"z":1,"a":{"y":2.5,"b":"s"}}"#
        );
    }
}
