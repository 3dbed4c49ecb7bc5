//! The declared shape of the output: a tree of named fields and their types.
//!
//! The same [`SchemaSpec`] is what the decoder takes, what schema inference
//! produces and what the TypeScript layer sends as JSON (see the crate docs
//! for the JSON form). The Arrow schema follows from it and the
//! [`crate::DecoderOptions`].

mod arrow;
pub(crate) use arrow::{
    BSON_TYPE_KEY, TEXT_DECIMAL128, TEXT_EXTENDED_JSON, TEXT_OBJECT_ID, TEXT_UUID,
};
mod from_arrow;
mod json;

pub(crate) use arrow::{
    fields_of, map_entries, CODE_WITH_SCOPE_EXTENSION, LIST_ITEM_NAME, REGEX_EXTENSION,
    TIMESTAMP_EXTENSION,
};

use std::collections::HashSet;
use std::sync::Arc;

use arrow_schema::TimeUnit;

use crate::error::{Error, Result};
use crate::limits::MAX_NESTING_DEPTH;
use crate::options::{ConflictPolicy, DecoderOptions};

/// A datetime column's Arrow unit and time zone (`None`: a naive timestamp).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateSpec {
    pub unit: TimeUnit,
    pub timezone: Option<Arc<str>>,
}

impl Default for DateSpec {
    /// `Timestamp(Millisecond, "UTC")`: BSON's own resolution and zone.
    fn default() -> Self {
        Self {
            unit: TimeUnit::Millisecond,
            timezone: Some("UTC".into()),
        }
    }
}

/// An Arrow `Decimal128(precision, scale)` layout for `decimal128` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalSpec {
    pub precision: u8,
    pub scale: i8,
}

/// The type of one field; documents and arrays nest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// Only nulls seen (inference) or declared so: an Arrow `Null` column.
    Null,
    Double,
    Int32,
    Int64,
    Bool,
    String,
    Date(DateSpec),
    ObjectId,
    /// Without a [`DecimalSpec`], laid out per [`crate::Decimal128Representation`].
    Decimal128(Option<DecimalSpec>),
    /// Binary data; with a subtype, values of other subtypes are conflicts and
    /// the subtype is recorded in the field metadata.
    Binary {
        subtype: Option<u8>,
    },
    /// Binary subtype 4 as the canonical `8-4-4-4-12` UUID string.
    Uuid,
    /// JavaScript code as Utf8.
    Code,
    /// JavaScript code with scope as `Struct{code: Utf8, scope: Utf8}`, the
    /// scope as canonical Extended JSON.
    CodeWithScope,
    /// Regular expression as `Struct{pattern: Utf8, options: Utf8}`.
    Regex,
    /// BSON (replication) timestamp as `Struct{t: UInt32, i: UInt32}`.
    Timestamp,
    /// Any value as canonical Extended JSON text: the mapping of MinKey,
    /// MaxKey and DBPointer, and an escape hatch for fields of mixed types.
    ExtendedJson,
    /// Any value as plain text (Utf8): strings as they are, numbers in
    /// decimal, ObjectIds in hex, dates in ISO 8601, documents as relaxed
    /// Extended JSON. What inference makes of a field whose values' types
    /// cannot share a column; the read's report counts the converted values.
    Text,
    /// An embedded document as an Arrow Struct of its declared fields.
    Document(Vec<FieldSpec>),
    /// An array as an Arrow List of its item type.
    List(Box<FieldType>),
    /// An embedded document whose keys are data, not field names, as an
    /// Arrow `Map<Utf8, T>` of its values' type: one entry per key, in
    /// stored order.
    Map(Box<FieldType>),
}

impl FieldType {
    /// Every short name accepted in the JSON form, in documentation order.
    pub const SHORT_NAMES: [&'static str; 18] = [
        "null",
        "double",
        "int32",
        "int64",
        "bool",
        "string",
        "date",
        "objectId",
        "decimal128",
        "binary",
        "uuid",
        "code",
        "codeWithScope",
        "regex",
        "timestamp",
        "extendedJson",
        "text",
        "document",
    ];

    /// The type a short name stands for, with default parameters. `list`
    /// and `map` need their item or value type and so have no short form.
    pub fn from_short_name(name: &str) -> Option<Self> {
        Some(match name {
            "null" => Self::Null,
            "double" => Self::Double,
            "int32" => Self::Int32,
            "int64" => Self::Int64,
            "bool" => Self::Bool,
            "string" => Self::String,
            "date" => Self::Date(DateSpec::default()),
            "objectId" => Self::ObjectId,
            "decimal128" => Self::Decimal128(None),
            "binary" => Self::Binary { subtype: None },
            "uuid" => Self::Uuid,
            "code" => Self::Code,
            "codeWithScope" => Self::CodeWithScope,
            "regex" => Self::Regex,
            "timestamp" => Self::Timestamp,
            "extendedJson" => Self::ExtendedJson,
            "text" => Self::Text,
            "document" => Self::Document(Vec::new()),
            _ => return None,
        })
    }

