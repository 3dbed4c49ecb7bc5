//! [`make_encoder`]: which encoder writes a column, from its Arrow type, its
//! extension metadata and the declared [`FieldType`], if any.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::ArrayRef;
use arrow_schema::{DataType, Field, TimeUnit};

use super::binary::{subtype_from_metadata, Bytes, BytesAs, BytesEncoder};
use super::decimal::ArrowDecimalEncoder;
use super::dictionary::DictionaryEncoder;
use super::document::DocumentEncoder;
use super::list::ListEncoder;
use super::map::MapEncoder;
use super::primitive::{self as p, primitive, BooleanEncoder, NullEncoder};
use super::special::{PairAs, PairEncoder};
use super::text::{Strings, TextAs, TextEncoder};
use super::{ArrayEncoder, BuildContext};
use crate::error::Error;
use crate::schema::FieldType;
use crate::schema::{
    BSON_TYPE_KEY, TEXT_DECIMAL128, TEXT_EXTENDED_JSON, TEXT_OBJECT_ID, TEXT_UUID,
};

/// The field metadata keys of Arrow extension types, as the decoder writes them.
const EXTENSION_NAME: &str = "ARROW:extension:name";
const EXTENSION_METADATA: &str = "ARROW:extension:metadata";

/// Builds the encoder of one column. `path` names it in errors.
pub(crate) fn make_encoder(
    array: &ArrayRef,
    field: &Field,
    hint: Option<&FieldType>,
    path: &str,
    cx: BuildContext,
) -> Result<Box<dyn ArrayEncoder>, Error> {
    let data_type = array.data_type();
    let mismatch = |hint: Option<&FieldType>| {
        let declared = hint.map_or_else(|| "none".to_string(), FieldType::describe);
        Error::UnsupportedType(format!(
            "column '{path}': declared type {declared} cannot be written from Arrow type {data_type}"
        ))
    };
    let metadata = field.metadata();
    let extension = metadata.get(EXTENSION_NAME).map(String::as_str);

    if let Some(dictionary) = DictionaryEncoder::new(array, field, hint, path, cx) {
        return Ok(Box::new(dictionary?));
    }
    if let Some(strings) = Strings::of(array) {
        let tag = metadata.get(BSON_TYPE_KEY).map(String::as_str);
        let text_as = text_as(hint, extension, tag).ok_or_else(|| mismatch(hint))?;
        return Ok(TextEncoder::boxed(strings, text_as));
    }
    if let Some(bytes) = Bytes::of(array) {
        let subtype = metadata
            .get(EXTENSION_METADATA)
            .and_then(|m| subtype_from_metadata(m));
        let bytes_as = bytes_as(hint, extension, subtype).ok_or_else(|| mismatch(hint))?;
        return Ok(BytesEncoder::boxed(bytes, bytes_as));
    }
    if let DataType::Struct(_) = data_type {
        let array = array.as_struct();
        let pair = match hint {
            Some(FieldType::Regex) => Some(PairAs::Regex),
            Some(FieldType::Timestamp) => Some(PairAs::Timestamp),
            Some(FieldType::CodeWithScope) => Some(PairAs::CodeWithScope),
            Some(FieldType::Document(_)) => None,
            Some(_) => return Err(mismatch(hint)),
            None => PairAs::tagged(extension),
        };
        return match pair {
            Some(pair) if pair.fits(array) => Ok(PairEncoder::boxed(pair, array)),
            Some(_) if hint.is_some() => Err(mismatch(hint)),
            Some(_) => Err(Error::UnsupportedType(format!(
                "column '{path}': tagged {} but Arrow type {data_type} is not its layout",
                extension.unwrap_or_default()
            ))),
            None => {
                let hints = match hint {
                    Some(FieldType::Document(fields)) => Some(fields.as_slice()),
                    _ => None,
                };
                Ok(Box::new(DocumentEncoder::of_struct(
                    array, hints, path, cx,
                )?))
            }
        };
    }
    let item_hint = match hint {
        Some(FieldType::List(item)) => Some(item.as_ref()),
        _ => None,
    };
    if let Some(list) = ListEncoder::new(array, item_hint, path, cx) {
        if hint.is_some_and(|h| !matches!(h, FieldType::List(_))) {
            return Err(mismatch(hint));
        }
        return Ok(Box::new(list?));
    }
    let value_hint = match hint {
        Some(FieldType::Map(values)) => Some(values.as_ref()),
        _ => None,
    };
    if let Some(map) = MapEncoder::new(array, value_hint, path, cx) {
        if hint.is_some_and(|h| !matches!(h, FieldType::Map(_))) {
            return Err(mismatch(hint));
        }
        return Ok(Box::new(map?));
    }
    if hint.is_some_and(|h| !fits_fixed_width(h)) {
        return Err(mismatch(hint));
    }
    Ok(match data_type {
        DataType::Null => Box::new(NullEncoder),
        DataType::Boolean => BooleanEncoder::boxed(array),
        DataType::Int8 => primitive::<Int8Type>(array, |v, out| p::int32(v.into(), out)),
        DataType::Int16 => primitive::<Int16Type>(array, |v, out| p::int32(v.into(), out)),
        DataType::Int32 => primitive::<Int32Type>(array, p::int32),
        DataType::UInt8 => primitive::<UInt8Type>(array, |v, out| p::int32(v.into(), out)),
        DataType::UInt16 => primitive::<UInt16Type>(array, |v, out| p::int32(v.into(), out)),
        DataType::UInt32 => primitive::<UInt32Type>(array, |v, out| p::int64(v.into(), out)),
        DataType::Int64 => primitive::<Int64Type>(array, p::int64),
        DataType::UInt64 => primitive::<UInt64Type>(array, p::uint64),
        DataType::Float32 => primitive::<Float32Type>(array, |v, out| p::double(v.into(), out)),
        DataType::Float64 => primitive::<Float64Type>(array, p::double),
        DataType::Timestamp(unit, _) if cx.js_date_range => js_timestamp(array, unit),
        DataType::Date32 if cx.js_date_range => primitive::<Date32Type>(array, |v, out| {
            p::js_datetime_millis(i64::from(v) * 86_400_000, out)
        }),
        DataType::Date64 if cx.js_date_range => {
            primitive::<Date64Type>(array, p::js_datetime_millis)
        }
        DataType::Timestamp(TimeUnit::Second, _) => {
            primitive::<TimestampSecondType>(array, p::datetime_seconds)
        }
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            primitive::<TimestampMillisecondType>(array, p::datetime_millis)
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            primitive::<TimestampMicrosecondType>(array, p::datetime_micros)
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            primitive::<TimestampNanosecondType>(array, p::datetime_nanos)
        }
        DataType::Date32 => primitive::<Date32Type>(array, p::date_days),
        DataType::Date64 => primitive::<Date64Type>(array, p::datetime_millis),
        DataType::Decimal128(_, scale) => ArrowDecimalEncoder::boxed(array, *scale),
        other => {
            return Err(Error::UnsupportedType(format!(
                "column '{path}': Arrow type {other} has no BSON form"
            )))
        }
    })
}

