//! Core errors become JS errors whose `code` is the core's stable code.

use napi::Error;

/// A JS error carrying the core error's code (e.g. `TYPE_CONFLICT`) and message.
pub fn to_js_error(err: bson_arrow::Error) -> Error<&'static str> {
    Error::new(err.code(), err.to_string())
}

/// A JS error for a bad argument, with code `INVALID_ARGUMENT`.
pub fn invalid_argument(message: impl Into<String>) -> Error<&'static str> {
    Error::new("INVALID_ARGUMENT", message.into())
}
