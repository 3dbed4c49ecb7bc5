//! Values as plain text: what a `text` column holds and what the `string`
//! conflict policy stores. Unlike canonical Extended JSON, a reader can use
//! the text as it is: strings unchanged, numbers in decimal (a double always
//! with a `.` or an exponent, so `4.0` stays apart from the int `4`),
//! ObjectIds as 24 hex digits, dates in ISO 8601 with milliseconds,
//! Decimal128 exactly; documents, arrays and the rarer types as relaxed
//! Extended JSON, keys in their stored order.

use std::fmt::Write;

use bson::RawBsonRef;

use crate::decoder::{write_decimal128, DecodeContext, DecodeError};
use crate::extjson::check_depth;
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
            let ctx = DecodeContext::new(crate::options::ConflictPolicy::Error);
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

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for years 0 through 9999; false outside them
/// (the caller falls back to Extended JSON's `$numberLong` form).
pub(crate) fn write_iso_date(out: &mut String, millis: i64) -> bool {
    const MIN: i64 = -62_167_219_200_000; // 0000-01-01T00:00:00Z
    const MAX: i64 = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
    if !(MIN..=MAX).contains(&millis) {
        return false;
    }
    let days = millis.div_euclid(86_400_000);
    let ms_of_day = millis.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000
    );
    true
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (the
/// well-known era-based algorithm: 400-year eras of 146,097 days).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use bson::oid::ObjectId;
    use bson::rawdoc;

    use super::*;
    use crate::options::ConflictPolicy;

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
