//! Embedded documents whose keys are data, as Arrow `Map<Utf8, T>`. Each
//! key becomes an entry's key and each value goes through one child
//! decoder, so nulls, the conflict policy and error paths (the key is the
//! path segment) work as they do for struct fields.
//!
//! Entries keep the order they are stored in, and a key stored twice stays
//! twice: BSON allows it, a map has no uniqueness constraint in Arrow's
//! format, and dropping either value would lose data silently.

use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, StringBuilder};
use arrow_array::{ArrayRef, MapArray, StructArray};
use arrow_schema::{DataType, FieldRef, Fields};
use bson::RawBsonRef;

use super::array_decoder::{ArrayDecoder, ChildDecoder};
use super::report::Step;
use super::row_offsets::{RowOffsets, RunOf};
use crate::decode_context::DecodeContext;
use crate::decode_error::DecodeResult;
use crate::options::DecoderOptions;
use crate::path::PathSegment;
use crate::schema::{map_entries, FieldType};

pub(crate) struct MapDecoder {
    entries_field: FieldRef,
    keys: StringBuilder,
    values: ChildDecoder,
    rows: RowOffsets,
}

impl MapDecoder {
    /// `values` is the decoder of `value_type`.
    pub fn new(value_type: &FieldType, values: ChildDecoder, options: &DecoderOptions) -> Self {
        Self {
            entries_field: Arc::new(map_entries(value_type, options)),
            keys: StringBuilder::new(),
            values,
            rows: RowOffsets::new(RunOf::MapEntries),
        }
    }
}

impl ArrayDecoder for MapDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult {
        let mut elements = self.rows.elements(value, ctx)?;
        while let Some(element) = elements.next_element(None)? {
            let key = element.key_str()?;
            // The value first: under the Error policy a conflict returns
            // before the key is appended, so keys and values never disagree
            // in length (the column is unusable after an error anyway).
            self.values
                .append_element(&element, || PathSegment::Key(key.into()), ctx)?;
            self.keys.append_value(key);
        }
        self.rows.push_row_ending_at(self.keys.len())
    }

    fn append_null(&mut self) {
        self.rows.push_null();
    }

    fn finish(&mut self) -> ArrayRef {
        let (offsets, nulls) = self.rows.finish();
        let DataType::Struct(fields) = self.entries_field.data_type() else {
            unreachable!("map_entries builds a struct field")
        };
        let entries = StructArray::new(
            Fields::clone(fields),
            vec![Arc::new(self.keys.finish()), self.values.finish()],
            None,
        );
        let array = MapArray::try_new(self.entries_field.clone(), offsets, entries, nulls, false)
            .expect("offsets grow monotonically and end at the entry count");
        Arc::new(array)
    }

    fn visit_children(&self, visit: &mut dyn FnMut(Step<'_>, &ChildDecoder)) {
        visit(Step::Values, &self.values);
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Float64Type;
    use arrow_array::Array;
    use bson::rawdoc;

    use super::*;
    use crate::decode_error::{DecodeError, Mismatch};
    use crate::decoder::array_decoder::test_append;
    use crate::decoder::primitive_array::PrimitiveDecoder;
    use crate::options::ConflictPolicy;

    fn decoder() -> MapDecoder {
        let values = ChildDecoder::new(
            Box::<PrimitiveDecoder<Float64Type>>::default(),
            "double".into(),
        );
        MapDecoder::new(&FieldType::Double, values, &DecoderOptions::default())
    }

    fn entries(map: &MapArray, row: usize) -> Vec<(String, Option<f64>)> {
        let entry = map.value(row);
        let keys = entry.column(0).as_string::<i32>();
        let values = entry.column(1).as_primitive::<Float64Type>();
        (0..entry.len())
            .map(|i| {
                (
                    keys.value(i).to_string(),
                    values.is_valid(i).then(|| values.value(i)),
                )
            })
            .collect()
    }

    #[test]
    fn one_row_per_document_with_keys_in_stored_order() {
        let mut d = decoder();
        let doc = rawdoc! { "z": 1.5, "a": null, "a": 2.0 };
        test_append(&mut d, RawBsonRef::Document(&doc)).unwrap();
        test_append(&mut d, RawBsonRef::Document(&rawdoc! {})).unwrap();
        d.append_null();
        let array = d.finish();
        let map = array.as_map();
        assert_eq!(map.len(), 3);
        let expected = [("z", Some(1.5)), ("a", None), ("a", Some(2.0))];
        let expected: Vec<_> = expected.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(entries(map, 0), expected);
        assert!(map.is_valid(1) && map.value_length(1) == 0);
        assert!(map.is_null(2));
        assert_eq!(map.entries().column(0).null_count(), 0);
    }

    #[test]
    fn a_value_that_is_not_a_document_is_a_mismatch() {
        let mut d = decoder();
        let err = test_append(&mut d, RawBsonRef::Double(1.0)).unwrap_err();
        assert_eq!(err, DecodeError::Mismatch(Mismatch { found: "double" }));
        let holder = rawdoc! { "a": [1.0] };
        let array = holder.get("a").unwrap().unwrap();
        let err = test_append(&mut d, array).unwrap_err();
        assert_eq!(err, DecodeError::Mismatch(Mismatch { found: "array" }));
    }

    #[test]
    fn a_conflicting_value_names_its_key() {
        let mut d = decoder();
        let doc = rawdoc! { "ok": 1.0, "x.y": "text" };
        let err = test_append(&mut d, RawBsonRef::Document(&doc)).unwrap_err();
        let DecodeError::Conflict { path, found, .. } = err else {
            panic!("expected a conflict, got {err:?}")
        };
        assert_eq!(path, [PathSegment::Key("x.y".into())]);
        assert_eq!(found, "string");

        let mut ctx = DecodeContext::new(ConflictPolicy::Null);
        let mut d = decoder();
        d.append(RawBsonRef::Document(&doc), &mut ctx).unwrap();
        assert_eq!(ctx.conflicts, 1);
        let array = d.finish();
        let expected = vec![("ok".to_string(), Some(1.0)), ("x.y".to_string(), None)];
        assert_eq!(entries(array.as_map(), 0), expected);
    }
}
