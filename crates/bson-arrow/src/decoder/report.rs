//! What a read reports besides the values: per column, what the conflict
//! policy converted or nulled; per path, the fields the schema dropped.

use std::collections::BTreeMap;

use crate::type_counts::TypeCounts;

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

/// Every column's counts in tree order, zeros included, so that the tallies
/// of twin decoder trees (the workers of a parallel read) add up position by
/// position into the report one decoder would have made.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Keys the root dropped.
    root_dropped: BTreeMap<Box<str>, u64>,
    columns: Vec<ColumnTally>,
}

/// One column's counts; see [`Coercion`].
#[derive(Debug, Clone)]
pub(crate) struct ColumnTally {
    pub field: String,
    pub column: String,
    /// Stored as text: by the conflict policy, or converted by the column.
    pub coerced: TypeCounts,
    pub nulled: TypeCounts,
    /// Non-null values in the finished batches.
    pub present: u64,
    /// Keys this (struct) column dropped.
    pub dropped: BTreeMap<Box<str>, u64>,
}

fn add_keys(to: &mut BTreeMap<Box<str>, u64>, from: &BTreeMap<Box<str>, u64>) {
    for (key, count) in from {
        match to.get_mut(key) {
            Some(total) => *total += count,
            None => {
                to.insert(key.clone(), *count);
            }
        }
    }
}

impl Tally {
    pub fn new(root_dropped: BTreeMap<Box<str>, u64>, columns: Vec<ColumnTally>) -> Self {
        Self {
            root_dropped,
            columns,
        }
    }

    /// Adds the tally of a twin tree (same schema, same options).
    pub fn absorb(&mut self, other: &Tally) {
        add_keys(&mut self.root_dropped, &other.root_dropped);
        debug_assert_eq!(self.columns.len(), other.columns.len());
        for (mine, theirs) in self.columns.iter_mut().zip(&other.columns) {
            mine.coerced.add_all(&theirs.coerced);
            mine.nulled.add_all(&theirs.nulled);
            mine.present += theirs.present;
            add_keys(&mut mine.dropped, &theirs.dropped);
        }
    }

    /// The report: columns that did not store every value as it was, and
    /// dropped keys, root first, then column by column in tree order.
    pub fn into_report(self) -> ReadReport {
        let mut report = ReadReport::default();
        for (key, count) in self.root_dropped {
            report.dropped_fields.push((key.to_string(), count));
        }
        for column in self.columns {
            let (coerced, nulled) = (column.coerced.total(), column.nulled.total());
            if coerced > 0 || nulled > 0 {
                let mut types = column.coerced.clone();
                types.add_all(&column.nulled);
                report.coercions.push(Coercion {
                    field: column.field.clone(),
                    column: column.column,
                    types: types.named(),
                    stored: column.present.saturating_sub(coerced),
                    coerced,
                    nulled,
                });
            }
            for (key, count) in column.dropped {
                let mut path = column.field.clone();
                push_step(&mut path, Step::Key(&key));
                report.dropped_fields.push((path, count));
            }
        }
        report
    }
}