    /// The short name of this type's family (`"list"` for lists, `"map"` for maps).
    pub fn short_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Double => "double",
            Self::Int32 => "int32",
            Self::Int64 => "int64",
            Self::Bool => "bool",
            Self::String => "string",
            Self::Date(_) => "date",
            Self::ObjectId => "objectId",
            Self::Decimal128(_) => "decimal128",
            Self::Binary { .. } => "binary",
            Self::Uuid => "uuid",
            Self::Code => "code",
            Self::CodeWithScope => "codeWithScope",
            Self::Regex => "regex",
            Self::Timestamp => "timestamp",
            Self::ExtendedJson => "extendedJson",
            Self::Text => "text",
            Self::Document(_) => "document",
            Self::List(_) => "list",
            Self::Map(_) => "map",
        }
    }

    /// How error messages name this type: the short name, and `list<T>` and
    /// `map<T>` for lists and maps so the item or value type is visible.
    pub fn describe(&self) -> String {
        match self {
            Self::List(item) => format!("list<{}>", item.describe()),
            Self::Map(values) => format!("map<{}>", values.describe()),
            Self::Decimal128(Some(d)) => format!("decimal128({}, {})", d.precision, d.scale),
            other => other.short_name().to_string(),
        }
    }

    /// Checks parameters the type system cannot: decimal precision and scale,
    /// duplicate names inside documents. Iterative, so a deep schema cannot
    /// exhaust the stack.
    fn validate(&self, path: &str) -> Result<()> {
        let mut pending: Vec<(&FieldType, String, usize)> = vec![(self, path.to_string(), 0)];
        while let Some((field_type, path, depth)) = pending.pop() {
            if depth > MAX_NESTING_DEPTH {
                return Err(Error::InvalidSchema(format!(
                    "field '{path}' nests deeper than {} levels",
                    MAX_NESTING_DEPTH
                )));
            }
            match field_type {
                Self::Decimal128(Some(d))
                    if !(1..=38).contains(&d.precision)
                        || i16::from(d.scale) > i16::from(d.precision) =>
                {
                    return Err(Error::InvalidSchema(format!(
                        "field '{path}': decimal128 precision must be 1..=38 and scale at most the precision, got ({}, {})",
                        d.precision, d.scale
                    )));
                }
                Self::Document(fields) => {
                    check_unique(fields, &path)?;
                    check_required(fields, &path)?;
                    for f in fields {
                        pending.push((&f.field_type, join(&path, &f.name), depth + 1));
                    }
                }
                Self::List(item) => pending.push((item, format!("{path}[]"), depth + 1)),
                Self::Map(values) => pending.push((values, format!("{path}{{}}"), depth + 1)),
                _ => {}
            }
        }
        Ok(())
    }
}

/// One declared field of a document (top level or nested).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: String,
    pub field_type: FieldType,
    /// `false`: the field is required, every document (whose parent
    /// document is present) must have a non-null value for it. Only fields
    /// of documents carry this; list items and map values are always
    /// nullable.
    pub nullable: bool,
}

impl FieldSpec {
    /// A nullable field, as inference makes them.
    pub fn new(name: impl Into<String>, field_type: FieldType) -> Self {
        Self {
            name: name.into(),
            field_type,
            nullable: true,
        }
    }

    /// A required (non-nullable) field.
    pub fn required(name: impl Into<String>, field_type: FieldType) -> Self {
        Self {
            nullable: false,
            ..Self::new(name, field_type)
        }
    }

    /// Whether a missing or null value is an error under these options:
    /// only under [`ConflictPolicy::Error`]; the other policies make the
    /// field nullable, a missing value null, as for any conflict.
    pub fn is_required(&self, options: &DecoderOptions) -> bool {
        !self.nullable && options.conflict_policy() == ConflictPolicy::Error
    }
}

/// The declared top-level fields, in output order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaSpec {
    pub fields: Vec<FieldSpec>,
}

impl SchemaSpec {
    /// Builds a spec, rejecting duplicate names at any level and impossible
    /// decimal parameters.
    pub fn new(fields: Vec<FieldSpec>) -> Result<Self> {
        let root = FieldType::Document(fields);
        root.validate("")?;
        let FieldType::Document(fields) = root else {
            unreachable!("constructed as a document above")
        };
        Ok(Self { fields })
    }
}

fn check_unique(fields: &[FieldSpec], path: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for field in fields {
        if !seen.insert(field.name.as_str()) {
            return Err(Error::InvalidSchema(format!(
                "field '{}' is declared twice",
                join(path, &field.name)
            )));
        }
    }
    Ok(())
}

/// A `null` column holds nothing but nulls: requiring a value there could
/// only ever fail.
fn check_required(fields: &[FieldSpec], path: &str) -> Result<()> {
    match fields
        .iter()
        .find(|f| !f.nullable && f.field_type == FieldType::Null)
    {
        Some(field) => Err(Error::InvalidSchema(format!(
            "field '{}' is of type null and cannot be required (nullable: false)",
            join(path, &field.name)
        ))),
        None => Ok(()),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}