/// A timestamp column's encoder refusing datetimes beyond a JavaScript `Date`.
fn js_timestamp(array: &ArrayRef, unit: &TimeUnit) -> Box<dyn ArrayEncoder> {
    match unit {
        TimeUnit::Second => primitive::<TimestampSecondType>(array, |v, out| {
            p::js_datetime_millis(p::millis_of_seconds(v)?, out)
        }),
        TimeUnit::Millisecond => {
            primitive::<TimestampMillisecondType>(array, p::js_datetime_millis)
        }
        TimeUnit::Microsecond => primitive::<TimestampMicrosecondType>(array, |v, out| {
            p::js_datetime_millis(v.div_euclid(1_000), out)
        }),
        TimeUnit::Nanosecond => primitive::<TimestampNanosecondType>(array, |v, out| {
            p::js_datetime_millis(v.div_euclid(1_000_000), out)
        }),
    }
}

/// The BSON type of a text column: the declared one, else the one its
/// extension (PyMongoArrow's code) or tag (the decoder's `mongodb-arrow.bson_type`
/// on text layouts of ObjectId, Decimal128, UUID, Extended JSON) names, else string. `None`: the declared type
/// is not one text can stand for.
fn text_as(hint: Option<&FieldType>, extension: Option<&str>, tag: Option<&str>) -> Option<TextAs> {
    Some(match hint {
        None => match (extension, tag) {
            (Some("pymongoarrow.code"), _) => TextAs::Code,
            (_, Some(TEXT_OBJECT_ID)) => TextAs::ObjectId,
            (_, Some(TEXT_DECIMAL128)) => TextAs::Decimal128,
            (_, Some(TEXT_UUID)) => TextAs::Uuid,
            (_, Some(TEXT_EXTENDED_JSON)) => TextAs::ExtendedJson,
            _ => TextAs::String,
        },
        // A `text` column's values go back as strings: which of them were
        // numbers or ObjectIds before is only in the read's report.
        Some(FieldType::String | FieldType::Text) => TextAs::String,
        Some(FieldType::Code) => TextAs::Code,
        Some(FieldType::ObjectId) => TextAs::ObjectId,
        Some(FieldType::Decimal128(None)) => TextAs::Decimal128,
        Some(FieldType::Uuid) => TextAs::Uuid,
        Some(FieldType::ExtendedJson) => TextAs::ExtendedJson,
        Some(_) => return None,
    })
}

/// The BSON type of a byte column: the declared one, else the one its
/// PyMongoArrow (or canonical `arrow.uuid`) extension names, else generic
/// binary.
fn bytes_as(
    hint: Option<&FieldType>,
    extension: Option<&str>,
    subtype: Option<u8>,
) -> Option<BytesAs> {
    const UUID_SUBTYPE: u8 = 4;
    Some(match (hint, extension) {
        (Some(FieldType::ObjectId), _) | (None, Some("pymongoarrow.objectid")) => BytesAs::ObjectId,
        (Some(FieldType::Decimal128(None)), _) | (None, Some("pymongoarrow.decimal128")) => {
            BytesAs::Decimal128
        }
        (Some(FieldType::Binary { subtype: declared }), _) => {
            BytesAs::Binary(declared.or(subtype).unwrap_or(0))
        }
        (Some(FieldType::Uuid), _) | (None, Some("arrow.uuid")) => BytesAs::Binary(UUID_SUBTYPE),
        (None, _) => BytesAs::Binary(subtype.unwrap_or(0)),
        (Some(_), _) => return None,
    })
}

/// Whether a declared type may describe a fixed-width Arrow column: the
/// Arrow type decides those, so only types needing text, bytes, structs or
/// lists are refused.
fn fits_fixed_width(hint: &FieldType) -> bool {
    matches!(
        hint,
        FieldType::Null
            | FieldType::Double
            | FieldType::Int32
            | FieldType::Int64
            | FieldType::Bool
            | FieldType::Date(_)
            | FieldType::Decimal128(Some(_))
    )
}
