//! The decoder tree's two parts: [`ArrayDecoder`], which every column
//! implements, and [`ChildDecoder`], the edge through which a parent reaches
//! a child. The edge does what is the same for every column: BSON null and
//! undefined become nulls, the conflict policy resolves a value the column
//! refused, a conflict travelling up gains its path segment, and the read's
//! report is counted.
//!
//! A column only sees present, non-null values of types it may refuse.
//!
//! A required field's edge refuses a missing or null value instead (a
//! conflict whose found type is `missing` or `null`). It checks where nulls
//! are already told apart, so present values pay nothing for it.

use std::collections::BTreeMap;

use arrow_array::{Array, ArrayRef};
use bson::RawBsonRef;

use super::column::Column;
use super::report::{push_step, ColumnTally, Step};
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeError, DecodeResult, Mismatch};
use crate::options::ConflictPolicy;
use crate::path::PathSegment;
use crate::plain_text::render_plain;
use crate::raw::Element;
use crate::type_counts::TypeCounts;

/// Appends BSON values to one Arrow column.
pub(crate) trait ArrayDecoder: Send {
    /// Appends a present, non-null value. On [`DecodeError::Mismatch`]
    /// nothing was appended; after any other error the column is unusable.
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult;

    /// Appends a null (BSON null, undefined or a missing field).
    fn append_null(&mut self);

    /// Appends a conflicting value's plain text, for
    /// [`ConflictPolicy::String`]. Returns false, appending nothing, when
    /// the column cannot hold text.
    fn append_text(&mut self, _text: &str) -> bool {
        false
    }

    /// Returns the values appended since the last call and starts afresh.
    fn finish(&mut self) -> ArrayRef;

    /// Values this column took by converting them itself (a `text` column
    /// rendering a number), by BSON type, since the decoder was created.
    fn converted(&self) -> Option<&TypeCounts> {
        None
    }

