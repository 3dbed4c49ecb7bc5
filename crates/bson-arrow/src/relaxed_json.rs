//! Documents and arrays as relaxed Extended JSON, for `text` cells. Written
//! here rather than by the bson crate's converter, which writes a datetime
//! after the year 9999 as `9999-12-31T23:59:59.999999999Z` (a different
//! instant) and drops the milliseconds of whole seconds; here every datetime
//! is exact and formatted as in a top-level `text` cell. Key order is kept.

use std::fmt::Write;

use bson::raw::RawIter;
use bson::{Bson, RawBsonRef};

use crate::decode_context::DecodeContext;
use crate::decode_error::DecodeError;
use crate::extjson::to_bson;
use crate::iso_date::write_iso_date;

/// Appends the relaxed Extended JSON of `value`; the caller has bounded
/// its depth (see [`crate::extjson::check_depth`]).
pub(crate) fn write_relaxed(
    value: RawBsonRef<'_>,
    ctx: &DecodeContext,
    out: &mut String,
) -> Result<(), DecodeError> {
    match value {
        RawBsonRef::Document(doc) => write_entries(doc.iter_elements(), '{', '}', true, ctx, out),
        RawBsonRef::Array(array) => write_entries(array.iter_elements(), '[', ']', false, ctx, out),
        RawBsonRef::String(s) => write_json_string(s, out),
        RawBsonRef::DateTime(dt) => {
            let millis = dt.timestamp_millis();
            out.push_str(r#"{"$date":"#);
            // Relaxed Extended JSON uses the ISO form for years 1970 through 9999 only.
            let mut iso = String::new();
            if millis >= 0 && write_iso_date(&mut iso, millis) {
                write_json_string(&iso, out)?;
            } else {
                let _ = write!(out, r#"{{"$numberLong":"{millis}"}}"#);
            }
            out.push('}');
            Ok(())
        }
        // Scalars: the bson crate's relaxed form is right for every other type.
        other => {
            let bson: Bson = to_bson(other, ctx)?;
            let _ = write!(out, "{}", bson.into_relaxed_extjson());
            Ok(())
        }
    }
}

fn write_entries(
    elements: RawIter<'_>,
    open: char,
    close: char,
    keyed: bool,
    ctx: &DecodeContext,
    out: &mut String,
) -> Result<(), DecodeError> {
    out.push(open);
    for (i, element) in elements.enumerate() {
        let invalid = |message: String| DecodeError::Invalid { offset: 0, message };
        let element = element.map_err(|e| invalid(e.to_string()))?;
        if i > 0 {
            out.push(',');
        }
        if keyed {
            write_json_string(element.key().as_str(), out)?;
            out.push(':');
        }
        write_relaxed(
            element.value().map_err(|e| invalid(e.to_string()))?,
            ctx,
            out,
        )?;
    }
    out.push(close);
    Ok(())
}

fn write_json_string(s: &str, out: &mut String) -> Result<(), DecodeError> {
    let quoted = serde_json::to_string(s).map_err(|e| DecodeError::Invalid {
        offset: 0,
        message: e.to_string(),
    })?;
    out.push_str(&quoted);
    Ok(())
}

#[cfg(test)]
mod tests {
    use bson::rawdoc;

    use super::*;
    use crate::options::ConflictPolicy;

    fn relaxed(value: RawBsonRef<'_>) -> String {
        let mut out = String::new();
        write_relaxed(value, &DecodeContext::new(ConflictPolicy::Error), &mut out).unwrap();
        out
    }

    #[test]
    fn nested_dates_are_exact_in_every_year() {
        let date = |ms| bson::DateTime::from_millis(ms);
        let doc = rawdoc! {
            "late": date(253_402_300_800_000),
            "whole": date(0),
            "early": date(-1),
            "list": [date(500), "s\"q", 2.5, 4.0, { "k": bson::RawBson::Null }],
        };
        assert_eq!(
            relaxed(RawBsonRef::Document(&doc)),
            concat!(
                r#"{"late":{"$date":{"$numberLong":"253402300800000"}},"#,
                r#""whole":{"$date":"1970-01-01T00:00:00.000Z"},"#,
                r#""early":{"$date":{"$numberLong":"-1"}},"#,
                r#""list":[{"$date":"1970-01-01T00:00:00.500Z"},"s\"q",2.5,4.0,{"k":null}]}"#
            )
        );
    }
}
