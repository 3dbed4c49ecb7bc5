//! The rows of a column whose rows are runs of child values (lists and
//! maps): the walk over each row's elements, one offset per row, validity (a
//! null row is an empty run) and the 2^31 limit of Arrow's 32-bit offsets.

use arrow_buffer::{NullBuffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use bson::RawBsonRef;

use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeError, DecodeResult, Mismatch};
use crate::raw::Elements;

/// What a row's run is made of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RunOf {
    /// The items of a BSON array.
    ListItems,
    /// The entries of an embedded document.
    MapEntries,
}

impl RunOf {
    /// The bytes of `value` if it is a container of this run's kind.
    fn bytes(self, value: RawBsonRef<'_>) -> Option<&[u8]> {
        match (self, value) {
            (Self::ListItems, RawBsonRef::Array(array)) => Some(array.as_bytes()),
            (Self::MapEntries, RawBsonRef::Document(doc)) => Some(doc.as_bytes()),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::ListItems => "list items",
            Self::MapEntries => "map entries",
        }
    }
}

pub(crate) struct RowOffsets {
    of: RunOf,
    /// Arrow offsets: starts with 0, one more entry per row.
    offsets: Vec<i32>,
    nulls: NullBufferBuilder,
}

impl RowOffsets {
    pub fn new(of: RunOf) -> Self {
        Self {
            of,
            offsets: vec![0],
            nulls: NullBufferBuilder::new(0),
        }
    }

    fn last(&self) -> i32 {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// The elements of `value` for a new row, or a mismatch if it is not
    /// a container of the run's kind. The caller appends them to the child
    /// values and ends the row with [`Self::push_row`]. (A walk that took
    /// a callback cost a few instructions per item more, in the nested
    /// decoders' hot loop.)
    #[inline]
    pub fn elements<'a>(
        &self,
        value: RawBsonRef<'a>,
        ctx: &DecodeContext,
    ) -> Result<Elements<'a>, DecodeError> {
        let bytes = self.of.bytes(value).ok_or_else(|| Mismatch::of(&value))?;
        Elements::new(bytes, ctx.offset_of(bytes))
    }

    /// Ends a non-null row of `count` child values.
    pub fn push_row(&mut self, count: usize) -> DecodeResult {
        self.push_row_ending_at((self.last() as usize).saturating_add(count))
    }

    /// Ends a non-null row whose child values end at `end`, counted from
    /// the batch's first (a map knows it: the number of keys).
    pub fn push_row_ending_at(&mut self, end: usize) -> DecodeResult {
        let end = i32::try_from(end).map_err(|_| {
            DecodeError::Overflow(format!("more than 2^31 {} in one batch", self.of.name()))
        })?;
        self.offsets.push(end);
        self.nulls.append_non_null();
        Ok(())
    }

    pub fn push_null(&mut self) {
        self.offsets.push(self.last());
        self.nulls.append_null();
    }

    /// The rows since the last call, and starts afresh.
    pub fn finish(&mut self) -> (OffsetBuffer<i32>, Option<NullBuffer>) {
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        (
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            self.nulls.finish(),
        )
    }
}
