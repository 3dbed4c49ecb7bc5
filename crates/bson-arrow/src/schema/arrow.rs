//! The Arrow layout of a [`SchemaSpec`]. Extension metadata follows
//! PyMongoArrow's names so that files written by either library read alike;
//! the pair structs PyMongoArrow has no type for (regex, code with scope,
//! BSON timestamp) carry names of our own.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};

use super::{FieldSpec, FieldType, SchemaSpec};
use crate::options::{Decimal128Representation, DecoderOptions, ObjectIdRepresentation};

pub(crate) const EXTENSION_NAME: &str = "ARROW:extension:name";
pub(crate) const EXTENSION_METADATA: &str = "ARROW:extension:metadata";

/// The extension names of the BSON types laid out as two-field structs. The
/// encoder needs them to tell these columns from a document of required
/// fields of the same names, which has the same Arrow layout.
pub(crate) const REGEX_EXTENSION: &str = "mongodb-arrow.regex";
pub(crate) const CODE_WITH_SCOPE_EXTENSION: &str = "mongodb-arrow.codewithscope";
pub(crate) const TIMESTAMP_EXTENSION: &str = "mongodb-arrow.timestamp";

/// The field metadata key saying which BSON type a text column holds, so
/// that a write knows what the text stands for. Plain metadata rather than
/// an Arrow extension type: readers that do not know an extension name may
/// refuse the column (nodejs-polars does), and PyMongoArrow's objectid and
/// decimal128 extensions are stored as fixed-size binary, not text.
pub(crate) const BSON_TYPE_KEY: &str = "mongodb-arrow.bson_type";
pub(crate) const TEXT_OBJECT_ID: &str = "objectId";
pub(crate) const TEXT_DECIMAL128: &str = "decimal128";
pub(crate) const TEXT_UUID: &str = "uuid";
pub(crate) const TEXT_EXTENDED_JSON: &str = "extendedJson";

/// The name of list items, as arrow-rs's own list builders call them.
pub(crate) const LIST_ITEM_NAME: &str = "item";

/// The names inside a map, as arrow-rs's `MapBuilder` calls them by default.
pub(crate) const MAP_ENTRIES_NAME: &str = "entries";
pub(crate) const MAP_KEYS_NAME: &str = "keys";
pub(crate) const MAP_VALUES_NAME: &str = "values";

impl SchemaSpec {
    /// The Arrow schema of the record batches decoded with this spec. A
    /// field is nullable (a document may lack it) unless it is required
    /// under these options (see [`FieldSpec::is_required`]).
    pub fn arrow_schema(&self, options: &DecoderOptions) -> SchemaRef {
        Arc::new(Schema::new(fields_of(&self.fields, options)))
    }
}

pub(crate) fn fields_of(fields: &[FieldSpec], options: &DecoderOptions) -> Fields {
    fields.iter().map(|f| f.arrow_field(options)).collect()
}

impl FieldSpec {
    /// The Arrow field of this document field: non-nullable when required.
    pub fn arrow_field(&self, options: &DecoderOptions) -> Field {
        let field = self.field_type.arrow_field(&self.name, options);
        field.with_nullable(!self.is_required(options))
    }
}

impl FieldType {
    /// The nullable Arrow field of this type, with its extension metadata:
    /// a list's items, a map's values, or a document field before its
    /// nullability is known.
    pub fn arrow_field(&self, name: &str, options: &DecoderOptions) -> Field {
        let field = Field::new(name, self.arrow_type(options), true);
        if let Some((extension, metadata)) = self.extension(options) {
            return field.with_metadata(HashMap::from([
                (EXTENSION_NAME.to_string(), extension.to_string()),
                (EXTENSION_METADATA.to_string(), metadata),
            ]));
        }
        match self.text_tag(options) {
            Some(tag) => field.with_metadata(HashMap::from([(
                BSON_TYPE_KEY.to_string(),
                tag.to_string(),
            )])),
            None => field,
        }
    }

