//! Arrays as Arrow Lists of any item type, lists of documents and lists of
//! lists included. Array keys ("0", "1", ...) are not checked: items are
//! taken in the order they are stored, as every MongoDB driver does.

use std::sync::Arc;

use arrow_array::{ArrayRef, ListArray};
use arrow_schema::FieldRef;
use bson::RawBsonRef;

use super::array_decoder::{ArrayDecoder, ChildDecoder};
use super::report::Step;
use super::row_offsets::{RowOffsets, RunOf};
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeResult, Mismatch};
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
    /// `item` is the decoder of `item_type`.
    pub fn new(item_type: &FieldType, item: ChildDecoder, options: &DecoderOptions) -> Self {
        Self {
            item_field: Arc::new(item_type.arrow_field(LIST_ITEM_NAME, options)),
            item,
            rows: RowOffsets::new(RunOf::ListItems),
        }
    }
}

impl ListDecoder {
    /// Appends the array `bytes` (length prefix through terminator) as a
    /// non-null row. (A walk that took a callback cost a few instructions
    /// per item more, in the nested decoders' hot loop.)
    #[inline]
    pub fn append_array(&mut self, bytes: &[u8], ctx: &mut DecodeContext) -> DecodeResult {
        let mut elements = Elements::new(bytes, ctx.offset_of(bytes))?;
        let mut count: usize = 0;
        while let Some(element) = elements.next_element(None)? {
            self.item
                .append_element(&element, || PathSegment::Index(count), ctx)?;
            count += 1;
        }
        self.rows.push_row(count)
    }
}

impl ArrayDecoder for ListDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult {
        let RawBsonRef::Array(array) = value else {
            return Err(Mismatch::of(&value).into());
        };
        self.append_array(array.as_bytes(), ctx)
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
