//! The offsets and validity of a column whose rows are runs of child values
//! (lists and maps): one offset per row, a null row is an empty run.

use arrow_buffer::{NullBuffer, NullBufferBuilder, OffsetBuffer, ScalarBuffer};

use super::DecodeError;

pub(crate) struct RowOffsets {
    /// Arrow offsets: starts with 0, one more entry per row.
    offsets: Vec<i32>,
    nulls: NullBufferBuilder,
}

impl RowOffsets {
    pub fn new() -> Self {
        Self {
            offsets: vec![0],
            nulls: NullBufferBuilder::new(0),
        }
    }

    fn last(&self) -> i32 {
        self.offsets.last().copied().unwrap_or(0)
    }

    /// Ends a non-null row of `count` child values; `what` names them in
    /// the error when a batch outgrows Arrow's 32-bit offsets.
    pub fn push_row(&mut self, count: usize, what: &str) -> Result<(), DecodeError> {
        let end = i32::try_from(count)
            .ok()
            .and_then(|count| self.last().checked_add(count))
            .ok_or_else(|| DecodeError::Overflow(format!("more than 2^31 {what} in one batch")))?;
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
