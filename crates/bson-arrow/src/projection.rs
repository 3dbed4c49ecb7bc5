//! The MongoDB projection that fetches what a schema decodes.
//!
//! It names top-level fields only (`{"d": 1, "a": 1}`), never dotted paths
//! into them: an inclusion projection of `d.x` makes the server leave out a
//! `d` that is not a document, and the scalar items of an array of
//! documents, so those values would vanish before the decoder (and the
//! conflict policy) could see them. Dotted paths also cost the server more
//! on nested documents than they save on the wire (bench/results, issue
//! #19). The decoder skips the children a schema does not name.
//!
//! A top-level name a projection cannot express (it contains `.`, starts
//! with `$`, or is empty) makes the whole document be fetched. `_id` is
//! always fetched, as MongoDB does unless told not to, so that an error can
//! name the document it is about; it is a column only if the schema names it.

use serde_json::{Map, Value};

use crate::schema::SchemaSpec;

/// Top-level fields to include, in schema order (`_id` comes anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    pub fields: Vec<String>,
}

impl Projection {
    /// The projection of a schema, or `None` when a top-level field cannot
    /// be named in a projection (then fetch whole documents).
    pub fn of_schema(spec: &SchemaSpec) -> Option<Self> {
        if spec.fields.iter().any(|f| !is_projectable(&f.name)) {
            return None;
        }
        Some(Self {
            fields: spec.fields.iter().map(|f| f.name.clone()).collect(),
        })
    }

    /// The projection document, e.g. `{"a":1,"c":1}`.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        for name in &self.fields {
            object.insert(name.clone(), Value::from(1));
        }
        Value::Object(object)
    }
}

fn is_projectable(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('$') && !name.contains('.')
}
