//! Bounds on the input, below every module that walks it.

/// How deeply documents and arrays may nest where this crate walks them
/// recursively (schemas, inference, Extended JSON). MongoDB itself stores at
/// most 100 levels.
pub const MAX_NESTING_DEPTH: usize = 200;
