//! The JSON form of a [`SchemaSpec`], shared with the TypeScript layer.
//!
//! ```text
//! schema := {"fields": [field, ...]}
//! field  := {"name": "a", "type": type}
//!         | {"name": "a", "type": type, "nullable": false}   (required: see below)
//! type   := "double" | "int32" | ... (a short name)
//!         | {"type": "document", "fields": [field, ...]}   (or just {"fields": [...]})
//!         | {"type": "list", "items": type}                (or just {"items": type})
//!         | {"type": "map", "values": type}                (keys are data: Map<Utf8, type>)
//!         | {"type": "date", "unit": "s"|"ms"|"us"|"ns", "timezone": "UTC"|null|"+01:00"|...}
//!         | {"type": "decimal128", "precision": 1..38, "scale": s}
//!         | {"type": "binary", "subtype": 0..255}
//! ```
//!
//! `"nullable": false` makes a field of a document (top level or nested)
//! required: under [`crate::ConflictPolicy::Error`] its Arrow field is
//! non-nullable and a document without a value for it (missing, or BSON
//! null) is a type conflict that names it (found `missing` or `null`).
//! Absent or `true`, the field is nullable. List items and map values are
//! always nullable, so a type has no `nullable` key.
//!
//! Unknown keys are rejected so that a typo never silently changes a type.

use arrow_schema::TimeUnit;
use serde_json::{json, Map, Value};

use super::{DateSpec, DecimalSpec, FieldSpec, FieldType, SchemaSpec};
use crate::error::{Error, Result};
use crate::limits::MAX_NESTING_DEPTH;

/// Each schema level costs up to three JSON levels (type object, fields array, field object).
const MAX_JSON_DEPTH: usize = 3 * MAX_NESTING_DEPTH + 8;

impl SchemaSpec {
    /// Parses the JSON form sent by the TypeScript layer.
    pub fn from_json(text: &str) -> Result<Self> {
        check_json_depth(text)?;
        let mut deserializer = serde_json::Deserializer::from_str(text);
        // The depth was bounded above; serde_json's own limit (128) is too
        // low for the 100 levels of nesting MongoDB allows.
        deserializer.disable_recursion_limit();
        let value: Value = serde::Deserialize::deserialize(&mut deserializer)
            .map_err(|e| invalid(e.to_string()))?;
        deserializer.end().map_err(|e| invalid(e.to_string()))?;
        let object = expect_object(&value, "the schema")?;
        check_keys(object, &["fields"], "the schema")?;
        let fields = object
            .get("fields")
            .ok_or_else(|| invalid("the schema needs a \"fields\" array"))?;
        SchemaSpec::new(parse_fields(fields, "")?)
    }

    /// Reads the `fields` array of the JSON form from a value already parsed
    /// (the binding receives it from JavaScript as a value, not as text).
    pub fn from_fields_value(fields: &Value) -> Result<Self> {
        check_value_depth(fields)?;
        SchemaSpec::new(parse_fields(fields, "")?)
    }

    /// The `fields` array of the JSON form, as a value.
    pub fn fields_value(&self) -> Value {
        fields_to_json(&self.fields)
    }

    /// The JSON form, as [`SchemaSpec::from_json`] reads it. Types with
    /// default parameters are written as short names.
    pub fn to_json(&self) -> String {
        json!({ "fields": fields_to_json(&self.fields) }).to_string()
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidSchema(message.into())
}

/// Rejects JSON nested deeper than any valid schema, before parsing it, so a
/// hostile schema cannot exhaust the stack of the recursive parser.
fn check_json_depth(text: &str) -> Result<()> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for byte in text.bytes() {
        match (in_string, escaped, byte) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (true, false, _) => {}
            (false, _, b'"') => in_string = true,
            (false, _, b'{' | b'[') => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(invalid(format!(
                        "the schema nests deeper than {MAX_NESTING_DEPTH} levels"
                    )));
                }
            }
            (false, _, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// [`check_json_depth`] for a parsed value, without recursion.
fn check_value_depth(value: &Value) -> Result<()> {
    let mut pending = vec![(value, 1usize)];
    while let Some((value, depth)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth > MAX_JSON_DEPTH {
            return Err(invalid(format!(
                "the schema nests deeper than {MAX_NESTING_DEPTH} levels"
            )));
        }
        pending.extend(children.map(|child| (child, depth + 1)));
    }
    Ok(())
}

fn expect_object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| invalid(format!("{what} must be a JSON object")))
}

