//! Maps with text keys as embedded documents: each entry becomes one
//! element, keys in entry order, a key stored twice written twice (as the
//! decoder read it). A null value is always written as BSON null, whatever
//! the null option: the key is data, and leaving the element out would lose
//! it.

use arrow_array::cast::AsArray;
use arrow_array::ArrayRef;
use arrow_buffer::OffsetBuffer;
use arrow_schema::DataType;
use bson::spec::ElementType;

use super::text::Strings;
use super::{bytes, ArrayEncoder, BuildContext, ChildEncoder, EncodeError};
use crate::error::Error;
use crate::path::PathSegment;
use crate::schema::FieldType;

pub(crate) struct MapEncoder {
    offsets: OffsetBuffer<i32>,
    keys: Strings,
    values: ChildEncoder,
}

impl MapEncoder {
    /// The encoder of a map `array`, or `None` if it is not one. A map
    /// whose keys are not text has no document form: `UNSUPPORTED_TYPE`.
    pub fn new(
        array: &ArrayRef,
        value_hint: Option<&FieldType>,
        path: &str,
        cx: BuildContext,
    ) -> Option<Result<Self, Error>> {
        if !matches!(array.data_type(), DataType::Map(..)) {
            return None;
        }
        let map = array.as_map();
        let Some(keys) = Strings::of(map.keys()) else {
            return Some(Err(Error::UnsupportedType(format!(
                "column '{path}': a map is written as a document, whose keys are strings; \
                 its keys are Arrow type {}",
                map.key_type()
            ))));
        };
        let values_field = &map.entries().fields()[1];
        let values = ChildEncoder::new(
            map.values(),
            values_field,
            value_hint,
            &format!("{path}{{}}"),
            cx,
        );
        Some(values.map(|values| Self {
            // Offsets index the whole entries array, sliced or not.
            offsets: map.offsets().clone(),
            keys,
            values,
        }))
    }
}

impl ArrayEncoder for MapEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        let start = bytes::begin_document(out);
        // Offsets of a valid MapArray are non-negative and in bounds.
        let entries = self.offsets[row] as usize..self.offsets[row + 1] as usize;
        for entry in entries {
            let key = self.keys.value(entry);
            if key.contains('\0') {
                return Err(EncodeError::new(format!(
                    "map key {key:?} contains a NUL byte, which a BSON key cannot hold"
                )));
            }
            self.values
                .write_element(key.as_bytes(), entry, true, out)
                .map_err(|e| e.within(PathSegment::Key(key.into())))?;
        }
        bytes::end_document(out, start)?;
        Ok(ElementType::EmbeddedDocument)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{Int32Builder, MapBuilder, StringBuilder};
    use arrow_array::{Array, Int32Array, MapArray, StructArray};
    use arrow_schema::{Field, Fields};

    use super::*;

    fn cx(write_nulls: bool) -> BuildContext {
        BuildContext {
            write_nulls,
            ..BuildContext::default()
        }
    }

    fn encode_rows(array: ArrayRef) -> Vec<u8> {
        let encoder = MapEncoder::new(&array, None, "m", cx(false))
            .unwrap()
            .unwrap();
        let mut out = Vec::new();
        for row in 0..array.len() {
            encoder.encode(row, &mut out).unwrap();
        }
        out
    }

    #[test]
    fn entries_in_order_null_values_written_and_slices_respected() {
        let mut builder = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
        builder.keys().append_value("first");
        builder.values().append_value(1);
        builder.append(true).unwrap();
        for (key, value) in [("z", Some(2)), ("a.b", None), ("z", Some(3))] {
            builder.keys().append_value(key);
            builder.values().append_option(value);
        }
        builder.append(true).unwrap();
        builder.append(true).unwrap();
        let array: ArrayRef = Arc::new(builder.finish());
        let out = encode_rows(array.slice(1, 2));
        let expected = [
            bson::rawdoc! { "z": 2, "a.b": null, "z": 3 }.into_bytes(),
            bson::rawdoc! {}.into_bytes(),
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[test]
    fn keys_that_are_not_text_are_unsupported_and_nul_keys_invalid() {
        let entries = StructArray::new(
            Fields::from(vec![
                Field::new("keys", DataType::Int32, false),
                Field::new("values", DataType::Int32, true),
            ]),
            vec![
                Arc::new(Int32Array::from(vec![1])),
                Arc::new(Int32Array::from(vec![2])),
            ],
            None,
        );
        let field = Arc::new(Field::new("entries", entries.data_type().clone(), false));
        let offsets = OffsetBuffer::new(vec![0, 1].into());
        let map = MapArray::try_new(field, offsets, entries, None, false).unwrap();
        let error = MapEncoder::new(&(Arc::new(map) as ArrayRef), None, "m", cx(false))
            .unwrap()
            .err()
            .unwrap();
        assert_eq!(error.code(), "UNSUPPORTED_TYPE");
        assert!(error.to_string().contains("'m'"), "{error}");

        let mut builder = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
        builder.keys().append_value("a\0b");
        builder.values().append_value(1);
        builder.append(true).unwrap();
        let array: ArrayRef = Arc::new(builder.finish());
        let encoder = MapEncoder::new(&array, None, "m", cx(false))
            .unwrap()
            .unwrap();
        let error = encoder.encode(0, &mut Vec::new()).err().unwrap();
        assert!(error.into_error(0).to_string().contains("NUL"));
    }
}
