//! Results of work done on the libuv thread pool. napi's `Task` can only
//! reject with a generic status, which would lose the core's stable error
//! code, so failures travel as values and the TypeScript layer throws them.

use napi_derive::napi;

/// A core error as a plain object: `code` is stable, `message` is for people.
#[napi(object)]
pub struct NativeFailure {
    pub code: String,
    pub message: String,
}

/// The outcome of `decodeAsync`: the number of documents decoded, or a failure.
#[napi(object)]
pub struct DecodeOutcome {
    pub documents: u32,
    pub failure: Option<NativeFailure>,
}

/// The outcome of `flushAsync`: an Arrow IPC stream (absent when no rows
/// were buffered), or a failure.
#[napi(object)]
pub struct FlushOutcome {
    pub ipc: Option<napi::bindgen_prelude::Buffer>,
    pub failure: Option<NativeFailure>,
}

/// A top-level field the schema does not name, and how many documents had it.
#[napi(object)]
pub struct SkippedField {
    pub name: String,
    pub documents: f64,
}
