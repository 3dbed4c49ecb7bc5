//! What a read reports besides the values: per column, what the conflict
//! policy converted or nulled; per path, the fields the schema dropped.

/// How a parent reaches a child column, for report paths: `a.b`, `a[]`, `m{}`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Items,
    Values,
}

/// Adds one step to a report path.
pub(crate) fn push_step(path: &mut String, step: Step<'_>) {
    match step {
        Step::Key(key) => {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
        Step::Items => path.push_str("[]"),
        Step::Values => path.push_str("{}"),
    }
}

/// What a read did besides decoding values as they were: the values the
/// conflict policy converted or nulled, and the fields the schema dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadReport {
    /// One entry per column that did not store every value as it was.
    pub coercions: Vec<Coercion>,
    /// Fields present in documents that the schema has no column for, by
    /// path, with the number of documents (or items) that had each.
    pub dropped_fields: Vec<(String, u64)>,
}

/// What happened to one column's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coercion {
    /// The column's path: `a.b`, `a[]` for list items, `m{}` for map values.
    pub field: String,
    /// The column's type as schemas name it (`double`, `text`, `list<int32>`).
    pub column: String,
    /// The BSON types (MongoDB `$type` names) of the values that were
    /// converted to text or nulled, with counts.
    pub types: Vec<(&'static str, u64)>,
    /// Non-null values stored as they were (numbers widened included).
    pub stored: u64,
    /// Values stored as their plain text.
    pub coerced: u64,
    /// Values stored as null.
    pub nulled: u64,
}
