//! The rows of a column whose rows are runs of child values (lists and
//! maps): the walk over each row's elements, one offset per row, validity (a
//! null row is an empty run) and the 2^31 limit of Arrow's 32-bit offsets.

use arrow_buffer::{NullBuffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use bson::RawBsonRef;

use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeError, DecodeResult, Mismatch};
use crate::raw::{Element, Elements};

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

    /// Appends a row of the elements of `value`, or refuses a value that is
    /// not a container of the run's kind: `each(element, index, ctx)`
    /// appends one element to the child values.
    #[inline]
    pub fn push_elements<'a>(
        &mut self,
        value: RawBsonRef<'a>,
        ctx: &mut DecodeContext,
        mut each: impl FnMut(Element<'a>, usize, &mut DecodeContext) -> DecodeResult,
    ) -> DecodeResult {
        let bytes = self.of.bytes(value).ok_or_else(|| Mismatch::of(&value))?;
        let mut elements = Elements::new(bytes, ctx.offset_of(bytes))?;
        let mut count: usize = 0;
        while let Some(element) = elements.next_element(None)? {
            each(element, count, ctx)?;
            count += 1;
        }
        self.push_row(count)
    }

    /// Ends a non-null row of `count` child values.
    fn push_row(&mut self, count: usize) -> DecodeResult {
        let end = i32::try_from(count)
            .ok()
            .and_then(|count| self.last().checked_add(count))
            .ok_or_else(|| {
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
