//! Node.js binding of `bson-arrow`. Thin by design: it converts arguments,
//! maps core errors to JS errors with a stable `code`, runs decoding on the
//! libuv thread pool, and hands Arrow IPC bytes to JavaScript without copying.

mod decoder;
mod error;
mod inferrer;
mod input;
mod options;
mod outcome;
mod projection;

pub use decoder::BatchDecoder;
pub use inferrer::SchemaInferrer;
pub use projection::projection_for_schema;
