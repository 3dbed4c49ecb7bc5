//! Embedded documents as Arrow Structs. A struct decoder owns one child
//! decoder per declared field and finds children by key, never by a dotted
//! path, so keys containing `.` are ordinary keys. The record decoder uses
//! one as the root of the tree.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use arrow_array::{ArrayRef, StructArray};
use arrow_buffer::NullBufferBuilder;
use arrow_schema::Fields;
use bson::RawBsonRef;

use super::array_decoder::{ArrayDecoder, ChildDecoder};
use super::report::{push_step, Step, Tally};
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeError, DecodeResult, Mismatch};
use crate::options::DecoderOptions;
use crate::path::PathSegment;
use crate::raw::{Elements, ExpectedKey};
use crate::schema::{fields_of, FieldSpec};

pub(crate) struct StructDecoder {
    fields: Fields,
    names: Vec<Box<str>>,
    /// The names, prepared for the walk's key compare.
    keys: Vec<ExpectedKey>,
    children: Vec<ChildDecoder>,
    /// Name bytes to child, for keys out of schema order.
    index: HashMap<Box<[u8]>, usize>,
    /// For each child, the stamp of the last document that set it: detects
    /// duplicate keys and missing fields without clearing a bitmap per row.
    set_in: Vec<u64>,
    stamp: u64,
    nulls: NullBufferBuilder,
    len: usize,
    /// Keys the schema does not name, with how many documents had them; kept
    /// for the root, and at every depth when the options ask for it (an
    /// inferred stream schema, which may drop fields first seen late).
    dropped: Option<BTreeMap<Box<str>, u64>>,
    /// The root's `_id` is fetched for error messages even when the schema
    /// has no column for it: not a dropped field.
    is_root: bool,
}

impl StructDecoder {
    /// `children` are the fields' decoders, in the order of `fields`.
    pub fn new(
        fields: &[FieldSpec],
        children: Vec<ChildDecoder>,
        options: &DecoderOptions,
    ) -> Self {
        let names: Vec<Box<str>> = fields.iter().map(|f| f.name.as_str().into()).collect();
        let index = names
            .iter()
            .map(|name| Box::<[u8]>::from(name.as_bytes()))
            .zip(0..)
            .collect();
        Self {
            fields: fields_of(fields, options),
            children,
            set_in: vec![0; names.len()],
            keys: names
                .iter()
                .map(|name| ExpectedKey::new(name.as_bytes()))
                .collect(),
            names,
            index,
            stamp: 0,
            nulls: NullBufferBuilder::new(0),
            len: 0,
            dropped: options.count_nested_dropped().then(BTreeMap::new),
            is_root: false,
        }
    }

    /// Starts counting the keys this decoder skips (see [`Self::dropped_keys`]).
    pub fn track_dropped_keys(&mut self) {
        self.dropped.get_or_insert_with(BTreeMap::new);
        self.is_root = true;
    }

    /// The tally of the whole tree, for the root: dropped fields by path,
    /// and what the conflict policy did to each column.
    pub fn tally(&self) -> Tally {
        let mut columns = Vec::new();
        let mut path = String::new();
        self.visit_children(&mut |step, child| {
            path.clear();
            push_step(&mut path, step);
            child.tally(&mut path, &mut columns);
        });
        Tally::new(self.dropped.clone().unwrap_or_default(), columns)
    }

    /// Appends the fields of the document `doc` (length prefix through
    /// terminator) to the children; absent fields become nulls, or
    /// conflicts for required fields. Does not touch this struct's own
    /// validity (the root has none).
    pub fn append_document(&mut self, doc: &[u8], ctx: &mut DecodeContext) -> DecodeResult {
        self.stamp += 1;
        // Documents usually list fields in schema order, so the walk is told
        // to expect the field after the previous match; only other keys are
        // looked up in the hash map. A key equal to a name is valid UTF-8
        // because the name is.
        let mut hint = 0;
        let mut elements = Elements::new(doc, ctx.offset_of(doc))?;
        while let Some(element) = elements.next_expected(self.keys.get(hint))? {
            let found = if element.expected {
                Some(hint)
            } else {
                self.index.get(element.key).copied()
            };
            let Some(i) = found else {
                if self.is_root && element.key == b"_id" {
                    continue;
                }
                if let Some(dropped) = &mut self.dropped {
                    let key = element.key_str()?;
                    match dropped.get_mut(key) {
                        Some(count) => *count += 1,
                        None => {
                            dropped.insert(key.into(), 1);
                        }
                    }
                }
                continue;
            };
            hint = i + 1;
            if self.set_in[i] == self.stamp {
                return Err(DecodeError::Invalid {
                    offset: element.offset,
                    message: format!("field '{}' appears twice", self.names[i]),
                });
            }
            self.set_in[i] = self.stamp;
            let names = &self.names;
            self.children[i].append_element(
                &element,
                || PathSegment::Key(names[i].clone()),
                ctx,
            )?;
        }
        let names = &self.names;
        for (i, (child, set_in)) in self.children.iter_mut().zip(&self.set_in).enumerate() {
            if *set_in != self.stamp {
                child.append_missing(|| PathSegment::Key(names[i].clone()))?;
            }
        }
        Ok(())
    }

    /// Appends the document `doc` as a (non-null) value of this column.
    #[inline]
    pub fn append_present(&mut self, doc: &[u8], ctx: &mut DecodeContext) -> DecodeResult {
        self.append_document(doc, ctx)?;
        self.nulls.append_non_null();
        self.len += 1;
        Ok(())
    }

    /// The children's arrays, for the root, which is a record batch and not a struct.
    pub fn finish_columns(&mut self) -> Vec<ArrayRef> {
        self.len = 0;
        self.children.iter_mut().map(ChildDecoder::finish).collect()
    }
}

impl ArrayDecoder for StructDecoder {
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult {
        let RawBsonRef::Document(doc) = value else {
            return Err(Mismatch::of(&value).into());
        };
        self.append_present(doc.as_bytes(), ctx)
    }

    fn append_null(&mut self) {
        for child in &mut self.children {
            child.append_null();
        }
        self.nulls.append_null();
        self.len += 1;
    }

    fn finish(&mut self) -> ArrayRef {
        let len = self.len;
        let columns = self.finish_columns();
        let array = StructArray::try_new_with_length(
            self.fields.clone(),
            columns,
            self.nulls.finish(),
            len,
        )
        .expect(
            "every child holds one value per row, and a required child is null only where the struct is",
        );
        Arc::new(array)
    }

    fn visit_children(&self, visit: &mut dyn FnMut(Step<'_>, &ChildDecoder)) {
        for (name, child) in self.names.iter().zip(&self.children) {
            visit(Step::Key(name), child);
        }
    }

    fn dropped_keys(&self) -> Option<&BTreeMap<Box<str>, u64>> {
        self.dropped.as_ref()
    }
}