fn check_keys(object: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<()> {
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(invalid(format!("{what} has unknown key \"{key}\""))),
        None => Ok(()),
    }
}

fn parse_fields(value: &Value, path: &str) -> Result<Vec<FieldSpec>> {
    let items = value
        .as_array()
        .ok_or_else(|| invalid(format!("\"fields\" of '{path}' must be an array")))?;
    items
        .iter()
        .map(|item| {
            let object = expect_object(item, "a field")?;
            check_keys(object, &["name", "type", "nullable"], "a field")?;
            let name = object
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| invalid("a field needs a string \"name\""))?;
            let path = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            let type_value = object
                .get("type")
                .ok_or_else(|| invalid(format!("field '{path}' needs a \"type\"")))?;
            let nullable = match object.get("nullable") {
                None => true,
                Some(Value::Bool(nullable)) => *nullable,
                Some(_) => {
                    return Err(invalid(format!(
                        "field '{path}': \"nullable\" must be true or false"
                    )))
                }
            };
            Ok(FieldSpec {
                nullable,
                ..FieldSpec::new(name, parse_type(type_value, &path)?)
            })
        })
        .collect()
}

fn parse_type(value: &Value, path: &str) -> Result<FieldType> {
    if let Some(name) = value.as_str() {
        return FieldType::from_short_name(name).ok_or_else(|| unknown_type(path, name));
    }
    let object = expect_object(value, &format!("the type of '{path}'"))?;
    let what = format!("the type of '{path}'");
    if object.contains_key("nullable") {
        // Reached for list items and map values, where it would otherwise
        // read as an unknown key.
        return Err(invalid(format!(
            "{what}: \"nullable\" is a key of a document's field; list items and map values are always nullable"
        )));
    }
    let name = match object.get("type") {
        Some(v) => v
            .as_str()
            .ok_or_else(|| invalid(format!("{what}: \"type\" must be a string")))?,
        None if object.contains_key("fields") => "document",
        None if object.contains_key("items") => "list",
        None => return Err(invalid(format!("{what} needs a \"type\""))),
    };
    match name {
        "document" => {
            check_keys(object, &["type", "fields"], &what)?;
            match object.get("fields") {
                Some(fields) => Ok(FieldType::Document(parse_fields(fields, path)?)),
                None => Ok(FieldType::Document(Vec::new())),
            }
        }
        "list" => {
            check_keys(object, &["type", "items"], &what)?;
            let items = object
                .get("items")
                .ok_or_else(|| invalid(format!("{what}: a list needs \"items\"")))?;
            Ok(FieldType::List(Box::new(parse_type(
                items,
                &format!("{path}[]"),
            )?)))
        }
        "map" => {
            check_keys(object, &["type", "values"], &what)?;
            let values = object
                .get("values")
                .ok_or_else(|| invalid(format!("{what}: a map needs \"values\"")))?;
            Ok(FieldType::Map(Box::new(parse_type(
                values,
                &format!("{path}{{}}"),
            )?)))
        }
        "date" => {
            check_keys(object, &["type", "unit", "timezone"], &what)?;
            parse_date(object, &what)
        }
        "decimal128" => {
            check_keys(object, &["type", "precision", "scale"], &what)?;
            parse_decimal(object, &what)
        }
        "binary" => {
            check_keys(object, &["type", "subtype"], &what)?;
            let subtype = match object.get("subtype") {
                None | Some(Value::Null) => None,
                Some(v) => Some(
                    v.as_u64()
                        .and_then(|n| u8::try_from(n).ok())
                        .ok_or_else(|| invalid(format!("{what}: \"subtype\" must be 0..255")))?,
                ),
            };
            Ok(FieldType::Binary { subtype })
        }
        other => {
            check_keys(object, &["type"], &what)?;
            FieldType::from_short_name(other).ok_or_else(|| unknown_type(path, other))
        }
    }
}

