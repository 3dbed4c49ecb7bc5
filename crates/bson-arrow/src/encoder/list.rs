//! Lists (List, LargeList, FixedSizeList) as BSON arrays. A null item is
//! always written as BSON null, whatever the null option: dropping it would
//! shift every later item's position.

use std::io::Write;

use arrow_array::cast::AsArray;
use arrow_array::ArrayRef;
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, FieldRef};
use bson::spec::ElementType;

use super::{bytes, ArrayEncoder, BuildContext, ChildEncoder, EncodeError};
use crate::error::Error;
use crate::path::PathSegment;
use crate::schema::FieldType;

/// Where each row's items are in the child column.
enum Offsets {
    Small(OffsetBuffer<i32>),
    Large(OffsetBuffer<i64>),
    Fixed(usize),
}

impl Offsets {
    fn range(&self, row: usize) -> std::ops::Range<usize> {
        match self {
            // Offsets of a valid ListArray are non-negative and in bounds.
            Self::Small(o) => o[row] as usize..o[row + 1] as usize,
            Self::Large(o) => o[row] as usize..o[row + 1] as usize,
            Self::Fixed(size) => row * size..(row + 1) * size,
        }
    }
}

pub(crate) struct ListEncoder {
    offsets: Offsets,
    items: ChildEncoder,
}

impl ListEncoder {
    /// The encoder of a list-like `array`, or `None` if it is not one.
    pub fn new(
        array: &ArrayRef,
        item_hint: Option<&FieldType>,
        path: &str,
        cx: BuildContext,
    ) -> Option<Result<Self, Error>> {
        let (offsets, item_field, values): (Offsets, &FieldRef, ArrayRef) = match array.data_type()
        {
            DataType::List(field) => {
                let list = array.as_list::<i32>();
                (
                    Offsets::Small(list.offsets().clone()),
                    field,
                    list.values().clone(),
                )
            }
            DataType::LargeList(field) => {
                let list = array.as_list::<i64>();
                (
                    Offsets::Large(list.offsets().clone()),
                    field,
                    list.values().clone(),
                )
            }
            DataType::FixedSizeList(field, _) => {
                let list = array.as_fixed_size_list();
                // Slicing a FixedSizeList slices its values too: row 0 starts at item 0.
                let size = list.value_length() as usize;
                (Offsets::Fixed(size), field, list.values().clone())
            }
            _ => return None,
        };
        let items = ChildEncoder::new(&values, item_field, item_hint, &format!("{path}[]"), cx);
        Some(items.map(|items| Self { offsets, items }))
    }
}

impl ArrayEncoder for ListEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        let start = bytes::begin_document(out);
        let mut key = Vec::with_capacity(8);
        for (index, item) in self.offsets.range(row).enumerate() {
            key.clear();
            // Writing into a Vec cannot fail.
            let _ = write!(key, "{index}");
            self.items
                .write_element(&key, item, true, out)
                .map_err(|e| e.within(PathSegment::Index(index)))?;
        }
        bytes::end_document(out, start)?;
        Ok(ElementType::Array)
    }
}
