//! The projection that fetches exactly a schema's fields.

use bson_arrow::{Projection, SchemaSpec};
use napi_derive::napi;

use crate::error::{to_js_error, Code};

/// The projection document of a schema as JSON (e.g. `{"a.b":1,"_id":0}`),
/// or `null` when a top-level name cannot be projected (fetch whole documents).
#[napi(catch_unwind)]
pub fn projection_for_schema(schema_json: String) -> napi::Result<Option<String>, Code> {
    let spec = SchemaSpec::from_json(&schema_json).map_err(to_js_error)?;
    Ok(Projection::of_schema(&spec).map(|p| p.to_json().to_string()))
}
