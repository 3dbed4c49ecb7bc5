//! Decoder options, sent from TypeScript as a small JSON object:
//! `{"conflictPolicy":"error"|"null"|"string","objectId":"hex"|"binary",
//!   "decimal128":"string"|"binary","uuidAsString":bool,"emptyStringsAsNull":bool,
//!   "countNestedSkipped":bool}`; every key optional.

use bson_arrow::{
    ConflictPolicy, Decimal128Representation, DecoderOptions, ObjectIdRepresentation,
};
use napi::Error;

use crate::error::{invalid_argument, Code};

pub fn parse_options(json: Option<&str>) -> Result<DecoderOptions, Error<Code>> {
    let mut options = DecoderOptions::new();
    let Some(json) = json else {
        return Ok(options);
    };
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| invalid_argument(format!("decoder options: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid_argument("decoder options must be an object"))?;
    for (key, value) in object {
        let text = value.as_str();
        options = match (key.as_str(), text) {
            ("conflictPolicy", Some("error")) => {
                options.with_conflict_policy(ConflictPolicy::Error)
            }
            ("conflictPolicy", Some("null")) => options.with_conflict_policy(ConflictPolicy::Null),
            ("conflictPolicy", Some("string")) => {
                options.with_conflict_policy(ConflictPolicy::String)
            }
            ("objectId", Some("hex")) => options.with_object_id(ObjectIdRepresentation::Hex),
            ("objectId", Some("binary")) => options.with_object_id(ObjectIdRepresentation::Binary),
            ("decimal128", Some("string")) => {
                options.with_decimal128(Decimal128Representation::String)
            }
            ("decimal128", Some("binary")) => {
                options.with_decimal128(Decimal128Representation::Binary)
            }
            ("uuidAsString", _) if value.is_boolean() => {
                options.with_infer_uuid_as_string(value.as_bool() == Some(true))
            }
            ("emptyStringsAsNull", _) if value.is_boolean() => {
                options.with_empty_strings_as_null(value.as_bool() == Some(true))
            }
            ("countNestedSkipped", _) if value.is_boolean() => {
                options.with_count_nested_skipped(value.as_bool() == Some(true))
            }
            _ => {
                return Err(invalid_argument(format!(
                    "decoder options: invalid {key} = {value}"
                )))
            }
        };
    }
    Ok(options)
}
