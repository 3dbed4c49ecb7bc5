//! Arrays as Arrow Lists of any item type, lists of documents and lists of
//! lists included. Array keys ("0", "1", ...) are not checked: items are
//! taken in the order they are stored, as every MongoDB driver does.

use std::sync::Arc;

use arrow_array::{ArrayRef, ListArray};
use arrow_buffer::{NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::FieldRef;
use bson::RawBsonRef;

use super::{ArrayDecoder, ChildDecoder, DecodeContext, DecodeError, Mismatch, Step};
use crate::options::DecoderOptions;
use crate::path::PathSegment;
use crate::raw::Elements;
use crate::schema::{FieldType, LIST_ITEM_NAME};

pub(crate) struct ListDecoder {
    item_field: FieldRef,
    item: ChildDecoder,
    /// Arrow list offsets: starts with 0, one more entry per row.
    offsets: Vec<i32>,
    nulls: NullBufferBuilder,
}

impl ListDecoder {
    pub fn new(item_type: &FieldType, options: &DecoderOptions) -> Self {
        Self {
            item_field: Arc::new(item_type.arrow_field(LIST_ITEM_NAME, options)),
            item: ChildDecoder::new(item_type, options),
            offsets: vec![0],
            nulls: NullBufferBuilder::new(0),
        }
    }

    fn last_offset(&self) -> i32 {
        self.offsets.last().copied().unwrap_or(0)
    }
}

impl ArrayDecoder for ListDecoder {
    fn append(
        &mut self,
        value: RawBsonRef<'_>,
        ctx: &mut DecodeContext,
    ) -> Result<(), DecodeError> {
        let RawBsonRef::Array(array) = value else {
            return Err(Mismatch::of(&value).into());
        };
        let mut count: usize = 0;
        let bytes = array.as_bytes();
        let mut elements = Elements::new(bytes, ctx.offset_of(bytes))?;
        while let Some(element) = elements.next_element(None)? {
            self.item
                .append(element.value()?, || PathSegment::Index(count), ctx)?;
            count += 1;
        }
        let end = i32::try_from(count)
            .ok()
            .and_then(|count| self.last_offset().checked_add(count))
            .ok_or_else(|| {
                DecodeError::Overflow("more than 2^31 list items in one batch".into())
            })?;
        self.offsets.push(end);
        self.nulls.append_non_null();
        Ok(())
    }

    fn append_null(&mut self) {
        self.offsets.push(self.last_offset());
        self.nulls.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let offsets = std::mem::replace(&mut self.offsets, vec![0]);
        let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
        let array = ListArray::try_new(
            self.item_field.clone(),
            offsets,
            self.item.finish(),
            self.nulls.finish(),
        )
        .expect("offsets grow monotonically and end at the item count");
        Arc::new(array)
    }

    fn visit_children(&self, visit: &mut dyn FnMut(Step<'_>, &ChildDecoder)) {
        visit(Step::Items, &self.item);
    }
}
