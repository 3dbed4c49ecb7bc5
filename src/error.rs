//! Errors of the binding: the core's errors keep their stable code (e.g.
//! `TYPE_CONFLICT`), which becomes `err.code` in JavaScript.

use std::panic::{catch_unwind, AssertUnwindSafe};

use napi::Error;

use crate::outcome::{NativeConflict, TypeCount};

/// The status type of our JS errors: a stable code string.
pub type Code = &'static str;

/// An error on its way to JavaScript: a stable code, a message, and for a
/// type conflict its parts.
#[derive(Debug)]
pub struct Failure {
    pub code: Code,
    pub message: String,
    /// Boxed: errors travel in every `Result` of the binding, keep them small.
    pub conflict: Option<Box<NativeConflict>>,
}

impl Failure {
    /// A bad argument, with code `INVALID_ARGUMENT`.
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self {
            code: "INVALID_ARGUMENT",
            message: message.into(),
            conflict: None,
        }
    }

    /// A bug on our side (a panic, a poisoned lock), with code `INTERNAL`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: "INTERNAL",
            message: message.into(),
            conflict: None,
        }
    }
}

impl From<bson_arrow::Error> for Failure {
    fn from(err: bson_arrow::Error) -> Self {
        let conflict = match &err {
            bson_arrow::Error::TypeConflict {
                path,
                document,
                document_id,
                expected,
                found,
                seen,
            } => Some(Box::new(NativeConflict {
                path: path.clone(),
                index: *document as f64,
                document_id: document_id.clone(),
                expected: expected.clone(),
                found: found.to_string(),
                seen: seen
                    .iter()
                    .map(|(name, count)| TypeCount {
                        type_name: name.clone(),
                        count: *count as f64,
                    })
                    .collect(),
            })),
            _ => None,
        };
        Self {
            code: err.code(),
            message: err.to_string(),
            conflict,
        }
    }
}

impl From<Failure> for Error<Code> {
    fn from(failure: Failure) -> Self {
        Error::new(failure.code, failure.message)
    }
}

impl From<Failure> for crate::outcome::NativeFailure {
    fn from(failure: Failure) -> Self {
        Self {
            code: failure.code.to_string(),
            message: failure.message,
            conflict: failure.conflict.map(|c| *c),
        }
    }
}

/// Runs work on a libuv worker thread, turning a panic into an `INTERNAL` failure.
pub fn catch_panic<T>(work: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Failure::internal(format!(
            "panic in the native decoder: {detail}"
        )))
    })
}