    /// Calls `visit` for each child column, for the read's report.
    fn visit_children(&self, _visit: &mut dyn FnMut(Step<'_>, &ChildDecoder)) {}

    /// Keys of documents this (struct) column dropped because the schema
    /// does not name them, with counts, when it was asked to keep them.
    fn dropped_keys(&self) -> Option<&BTreeMap<Box<str>, u64>> {
        None
    }
}

/// An error from below on its way up: a conflict gains the path segment
/// of this edge.
#[cold]
#[inline(never)]
fn lift(error: DecodeError, segment: impl FnOnce() -> PathSegment) -> DecodeError {
    match error {
        DecodeError::Conflict {
            mut path,
            expected,
            found,
            seen,
        } => {
            path.push(segment());
            DecodeError::Conflict {
                path,
                expected,
                found,
                seen,
            }
        }
        other => other,
    }
}

/// The found type of a conflict for a required field a document lacks.
pub(crate) const MISSING: &str = "missing";

/// What the conflict policy did to one column's values since the decoder was created.
#[derive(Debug, Clone, Default)]
struct PolicyCounts {
    /// Values stored as text instead of as they were.
    coerced: TypeCounts,
    /// Values stored as null instead of as they were.
    nulled: TypeCounts,
}

/// A child decoder with what its parent needs to report on it.
pub(crate) struct ChildDecoder {
    decoder: Column,
    /// The child's type as error messages name it (a `Box<str>`, one word
    /// smaller than a `String`, so that `required` costs no space).
    expected: Box<str>,
    /// Non-null values in the batches finished so far.
    present: u64,
    /// Boxed and made on the first conflict: a struct walks all its children
    /// per document, so they must stay small to stay in cache.
    counts: Option<Box<PolicyCounts>>,
    /// A missing or null value is a conflict (see [`crate::FieldSpec::is_required`]).
    required: bool,
}

impl ChildDecoder {
    /// `expected` is the column's type as error messages name it.
    #[cfg(test)]
    pub fn new(decoder: Box<dyn ArrayDecoder>, expected: String) -> Self {
        Self::of_column(Column::Other(decoder), expected)
    }

    /// `expected` is the column's type as error messages name it.
    pub fn of_column(decoder: Column, expected: String) -> Self {
        Self {
            decoder,
            expected: expected.into(),
            present: 0,
            counts: None,
            required: false,
        }
    }

    /// Makes a missing or null value a conflict, for a required field.
    pub fn with_required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    /// Appends a value that may be null, applying the conflict policy to a
    /// mismatch and adding `segment` to the path of a conflict that fails.
    #[inline]
    pub fn append(
        &mut self,
        value: RawBsonRef<'_>,
        segment: impl FnOnce() -> PathSegment,
        ctx: &mut DecodeContext,
    ) -> DecodeResult {
        if matches!(value, RawBsonRef::Null | RawBsonRef::Undefined) {
            if self.required {
                return Err(self.no_value(Mismatch::of(&value).found, segment));
            }
            self.decoder.as_dyn().append_null();
            return Ok(());
        }
        match self.decoder.append(value, ctx) {
            Ok(()) => Ok(()),
            Err(DecodeError::Mismatch(mismatch)) => self.resolve(value, mismatch, segment, ctx),
            Err(other) => Err(lift(other, segment)),
        }
    }

    /// Appends an element of a document or array: straight from its bytes
    /// where the column stores its type as it is (see [`Column::append_raw`]),
    /// else parsed and through [`ChildDecoder::append`].
    #[inline(always)]
    pub fn append_element(
        &mut self,
        element: &Element<'_>,
        segment: impl FnOnce() -> PathSegment,
        ctx: &mut DecodeContext,
    ) -> DecodeResult {
        match self
            .decoder
            .append_raw(element.kind(), element.value_bytes(), ctx)
        {
            Some(Ok(())) => Ok(()),
            Some(Err(error)) => Err(lift(error, segment)),
            None => self.append(element.value()?, segment, ctx),
        }
    }

    /// Applies the conflict policy to a value the column refused. Cold and
    /// out of line, so that `append`, which runs per value, stays small.
    #[cold]
    #[inline(never)]
    fn resolve(
        &mut self,
        value: RawBsonRef<'_>,
        mismatch: Mismatch,
        segment: impl FnOnce() -> PathSegment,
        ctx: &mut DecodeContext,
    ) -> DecodeResult {
        let kind = value.element_type();
        // A required column takes no null: its `""` stays a conflict.
        if ctx.empty_strings_as_null && !self.required && matches!(value, RawBsonRef::String("")) {
            self.counts().nulled.add(kind);
            self.decoder.as_dyn().append_null();
            return Ok(());
        }
        match ctx.policy {
            ConflictPolicy::Error => Err(DecodeError::Conflict {
                path: vec![segment()],
                expected: self.expected.to_string(),
                found: mismatch.found,
                seen: 0,
            }),
            ConflictPolicy::Null => {
                ctx.conflicts += 1;
                self.counts().nulled.add(kind);
                self.decoder.as_dyn().append_null();
                Ok(())
            }
            ConflictPolicy::String => {
                ctx.conflicts += 1;
                let text = render_plain(value, ctx)?;
                if self.decoder.as_dyn().append_text(&text) {
                    self.counts().coerced.add(kind);
                } else {
                    self.counts().nulled.add(kind);
                    self.decoder.as_dyn().append_null();
                }
                Ok(())
            }
        }
    }

    fn counts(&mut self) -> &mut PolicyCounts {
        self.counts.get_or_insert_with(Box::default)
    }

    /// The conflict of a required field without a value: `found` is
    /// `missing`, or the BSON type of the null.
    #[cold]
    #[inline(never)]
    fn no_value(&self, found: &'static str, segment: impl FnOnce() -> PathSegment) -> DecodeError {
        DecodeError::Conflict {
            path: vec![segment()],
            expected: self.expected.to_string(),
            found,
            seen: 0,
        }
    }

    /// Appends a null where the parent is itself null: the child has no
    /// value of its own to lack, required or not.
    pub fn append_null(&mut self) {
        self.decoder.as_dyn().append_null();
    }

    /// Appends a null for a field the (present) document lacks; a conflict
    /// for a required field.
    pub fn append_missing(&mut self, segment: impl FnOnce() -> PathSegment) -> DecodeResult {
        if self.required {
            return Err(self.no_value(MISSING, segment));
        }
        self.decoder.as_dyn().append_null();
        Ok(())
    }

    pub fn finish(&mut self) -> ArrayRef {
        let array = self.decoder.as_dyn().finish();
        self.present += (array.len() - array.logical_null_count()) as u64;
        array
    }

    /// Appends to `out` the tally of this column and of every column below
    /// it, in tree order (see [`Tally`]).
    pub fn tally(&self, path: &mut String, out: &mut Vec<ColumnTally>) {
        let none = PolicyCounts::default();
        let counts = self.counts.as_deref().unwrap_or(&none);
        let mut coerced = counts.coerced.clone();
        if let Some(converted) = self.decoder.as_dyn_ref().converted() {
            coerced.add_all(converted);
        }
        out.push(ColumnTally {
            field: path.clone(),
            column: self.expected.to_string(),
            coerced,
            nulled: counts.nulled.clone(),
            present: self.present,
            dropped: self
                .decoder
                .as_dyn_ref()
                .dropped_keys()
                .cloned()
                .unwrap_or_default(),
        });
        self.decoder
            .as_dyn_ref()
            .visit_children(&mut |step, child| {
                let len = path.len();
                push_step(path, step);
                child.tally(path, out);
                path.truncate(len);
            });
    }
}

/// Appends one value with a default context, for unit tests of leaf decoders.
#[cfg(test)]
pub(crate) fn test_append(decoder: &mut dyn ArrayDecoder, value: RawBsonRef<'_>) -> DecodeResult {
    decoder.append(value, &mut DecodeContext::new(ConflictPolicy::Error))
}