    /// The [`BSON_TYPE_KEY`] of a text layout of another BSON type.
    fn text_tag(&self, options: &DecoderOptions) -> Option<&'static str> {
        match self {
            Self::ObjectId if options.object_id() == ObjectIdRepresentation::Hex => {
                Some(TEXT_OBJECT_ID)
            }
            Self::Decimal128(None) if options.decimal128() == Decimal128Representation::String => {
                Some(TEXT_DECIMAL128)
            }
            Self::Uuid => Some(TEXT_UUID),
            Self::ExtendedJson => Some(TEXT_EXTENDED_JSON),
            _ => None,
        }
    }

    /// The Arrow data type of a column of this type.
    pub fn arrow_type(&self, options: &DecoderOptions) -> DataType {
        match self {
            Self::Null => DataType::Null,
            Self::Double => DataType::Float64,
            Self::Int32 => DataType::Int32,
            Self::Int64 => DataType::Int64,
            Self::Bool => DataType::Boolean,
            Self::String | Self::Uuid | Self::Code | Self::ExtendedJson | Self::Text => {
                DataType::Utf8
            }
            Self::Date(spec) => DataType::Timestamp(spec.unit, spec.timezone.clone()),
            Self::ObjectId => match options.object_id() {
                ObjectIdRepresentation::Hex => DataType::Utf8,
                ObjectIdRepresentation::Binary => DataType::FixedSizeBinary(12),
            },
            Self::Decimal128(Some(d)) => DataType::Decimal128(d.precision, d.scale),
            Self::Decimal128(None) => match options.decimal128() {
                Decimal128Representation::String => DataType::Utf8,
                Decimal128Representation::Binary => DataType::FixedSizeBinary(16),
            },
            Self::Binary { .. } => DataType::Binary,
            Self::CodeWithScope => utf8_struct(&["code", "scope"]),
            Self::Regex => utf8_struct(&["pattern", "options"]),
            Self::Timestamp => DataType::Struct(Fields::from(vec![
                Field::new("t", DataType::UInt32, false),
                Field::new("i", DataType::UInt32, false),
            ])),
            Self::Document(fields) => DataType::Struct(fields_of(fields, options)),
            Self::List(item) => DataType::List(Arc::new(item.arrow_field(LIST_ITEM_NAME, options))),
            Self::Map(values) => DataType::Map(Arc::new(map_entries(values, options)), false),
        }
    }

    /// The `ARROW:extension:name` and `ARROW:extension:metadata` of this type, if any.
    fn extension(&self, options: &DecoderOptions) -> Option<(&'static str, String)> {
        match self {
            Self::ObjectId if options.object_id() == ObjectIdRepresentation::Binary => {
                Some(("pymongoarrow.objectid", String::new()))
            }
            Self::Decimal128(None) if options.decimal128() == Decimal128Representation::Binary => {
                Some(("pymongoarrow.decimal128", String::new()))
            }
            Self::Binary {
                subtype: Some(subtype),
            } => Some(("pymongoarrow.binary", format!("subtype={subtype}"))),
            Self::Code => Some(("pymongoarrow.code", String::new())),
            Self::Regex => Some((REGEX_EXTENSION, String::new())),
            Self::CodeWithScope => Some((CODE_WITH_SCOPE_EXTENSION, String::new())),
            Self::Timestamp => Some((TIMESTAMP_EXTENSION, String::new())),
            _ => None,
        }
    }
}

/// The entries field of a map: a non-null struct of a non-null Utf8 key and
/// a nullable value, laid out as `MapBuilder` does. Keys are not sorted: a
/// BSON document keeps them in stored order.
pub(crate) fn map_entries(values: &FieldType, options: &DecoderOptions) -> Field {
    let entries = Fields::from(vec![
        Field::new(MAP_KEYS_NAME, DataType::Utf8, false),
        values.arrow_field(MAP_VALUES_NAME, options),
    ]);
    Field::new(MAP_ENTRIES_NAME, DataType::Struct(entries), false)
}

/// A struct of non-nullable Utf8 children: the parts of a regex or of code with scope.
fn utf8_struct(names: &[&str]) -> DataType {
    DataType::Struct(
        names
            .iter()
            .map(|name| Field::new(*name, DataType::Utf8, false))
            .collect(),
    )
}
