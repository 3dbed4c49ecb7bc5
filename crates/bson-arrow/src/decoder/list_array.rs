//! Arrays as Arrow Lists of any item type, lists of documents and lists of
//! lists included. Array keys ("0", "1", ...) are not checked: items are
//! taken in the order they are stored, as every MongoDB driver does.

use std::sync::Arc;

use arrow_array::{ArrayRef, ListArray};
use arrow_schema::FieldRef;
use bson::RawBsonRef;

use super::row_offsets::RowOffsets;
use super::{ArrayDecoder, ChildDecoder, DecodeContext, DecodeError, Mismatch, Step};
use crate::options::DecoderOptions;
use crate::path::PathSegment;
use crate::raw::Elements;
use crate::schema::{FieldType, LIST_ITEM_NAME};

pub(crate) struct ListDecoder {
    item_field: FieldRef,
    item: ChildDecoder,
    rows: RowOffsets,
}

impl ListDecoder {
    pub fn new(item_type: &FieldType, options: &DecoderOptions) -> Self {
        Self {
            item_field: Arc::new(item_type.arrow_field(LIST_ITEM_NAME, options)),
            item: ChildDecoder::new(item_type, options),
            rows: RowOffsets::new(),
        }
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
        self.rows.push_row(count, "list items")
    }

    fn append_null(&mut self) {
        self.rows.push_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let (offsets, nulls) = self.rows.finish();
        let array = ListArray::try_new(self.item_field.clone(), offsets, self.item.finish(), nulls)
            .expect("offsets grow monotonically and end at the item count");
        Arc::new(array)
    }

    fn visit_children(&self, visit: &mut dyn FnMut(Step<'_>, &ChildDecoder)) {
        visit(Step::Items, &self.item);
    }
}
