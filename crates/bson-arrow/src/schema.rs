//! The declared shape of the output: column names and their types.
//!
//! The TypeScript layer sends a schema as JSON (`{"fields":[{"name":"a","type":"double"}]}`);
//! type names are the short names of the public API.

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use serde::Deserialize;

use crate::error::{Error, Result};

/// The column types the decoder can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Double,
    Int32,
    Int64,
    Bool,
    String,
    /// UTC datetime as `Timestamp(Millisecond, "UTC")`.
    Date,
    /// ObjectId as its 24-character lowercase hex string.
    ObjectId,
}

impl ColumnType {
    /// Every accepted short name, in the order they are documented.
    pub const NAMES: [&'static str; 7] = [
        "double", "int32", "int64", "bool", "string", "date", "objectId",
    ];

    /// Parses a short type name such as `"int64"` or `"objectId"`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "double" => Self::Double,
            "int32" => Self::Int32,
            "int64" => Self::Int64,
            "bool" => Self::Bool,
            "string" => Self::String,
            "date" => Self::Date,
            "objectId" => Self::ObjectId,
            _ => return None,
        })
    }

    /// The short name, as accepted by [`ColumnType::from_name`].
    pub fn name(self) -> &'static str {
        match self {
            Self::Double => "double",
            Self::Int32 => "int32",
            Self::Int64 => "int64",
            Self::Bool => "bool",
            Self::String => "string",
            Self::Date => "date",
            Self::ObjectId => "objectId",
        }
    }

    /// The Arrow type of a column of this kind.
    pub fn data_type(self) -> DataType {
        match self {
            Self::Double => DataType::Float64,
            Self::Int32 => DataType::Int32,
            Self::Int64 => DataType::Int64,
            Self::Bool => DataType::Boolean,
            Self::String | Self::ObjectId => DataType::Utf8,
            Self::Date => DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        }
    }
}

/// One declared column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: String,
    pub column_type: ColumnType,
}

/// The declared columns, in output order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaSpec {
    pub columns: Vec<ColumnSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    fields: Vec<RawField>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    #[serde(rename = "type")]
    type_name: String,
}

impl SchemaSpec {
    /// Builds a spec from `(name, type)` pairs, rejecting duplicate names.
    pub fn new(columns: Vec<ColumnSpec>) -> Result<Self> {
        let mut seen = std::collections::HashSet::new();
        for column in &columns {
            if !seen.insert(column.name.as_str()) {
                return Err(Error::InvalidSchema(format!(
                    "field '{}' is declared twice",
                    column.name
                )));
            }
        }
        Ok(Self { columns })
    }

    /// Parses the JSON form sent by the TypeScript layer.
    pub fn from_json(json: &str) -> Result<Self> {
        let raw: RawSchema =
            serde_json::from_str(json).map_err(|e| Error::InvalidSchema(e.to_string()))?;
        let columns = raw
            .fields
            .into_iter()
            .map(|field| {
                let column_type = ColumnType::from_name(&field.type_name).ok_or_else(|| {
                    Error::InvalidSchema(format!(
                        "field '{}' has unknown type '{}' (expected one of: {})",
                        field.name,
                        field.type_name,
                        ColumnType::NAMES.join(", ")
                    ))
                })?;
                Ok(ColumnSpec {
                    name: field.name,
                    column_type,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Self::new(columns)
    }

    /// The Arrow schema of the record batches decoded with this spec. Every
    /// column is nullable: a document may lack any field.
    pub fn arrow_schema(&self) -> SchemaRef {
        let fields: Vec<Field> = self
            .columns
            .iter()
            .map(|c| Field::new(&c.name, c.column_type.data_type(), true))
            .collect();
        Arc::new(Schema::new(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_short_name() {
        for name in ColumnType::NAMES {
            let parsed = ColumnType::from_name(name).expect(name);
            assert_eq!(parsed.name(), name);
        }
    }

    #[test]
    fn unknown_type_is_named_in_the_error() {
        let err = SchemaSpec::from_json(r#"{"fields":[{"name":"a","type":"float128"}]}"#)
            .unwrap_err();
        assert_eq!(err.code(), "INVALID_SCHEMA");
        let message = err.to_string();
        assert!(message.contains("'a'") && message.contains("float128"), "{message}");
    }

    #[test]
    fn duplicate_field_is_rejected() {
        let json = r#"{"fields":[{"name":"a","type":"double"},{"name":"a","type":"int32"}]}"#;
        let err = SchemaSpec::from_json(json).unwrap_err();
        assert!(err.to_string().contains("declared twice"));
    }

    #[test]
    fn malformed_json_is_an_invalid_schema() {
        let err = SchemaSpec::from_json("{").unwrap_err();
        assert_eq!(err.code(), "INVALID_SCHEMA");
    }

    #[test]
    fn dates_are_utc_milliseconds() {
        assert_eq!(
            ColumnType::Date.data_type(),
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
        );
    }
}
