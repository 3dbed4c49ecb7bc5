//! Column decoders: one per Arrow type family, behind the private
//! [`ArrayDecoder`] trait and built by [`make_decoder`]. Document and list
//! decoders own their children, so the decoders form the same tree as the
//! schema.
//!
//! A decoder only sees present, non-null values: its parent turns BSON null,
//! undefined and missing fields into [`ArrayDecoder::append_null`] calls,
//! applies the [`ConflictPolicy`] to a [`Mismatch`], and adds its own path
//! segment to a conflict travelling up.

mod binary_array;
mod boolean_array;
mod bson_timestamp;
mod decimal_array;
mod fixed_size_binary_array;
mod fixed_struct_array;
mod list_array;
mod map_array;
mod null_array;
mod primitive_array;
mod row_offsets;
mod string_array;
mod struct_array;
mod timestamp_array;

use std::collections::BTreeMap;

use arrow_array::{Array, ArrayRef};
use bson::RawBsonRef;

pub(crate) use struct_array::StructDecoder;

pub(crate) use crate::decode_context::DecodeContext;
pub(crate) use crate::decode_error::{DecodeError, Mismatch};
use crate::options::{ConflictPolicy, DecoderOptions};
use crate::path::PathSegment;
use crate::plain_text::render_plain;
use crate::schema::FieldType;
use crate::type_counts::TypeCounts;

/// Appends BSON values to one Arrow column.
pub(crate) trait ArrayDecoder: Send {
    /// Appends a present, non-null value. On [`DecodeError::Mismatch`]
    /// nothing was appended; after any other error the column is unusable.
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext)
        -> Result<(), DecodeError>;

    /// Appends a null (BSON null, undefined or a missing field).
    fn append_null(&mut self);

    /// Appends a conflicting value's plain text, for
    /// [`ConflictPolicy::String`]. Returns false, appending nothing, when
    /// the column cannot hold text.
    fn append_text(&mut self, _text: &str) -> bool {
        false
    }

    /// Returns the values appended since the last call and starts afresh.
    fn finish(&mut self) -> ArrayRef;

    /// Values this column took by converting them itself (a `text` column
    /// rendering a number), by BSON type, since the decoder was created.
    fn converted(&self) -> Option<&TypeCounts> {
        None
    }

    /// Calls `visit` for each child column, for the read's report.
    fn visit_children(&self, _visit: &mut dyn FnMut(Step<'_>, &ChildDecoder)) {}

    /// Keys of documents this (struct) column skipped because the schema
    /// does not name them, with counts, when it was asked to keep them.
    fn skipped_keys(&self) -> Option<&BTreeMap<Box<str>, u64>> {
        None
    }
}

/// How a parent reaches a child column, for report paths: `a.b`, `a[]`, `m{}`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'a> {
    Key(&'a str),
    Items,
    Values,
}

/// What the conflict policy did to one column's values since the decoder was created.
#[derive(Debug, Clone, Default)]
struct PolicyCounts {
    /// Values stored as text instead of as they were.
    coerced: TypeCounts,
    /// Values stored as null instead of as they were.
    nulled: TypeCounts,
}

/// A child decoder with what its parent needs to report on it.
pub(crate) struct ChildDecoder {
    decoder: Box<dyn ArrayDecoder>,
    /// The child's type as error messages name it.
    expected: String,
    /// Non-null values in the batches finished so far.
    present: u64,
    /// Boxed and made on the first conflict: a struct walks all its children
    /// per document, so they must stay small to stay in cache.
    counts: Option<Box<PolicyCounts>>,
}

impl ChildDecoder {
    pub fn new(field_type: &FieldType, options: &DecoderOptions) -> Self {
        Self {
            decoder: make_decoder(field_type, options),
            expected: field_type.describe(),
            present: 0,
            counts: None,
        }
    }

    /// Appends a value that may be null, applying the conflict policy to a
    /// mismatch and adding `segment` to the path of a conflict that fails.
    #[inline]
    pub fn append(
        &mut self,
        value: RawBsonRef<'_>,
        segment: impl FnOnce() -> PathSegment,
        ctx: &mut DecodeContext,
    ) -> Result<(), DecodeError> {
        if matches!(value, RawBsonRef::Null | RawBsonRef::Undefined) {
            self.decoder.append_null();
            return Ok(());
        }
        match self.decoder.append(value, ctx) {
            Ok(()) => Ok(()),
            Err(DecodeError::Mismatch(mismatch)) => self.resolve(value, mismatch, segment, ctx),
            Err(DecodeError::Conflict {
                mut path,
                expected,
                found,
                seen,
            }) => {
                path.push(segment());
                Err(DecodeError::Conflict {
                    path,
                    expected,
                    found,
                    seen,
                })
            }
            Err(other) => Err(other),
        }
    }

    /// Applies the conflict policy to a value the column refused. Cold and
    /// out of line, so that `append`, which runs per value, stays small.
    #[cold]
    #[inline(never)]
    fn resolve(
        &mut self,
        value: RawBsonRef<'_>,
        mismatch: Mismatch,
        segment: impl FnOnce() -> PathSegment,
        ctx: &mut DecodeContext,
    ) -> Result<(), DecodeError> {
        let kind = value.element_type();
        if ctx.empty_strings_as_null && matches!(value, RawBsonRef::String("")) {
            self.counts().nulled.add(kind);
            self.decoder.append_null();
            return Ok(());
        }
        match ctx.policy {
            ConflictPolicy::Error => Err(DecodeError::Conflict {
                path: vec![segment()],
                expected: self.expected.clone(),
                found: mismatch.found,
                seen: 0,
            }),
            ConflictPolicy::Null => {
                ctx.conflicts += 1;
                self.counts().nulled.add(kind);
                self.decoder.append_null();
                Ok(())
            }
            ConflictPolicy::String => {
                ctx.conflicts += 1;
                let text = render_plain(value, ctx)?;
                if self.decoder.append_text(&text) {
                    self.counts().coerced.add(kind);
                } else {
                    self.counts().nulled.add(kind);
                    self.decoder.append_null();
                }
                Ok(())
            }
        }
    }

    fn counts(&mut self) -> &mut PolicyCounts {
        self.counts.get_or_insert_with(Box::default)
    }

    pub fn append_null(&mut self) {
        self.decoder.append_null();
    }

    pub fn finish(&mut self) -> ArrayRef {
        let array = self.decoder.finish();
        self.present += (array.len() - array.logical_null_count()) as u64;
        array
    }

    /// Appends to `out` the report of this column and of every column below
    /// it that did not store each value as it was, or skipped keys.
    pub fn report(&self, path: &mut String, out: &mut ReadReport) {
        let none = PolicyCounts::default();
        let counts = self.counts.as_deref().unwrap_or(&none);
        let mut coerced = counts.coerced.clone();
        if let Some(converted) = self.decoder.converted() {
            coerced.add_all(converted);
        }
        let nulled = &counts.nulled;
        if coerced.total() > 0 || nulled.total() > 0 {
            let mut types = coerced.clone();
            types.add_all(nulled);
            out.coercions.push(Coercion {
                field: path.clone(),
                column: self.expected.clone(),
                types: types.named(),
                stored: self.present.saturating_sub(coerced.total()),
                coerced: coerced.total(),
                nulled: nulled.total(),
            });
        }
        if let Some(skipped) = self.decoder.skipped_keys() {
            for (key, count) in skipped {
                let len = path.len();
                push_step(path, Step::Key(key));
                out.dropped_fields.push((path.clone(), *count));
                path.truncate(len);
            }
        }
        self.decoder.visit_children(&mut |step, child| {
            let len = path.len();
            push_step(path, step);
            child.report(path, out);
            path.truncate(len);
        });
    }
}

/// Adds one step to a report path.
pub(crate) fn push_step(path: &mut String, step: Step<'_>) {
    match step {
        Step::Key(key) => {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
        }
        Step::Items => path.push_str("[]"),
        Step::Values => path.push_str("{}"),
    }
}

/// What a read did besides decoding values as they were: the values the
/// conflict policy converted or nulled, and the fields the schema dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadReport {
    /// One entry per column that did not store every value as it was.
    pub coercions: Vec<Coercion>,
    /// Fields present in documents that the schema has no column for, by
    /// path, with the number of documents (or items) that had each.
    pub dropped_fields: Vec<(String, u64)>,
}

