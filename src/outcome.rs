//! Results of work done on the libuv thread pool. napi's `Task` can only
//! reject with a generic status, which would lose the core's stable error
//! code, so failures travel as values and the TypeScript layer throws them.

use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

use crate::error::Failure;

/// A core error as a plain object: `code` is stable, `message` is for people.
#[napi(object)]
pub struct NativeFailure {
    pub code: String,
    pub message: String,
    /// For `TYPE_CONFLICT`: where, and what was found.
    pub conflict: Option<NativeConflict>,
}

/// The parts of a type conflict, so the TypeScript layer can build an error
/// that names the user's schema or the inferred one.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct NativeConflict {
    /// The field path, `a.b[2].c`.
    pub path: String,
    /// The document's position in the read, from 0.
    pub index: f64,
    /// The document's `_id` as plain text, when it has one.
    pub document_id: Option<String>,
    /// The column's type, as schemas name it.
    pub expected: String,
    /// The BSON type found (MongoDB `$type` name).
    pub found: String,
    /// What inference had seen at the path before, by type.
    pub seen: Vec<TypeCount>,
}

/// A number of values of one type.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct TypeCount {
    #[napi(js_name = "type")]
    pub type_name: String,
    pub count: f64,
}

/// What one column did besides storing values as they were.
#[napi(object)]
pub struct NativeCoercion {
    pub field: String,
    pub column: String,
    pub types: Vec<TypeCount>,
    pub stored: f64,
    pub coerced: f64,
    pub nulled: f64,
}

/// A field the schema does not name (a path, for nested ones), and how many
/// documents (or list items) had it.
#[napi(object)]
pub struct DroppedField {
    pub name: String,
    pub documents: f64,
}

/// The read's report: conversions by column and fields the schema dropped.
#[napi(object)]
pub struct NativeReport {
    pub coercions: Vec<NativeCoercion>,
    pub dropped_fields: Vec<DroppedField>,
}

impl From<bson_arrow::ReadReport> for NativeReport {
    fn from(report: bson_arrow::ReadReport) -> Self {
        let counts = |types: Vec<(&'static str, u64)>| {
            types
                .into_iter()
                .map(|(name, count)| TypeCount {
                    type_name: name.to_string(),
                    count: count as f64,
                })
                .collect()
        };
        Self {
            coercions: report
                .coercions
                .into_iter()
                .map(|c| NativeCoercion {
                    types: counts(c.types),
                    field: c.field,
                    column: c.column,
                    stored: c.stored as f64,
                    coerced: c.coerced as f64,
                    nulled: c.nulled as f64,
                })
                .collect(),
            dropped_fields: report
                .dropped_fields
                .into_iter()
                .map(|(name, count)| DroppedField {
                    name,
                    documents: count as f64,
                })
                .collect(),
        }
    }
}

/// The outcome of `Reader.pushAsync`: the documents decoded and an Arrow
/// IPC stream for each record batch that filled up (none, often); or a
/// failure.
#[napi(object)]
pub struct PushOutcome {
    pub documents: u32,
    pub ipc: Vec<Buffer>,
    pub failure: Option<NativeFailure>,
}

/// The outcome of `Reader.finishAsync`: the last rows as an Arrow IPC
/// stream (absent when there were none) and the read's report; or a failure.
#[napi(object)]
pub struct FinishOutcome {
    pub ipc: Option<Buffer>,
    pub report: Option<NativeReport>,
    pub failure: Option<NativeFailure>,
}

/// The outcome of `Inference.pushAsync`: the documents learned from, or a failure.
#[napi(object)]
pub struct InferOutcome {
    pub documents: u32,
    pub failure: Option<NativeFailure>,
}

/// Pool work's result as an outcome's parts: the value, or the failure.
pub fn split<T>(result: Result<T, Failure>) -> (Option<T>, Option<NativeFailure>) {
    match result {
        Ok(value) => (Some(value), None),
        Err(failure) => (None, Some(failure.into())),
    }
}
