//! The MongoDB projection that fetches exactly what a schema decodes, so the
//! server sends no field the decoder would skip.
//!
//! Nested document fields become dotted paths (`{"a.b": 1}`), through arrays
//! too, as MongoDB applies a dotted path to each element of an array. A field
//! whose name a dotted path cannot express (it contains `.`, starts with `$`,
//! or is empty) is fetched whole by projecting its parent. `_id`, which
//! MongoDB returns unless told not to, is excluded unless the schema names it.

use serde_json::{Map, Value};

use crate::schema::{FieldSpec, FieldType, SchemaSpec};

/// Dotted paths to include, in schema order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    pub paths: Vec<String>,
    pub include_id: bool,
}

impl Projection {
    /// The projection of a schema, or `None` when a top-level field cannot
    /// be named in a projection (then fetch whole documents).
    pub fn of_schema(spec: &SchemaSpec) -> Option<Self> {
        if spec.fields.iter().any(|f| !is_projectable(&f.name)) {
            return None;
        }
        let mut paths = Vec::new();
        for field in &spec.fields {
            collect(field, field.name.clone(), &mut paths);
        }
        let include_id = spec.fields.iter().any(|f| f.name == "_id");
        Some(Self { paths, include_id })
    }

    /// The projection document, e.g. `{"a.b":1,"c":1,"_id":0}`.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        for path in &self.paths {
            object.insert(path.clone(), Value::from(1));
        }
        if !self.include_id {
            object.insert("_id".into(), Value::from(0));
        }
        Value::Object(object)
    }
}

fn is_projectable(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('$') && !name.contains('.')
}

/// The document fields below `field_type`, looking through lists.
fn subfields(field_type: &FieldType) -> Option<&[FieldSpec]> {
    match field_type {
        FieldType::Document(fields) => Some(fields),
        FieldType::List(item) => subfields(item),
        _ => None,
    }
}

fn collect(field: &FieldSpec, path: String, paths: &mut Vec<String>) {
    match subfields(&field.field_type) {
        Some(fields) if !fields.is_empty() && fields.iter().all(|f| is_projectable(&f.name)) => {
            for child in fields {
                collect(child, format!("{path}.{}", child.name), paths);
            }
        }
        _ => paths.push(path),
    }
}
