//! Node.js binding of `bson-arrow`. Thin by design: it converts arguments,
//! maps core errors to JS errors with a stable `code`, and hands Arrow IPC
//! bytes to JavaScript without copying them.

mod decoder;
mod error;

pub use decoder::BatchDecoder;
