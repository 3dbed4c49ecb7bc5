//! Structs as embedded documents, and the record batch itself as the root
//! document of each row. A document encoder owns one child encoder per field
//! and writes keys as they are: a name containing `.` is one key, not a path.

use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::Fields;
use bson::spec::ElementType;

use super::{bytes, child_path, ArrayEncoder, BuildContext, ChildEncoder, EncodeError};
use crate::error::Error;
use crate::path::PathSegment;
use crate::schema::{FieldSpec, FieldType};

pub(crate) struct DocumentEncoder {
    /// The field names, checked for NUL bytes (a BSON key is a cstring).
    keys: Vec<Box<str>>,
    children: Vec<ChildEncoder>,
    write_nulls: bool,
}

impl DocumentEncoder {
    /// The encoder of the rows of `batch`; `hints` are the declared fields.
    pub fn of_batch(
        batch: &RecordBatch,
        hints: Option<&[FieldSpec]>,
        cx: BuildContext,
    ) -> Result<Self, Error> {
        Self::new(batch.schema().fields(), batch.columns(), hints, "", cx)
    }

    /// The encoder of the documents of a struct column.
    pub fn of_struct(
        array: &StructArray,
        hints: Option<&[FieldSpec]>,
        path: &str,
        cx: BuildContext,
    ) -> Result<Self, Error> {
        Self::new(array.fields(), array.columns(), hints, path, cx)
    }

    fn new(
        fields: &Fields,
        columns: &[ArrayRef],
        hints: Option<&[FieldSpec]>,
        path: &str,
        cx: BuildContext,
    ) -> Result<Self, Error> {
        let mut keys = Vec::with_capacity(fields.len());
        let mut children = Vec::with_capacity(fields.len());
        for (field, column) in fields.iter().zip(columns) {
            let field_path = child_path(path, field.name());
            if field.name().contains('\0') {
                return Err(Error::InvalidSchema(format!(
                    "field '{field_path}': a BSON key cannot contain a NUL byte"
                )));
            }
            let hint = hints.and_then(|h| hint_for(h, field.name()));
            children.push(ChildEncoder::new(column, field, hint, &field_path, cx)?);
            keys.push(field.name().as_str().into());
        }
        Ok(Self {
            keys,
            children,
            write_nulls: cx.write_nulls,
        })
    }

    /// Appends the whole document for `row`.
    pub fn write_document(&self, row: usize, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let start = bytes::begin_document(out);
        for (key, child) in self.keys.iter().zip(&self.children) {
            child
                .write_element(key.as_bytes(), row, self.write_nulls, out)
                .map_err(|e| e.within(PathSegment::Key(key.clone())))?;
        }
        Ok(bytes::end_document(out, start)?)
    }
}

impl ArrayEncoder for DocumentEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        self.write_document(row, out)?;
        Ok(ElementType::EmbeddedDocument)
    }
}

fn hint_for<'a>(hints: &'a [FieldSpec], name: &str) -> Option<&'a FieldType> {
    hints.iter().find(|f| f.name == name).map(|f| &f.field_type)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Int32Array, StringArray};
    use arrow_schema::{DataType, Field};

    use super::*;

    fn cx(write_nulls: bool) -> BuildContext {
        BuildContext {
            write_nulls,
            ..BuildContext::default()
        }
    }

    #[test]
    fn keys_with_dots_are_single_keys_and_nulls_follow_the_option() {
        let batch = RecordBatch::try_from_iter([
            (
                "a.b",
                Arc::new(Int32Array::from(vec![Some(1), None])) as ArrayRef,
            ),
            ("s", Arc::new(StringArray::from(vec!["x", "y"])) as ArrayRef),
        ])
        .unwrap();
        let mut out = Vec::new();
        let omit = DocumentEncoder::of_batch(&batch, None, cx(false)).unwrap();
        omit.write_document(1, &mut out).unwrap();
        assert_eq!(out, bson::rawdoc! { "s": "y" }.as_bytes());
        out.clear();
        let write = DocumentEncoder::of_batch(&batch, None, cx(true)).unwrap();
        write.write_document(0, &mut out).unwrap();
        write.write_document(1, &mut out).unwrap();
        let first = bson::rawdoc! { "a.b": 1, "s": "x" };
        let second = bson::rawdoc! { "a.b": null, "s": "y" };
        assert_eq!(out, [first.as_bytes(), second.as_bytes()].concat());
    }

    #[test]
    fn nul_in_a_field_name_is_refused() {
        let fields = Fields::from(vec![Field::new("a\0", DataType::Int32, true)]);
        let array = StructArray::new(fields, vec![Arc::new(Int32Array::from(vec![1]))], None);
        let error = DocumentEncoder::of_struct(&array, None, "s", cx(false))
            .err()
            .unwrap();
        assert_eq!(error.code(), "INVALID_SCHEMA");
    }
}
