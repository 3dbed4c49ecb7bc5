//! The schema of an Arrow schema: the inverse of `arrow.rs`, for the Arrow
//! types this crate writes and the common ones other tools write (LargeUtf8,
//! LargeBinary, timestamps of any unit and zone, Decimal128 of any scale).
//! PyMongoArrow's extension names say which BSON type a column holds.

use arrow_schema::{DataType, Field, Schema};

use super::{DateSpec, DecimalSpec, FieldSpec, FieldType, SchemaSpec};
use crate::error::{Error, Result};
use crate::limits::MAX_NESTING_DEPTH;

use super::arrow::{
    BSON_TYPE_KEY, CODE_WITH_SCOPE_EXTENSION, EXTENSION_NAME, REGEX_EXTENSION, TEXT_DECIMAL128,
    TEXT_EXTENDED_JSON, TEXT_OBJECT_ID, TEXT_UUID, TIMESTAMP_EXTENSION,
};

/// Whether the field is laid out as text, the only layout our text tags name.
fn is_text(field: &Field) -> bool {
    matches!(field.data_type(), DataType::Utf8 | DataType::LargeUtf8)
}

impl SchemaSpec {
    /// The schema whose Arrow schema `schema` is; `UNSUPPORTED_TYPE` for an
    /// Arrow type with no BSON mapping, naming the field's path.
    pub fn from_arrow(schema: &Schema) -> Result<Self> {
        let fields = schema
            .fields()
            .iter()
            .map(|field| field_from_arrow(field, field.name(), 1))
            .collect::<Result<_>>()?;
        SchemaSpec::new(fields)
    }
}

fn field_from_arrow(field: &Field, path: &str, depth: usize) -> Result<FieldSpec> {
    if depth > MAX_NESTING_DEPTH {
        return Err(Error::InvalidSchema(format!(
            "field '{path}' nests deeper than {MAX_NESTING_DEPTH} levels (the limit of a schema)"
        )));
    }
    let metadata = field.metadata();
    let tag = metadata.get(BSON_TYPE_KEY).filter(|_| is_text(field));
    let field_type = match (
        metadata.get(EXTENSION_NAME).map(String::as_str),
        tag.map(String::as_str),
    ) {
        (Some("pymongoarrow.objectid"), _) => FieldType::ObjectId,
        (Some("pymongoarrow.decimal128"), _) => FieldType::Decimal128(None),
        (Some("pymongoarrow.code"), _) => FieldType::Code,
        (Some(REGEX_EXTENSION), _) => FieldType::Regex,
        (Some(CODE_WITH_SCOPE_EXTENSION), _) => FieldType::CodeWithScope,
        (Some(TIMESTAMP_EXTENSION), _) => FieldType::Timestamp,
        (_, Some(TEXT_OBJECT_ID)) => FieldType::ObjectId,
        (_, Some(TEXT_DECIMAL128)) => FieldType::Decimal128(None),
        (_, Some(TEXT_UUID)) => FieldType::Uuid,
        (_, Some(TEXT_EXTENDED_JSON)) => FieldType::ExtendedJson,
        _ => type_from_arrow(field.data_type(), path, depth)?,
    };
    // A non-nullable field of a struct or of the schema is a required field;
    // for list items and map values the callers keep only the type. A `null`
    // column cannot be required: some tools write it non-nullable anyway.
    let nullable = field.is_nullable() || field_type == FieldType::Null;
    Ok(FieldSpec {
        nullable,
        ..FieldSpec::new(field.name().clone(), field_type)
    })
}

fn type_from_arrow(data_type: &DataType, path: &str, depth: usize) -> Result<FieldType> {
    let unsupported = |why: &str| {
        Error::UnsupportedType(format!(
            "field '{path}': Arrow type {data_type} has no BSON mapping{why}"
        ))
    };
    Ok(match data_type {
        DataType::Null => FieldType::Null,
        DataType::Int32 => FieldType::Int32,
        DataType::Int64 => FieldType::Int64,
        DataType::Float64 => FieldType::Double,
        DataType::Boolean => FieldType::Bool,
        DataType::Utf8 | DataType::LargeUtf8 => FieldType::String,
        DataType::Binary | DataType::LargeBinary => FieldType::Binary { subtype: None },
        DataType::Decimal128(precision, scale) => FieldType::Decimal128(Some(DecimalSpec {
            precision: *precision,
            scale: *scale,
        })),
        DataType::Timestamp(unit, timezone) => FieldType::Date(DateSpec {
            unit: *unit,
            timezone: timezone.clone(),
        }),
        DataType::List(item) => {
            let path = format!("{path}[]");
            FieldType::List(Box::new(
                field_from_arrow(item, &path, depth + 1)?.field_type,
            ))
        }
        DataType::Map(entries, _) => {
            let DataType::Struct(parts) = entries.data_type() else {
                return Err(unsupported(""));
            };
            match (parts.first(), parts.get(1)) {
                (Some(key), Some(value))
                    if matches!(key.data_type(), DataType::Utf8 | DataType::LargeUtf8) =>
                {
                    let path = format!("{path}{{}}");
                    FieldType::Map(Box::new(
                        field_from_arrow(value, &path, depth + 1)?.field_type,
                    ))
                }
                _ => return Err(unsupported(" (a map needs Utf8 keys to be a document)")),
            }
        }
        DataType::Struct(fields) => FieldType::Document(
            fields
                .iter()
                .map(|child| {
                    field_from_arrow(child, &format!("{path}.{}", child.name()), depth + 1)
                })
                .collect::<Result<_>>()?,
        ),
        _ => return Err(unsupported("")),
    })
}
