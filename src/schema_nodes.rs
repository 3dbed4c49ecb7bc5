//! A schema crosses the seam as a flat list of nodes in depth-first order,
//! not as one nested value: napi converts nested values recursively and
//! stops at 128 levels, while a schema may nest 200 (600 levels of its JSON
//! form). Each node holds one type of the JSON form without its nested part.

use napi_derive::napi;
use serde_json::{Map, Value};

use crate::error::Failure;

/// One field or type of a schema, in depth-first order.
#[napi(object)]
pub struct SchemaNode {
    /// A field: its object without the type (`{ name: 'price' }`, and any
    /// other key, which the parser rejects). Absent for a list's items and
    /// a map's values.
    #[napi(ts_type = "unknown")]
    pub field: Option<Value>,
    /// The type in the JSON form without its nested part: a short name, or
    /// an object such as `{ type: 'date', unit: 'us' }` or `{ type: 'document' }`.
    /// Absent when a field has none.
    #[napi(js_name = "type", ts_type = "unknown")]
    pub type_value: Option<Value>,
    /// Where the nodes that follow belong: a document's `fields` (`children`
    /// of them), a list's `items` or a map's `values` (one node).
    #[napi(ts_type = "'fields' | 'items' | 'values'")]
    pub nested: Option<String>,
    pub children: Option<u32>,
}

/// Deeper than any schema the core accepts: the core names the field that
/// is too deep; this only bounds the recursion below.
const MAX_NODE_DEPTH: usize = bson_arrow::MAX_NESTING_DEPTH + 8;

fn invalid(message: &str) -> Failure {
    Failure {
        code: "INVALID_SCHEMA",
        message: format!("invalid schema: {message}"),
        conflict: None,
    }
}

/// The `fields` array of the JSON form that `nodes` spell.
pub fn fields_from_nodes(nodes: &[SchemaNode]) -> Result<Value, Failure> {
    let mut at = 0;
    let mut fields = Vec::new();
    while at < nodes.len() {
        fields.push(field_from(nodes, &mut at, 1)?);
    }
    Ok(Value::Array(fields))
}

fn field_from(nodes: &[SchemaNode], at: &mut usize, depth: usize) -> Result<Value, Failure> {
    let node = nodes
        .get(*at)
        .ok_or_else(|| invalid("a field's node is missing"))?;
    let mut field = match &node.field {
        Some(Value::Object(field)) => field.clone(),
        // Not an object: the parser says what a field must be.
        Some(other) if node.type_value.is_none() => {
            *at += 1;
            return Ok(other.clone());
        }
        _ => Map::new(),
    };
    if node.type_value.is_some() {
        field.insert("type".into(), type_from(nodes, at, depth)?);
    } else {
        *at += 1;
    }
    Ok(Value::Object(field))
}

fn type_from(nodes: &[SchemaNode], at: &mut usize, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_NODE_DEPTH {
        return Err(invalid(&format!(
            "the schema nests deeper than {} levels",
            bson_arrow::MAX_NESTING_DEPTH
        )));
    }
    let node = nodes
        .get(*at)
        .ok_or_else(|| invalid("a type's node is missing"))?;
    *at += 1;
    let type_value = node.type_value.clone().unwrap_or(Value::Null);
    let Some(nested) = node.nested.as_deref() else {
        return Ok(type_value);
    };
    let Value::Object(mut object) = type_value else {
        return Err(invalid("a nested type must be an object"));
    };
    let inner = match nested {
        "fields" => {
            let count = node.children.unwrap_or(0);
            let fields = (0..count)
                .map(|_| field_from(nodes, at, depth + 1))
                .collect::<Result<_, _>>()?;
            Value::Array(fields)
        }
        "items" | "values" => type_from(nodes, at, depth + 1)?,
        other => return Err(invalid(&format!("unknown nested part '{other}'"))),
    };
    object.insert(nested.into(), inner);
    Ok(Value::Object(object))
}

/// `fields` (the JSON form's array, as the core writes it) as nodes.
pub fn nodes_from_fields(fields: &Value) -> Vec<SchemaNode> {
    let mut nodes = Vec::new();
    for field in fields.as_array().into_iter().flatten() {
        push_field(&mut nodes, field);
    }
    nodes
}

/// A field the core wrote: `{ name, type }`, and `nullable: false` for a
/// required field.
fn push_field(nodes: &mut Vec<SchemaNode>, field: &Value) {
    // Every key but the type, which the nodes that follow carry.
    let field_object = field
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| *key != "type")
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let field_object = Value::Object(field_object);
    push_type(
        nodes,
        Some(field_object),
        field.get("type").unwrap_or(&Value::Null),
    );
}

fn push_type(nodes: &mut Vec<SchemaNode>, field: Option<Value>, value: &Value) {
    let nested = value.as_object().and_then(|object| {
        ["fields", "items", "values"]
            .into_iter()
            .find(|key| object.contains_key(*key))
    });
    let Some(nested) = nested else {
        nodes.push(SchemaNode {
            field,
            type_value: Some(value.clone()),
            nested: None,
            children: None,
        });
        return;
    };
    let mut shallow = value.as_object().cloned().unwrap_or_default();
    let inner = shallow.remove(nested).unwrap_or(Value::Null);
    let children = inner.as_array().map(|fields| fields.len() as u32);
    nodes.push(SchemaNode {
        field,
        type_value: Some(Value::Object(shallow)),
        nested: Some(nested.to_string()),
        children,
    });
    match nested {
        "fields" => {
            for field in inner.as_array().into_iter().flatten() {
                push_field(nodes, field);
            }
        }
        _ => push_type(nodes, None, &inner),
    }
}