fn unknown_type(path: &str, name: &str) -> Error {
    invalid(format!(
        "field '{path}' has unknown type '{name}' (expected one of: {}, or a list or map)",
        FieldType::SHORT_NAMES.join(", ")
    ))
}

fn parse_date(object: &Map<String, Value>, what: &str) -> Result<FieldType> {
    let mut spec = DateSpec::default();
    if let Some(unit) = object.get("unit") {
        spec.unit = match unit.as_str() {
            Some("s") => TimeUnit::Second,
            Some("ms") => TimeUnit::Millisecond,
            Some("us") => TimeUnit::Microsecond,
            Some("ns") => TimeUnit::Nanosecond,
            _ => return Err(invalid(format!("{what}: \"unit\" must be s, ms, us or ns"))),
        };
    }
    match object.get("timezone") {
        None => {}
        Some(Value::Null) => spec.timezone = None,
        Some(Value::String(tz)) => spec.timezone = Some(tz.as_str().into()),
        Some(_) => {
            return Err(invalid(format!(
                "{what}: \"timezone\" must be a string or null"
            )))
        }
    }
    Ok(FieldType::Date(spec))
}

fn parse_decimal(object: &Map<String, Value>, what: &str) -> Result<FieldType> {
    match (object.get("precision"), object.get("scale")) {
        (None, None) => Ok(FieldType::Decimal128(None)),
        (Some(p), s) => {
            let precision = p.as_u64().and_then(|n| u8::try_from(n).ok());
            let scale = match s {
                None => Some(0),
                Some(s) => s.as_i64().and_then(|n| i8::try_from(n).ok()),
            };
            match (precision, scale) {
                (Some(precision), Some(scale)) => Ok(FieldType::Decimal128(Some(DecimalSpec {
                    precision,
                    scale,
                }))),
                _ => Err(invalid(format!(
                    "{what}: precision and scale must be integers"
                ))),
            }
        }
        (None, Some(_)) => Err(invalid(format!("{what}: a scale needs a precision"))),
    }
}

fn fields_to_json(fields: &[FieldSpec]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|f| {
                let mut field = json!({ "name": f.name, "type": type_to_json(&f.field_type) });
                // Only when false, so the JSON of nullable fields stays as it was.
                if !f.nullable {
                    field["nullable"] = Value::Bool(false);
                }
                field
            })
            .collect(),
    )
}

fn type_to_json(field_type: &FieldType) -> Value {
    match field_type {
        FieldType::Document(fields) => {
            json!({ "type": "document", "fields": fields_to_json(fields) })
        }
        FieldType::List(item) => json!({ "type": "list", "items": type_to_json(item) }),
        FieldType::Map(values) => json!({ "type": "map", "values": type_to_json(values) }),
        FieldType::Date(spec) if *spec != DateSpec::default() => {
            let unit = match spec.unit {
                TimeUnit::Second => "s",
                TimeUnit::Millisecond => "ms",
                TimeUnit::Microsecond => "us",
                TimeUnit::Nanosecond => "ns",
            };
            json!({ "type": "date", "unit": unit, "timezone": spec.timezone.as_deref() })
        }
        FieldType::Decimal128(Some(d)) => {
            json!({ "type": "decimal128", "precision": d.precision, "scale": d.scale })
        }
        FieldType::Binary {
            subtype: Some(subtype),
        } => json!({ "type": "binary", "subtype": subtype }),
        other => Value::String(other.short_name().to_string()),
    }
}