/// What happened to one column's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coercion {
    /// The column's path: `a.b`, `a[]` for list items, `m{}` for map values.
    pub field: String,
    /// The column's type as schemas name it (`double`, `text`, `list<int32>`).
    pub column: String,
    /// The BSON types (MongoDB `$type` names) of the values that were
    /// converted to text or nulled, with counts.
    pub types: Vec<(&'static str, u64)>,
    /// Non-null values stored as they were (numbers widened included).
    pub stored: u64,
    /// Values stored as their plain text.
    pub coerced: u64,
    /// Values stored as null.
    pub nulled: u64,
}

/// Builds the decoder for a field type.
pub(crate) fn make_decoder(
    field_type: &FieldType,
    options: &DecoderOptions,
) -> Box<dyn ArrayDecoder> {
    match field_type {
        FieldType::Null => Box::new(null_array::NullDecoder::default()),
        FieldType::Double => Box::new(primitive_array::Float64Decoder::default()),
        FieldType::Int32 => Box::new(primitive_array::Int32Decoder::default()),
        FieldType::Int64 => Box::new(primitive_array::Int64Decoder::default()),
        FieldType::Bool => Box::new(boolean_array::BooleanDecoder::default()),
        FieldType::String => Box::new(string_array::TextDecoder::new(
            string_array::TextKind::String,
        )),
        FieldType::Code => Box::new(string_array::TextDecoder::new(string_array::TextKind::Code)),
        FieldType::ExtendedJson => Box::new(string_array::TextDecoder::new(
            string_array::TextKind::ExtendedJson,
        )),
        FieldType::Text => Box::new(string_array::TextDecoder::new(
            string_array::TextKind::Plain,
        )),
        FieldType::Date(spec) => Box::new(timestamp_array::TimestampDecoder::new(spec.clone())),
        FieldType::ObjectId => fixed_size_binary_array::make(options.object_id()),
        FieldType::Decimal128(spec) => decimal_array::make(*spec, options.decimal128()),
        FieldType::Binary { subtype } => Box::new(binary_array::BinaryDecoder::new(*subtype)),
        FieldType::Uuid => Box::new(binary_array::UuidDecoder::default()),
        FieldType::Regex => Box::new(fixed_struct_array::StringPairDecoder::regex()),
        FieldType::CodeWithScope => {
            Box::new(fixed_struct_array::StringPairDecoder::code_with_scope())
        }
        FieldType::Timestamp => Box::new(bson_timestamp::BsonTimestampDecoder::default()),
        FieldType::Document(fields) => Box::new(StructDecoder::new(fields, options)),
        FieldType::List(item) => Box::new(list_array::ListDecoder::new(item, options)),
        FieldType::Map(values) => Box::new(map_array::MapDecoder::new(values, options)),
    }
}

/// Appends one value with a default context, for unit tests of leaf decoders.
#[cfg(test)]
pub(crate) fn test_append(
    decoder: &mut dyn ArrayDecoder,
    value: RawBsonRef<'_>,
) -> Result<(), DecodeError> {
    decoder.append(value, &mut DecodeContext::new(ConflictPolicy::Error))
}
