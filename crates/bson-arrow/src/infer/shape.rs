//! What inference has learned about one field so far, and how a new value
//! changes it: numbers widen, documents gain fields, lists learn their item
//! type. A value of a type that cannot share the field's column is a
//! conflict for the policy: `Error` fails naming the path and what was seen
//! before; `Null` and `String` keep every alternative with its count
//! ([`Shape::Mixed`]), so the field becomes the most common type (`Null`)
//! or a `text` column (`String`) when the schema is taken.

use std::collections::HashMap;

use bson::RawBsonRef;

use crate::bson_type::bson_type_name;
use crate::decode_context::DecodeContext;
use crate::decode_error::DecodeError;
use crate::limits::MAX_NESTING_DEPTH;
use crate::options::{ConflictPolicy, DecoderOptions};
use crate::path::PathSegment;
use crate::raw::Elements;
use crate::schema::{DateSpec, FieldSpec, FieldType};
use crate::widening::int64_as_exact_f64;

#[derive(Debug, Clone)]
pub(crate) enum Shape {
    /// Only nulls (or nothing) seen yet.
    Null,
    /// Only empty strings (and nulls) seen yet, with empty strings counting
    /// as null ([`DecoderOptions::with_empty_strings_as_null`]).
    EmptyString,
    /// `widest` is Int32, Int64 or Double. `inexact_int64` remembers an int64
    /// that a double column could not hold, so widening to double is refused.
    Number {
        widest: FieldType,
        inexact_int64: bool,
    },
    Leaf(FieldType),
    Document(DocumentShape),
    List {
        item: Box<Shape>,
        /// Non-null items seen, for error messages.
        items: u64,
    },
    /// Values of types that cannot share a column, each kind with the number
    /// of values of it; a value goes to the alternative that accepts it.
    Mixed(Vec<(Shape, u64)>),
}

/// A field of a document shape.
#[derive(Debug, Clone)]
pub(crate) struct FieldShape {
    pub name: Box<str>,
    pub shape: Shape,
    /// Documents in which the field had a non-null value.
    pub count: u64,
    /// Documents in which the field was null (BSON null, undefined, or an
    /// empty string read as null); a missing field is neither.
    pub nulls: u64,
}

/// Fields in the order they were first seen.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocumentShape {
    pub fields: Vec<FieldShape>,
    /// Key bytes to field: a key equal to a known name needs no UTF-8 check.
    pub index: HashMap<Box<[u8]>, usize>,
    /// Documents of this shape observed.
    pub documents: u64,
}

/// Fixed per inference run: options and the current document's base.
pub(crate) struct InferContext<'o> {
    pub options: &'o DecoderOptions,
    pub decode: DecodeContext,
}

/// Which alternative of a [`Shape::Mixed`] a value belongs to.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Number,
    Document,
    List,
    Leaf(FieldType),
}

impl DocumentShape {
    /// Learns from the document `doc` (length prefix through terminator).
    pub fn observe(
        &mut self,
        doc: &[u8],
        depth: usize,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        let doc_offset = cx.decode.offset_of(doc);
        if depth > MAX_NESTING_DEPTH {
            return Err(too_deep(doc_offset));
        }
        self.documents += 1;
        // Documents of one collection usually keep their field order: try
        // the field after the previous one before the hash map.
        let mut hint = 0;
        let mut elements = Elements::new(doc, doc_offset)?;
        while let Some(element) =
            elements.next_element(self.fields.get(hint).map(|f| f.name.as_bytes()))?
        {
            let value = element.value()?;
            let i = match element.expected {
                true => hint,
                false => match self.index.get(element.key) {
                    Some(&i) => i,
                    None => {
                        let key = element.key_str()?;
                        self.index.insert(key.as_bytes().into(), self.fields.len());
                        self.fields.push(FieldShape {
                            name: key.into(),
                            shape: Shape::Null,
                            count: 0,
                            nulls: 0,
                        });
                        self.fields.len() - 1
                    }
                },
            };
            hint = i + 1;
            let field = &mut self.fields[i];
            field
                .shape
                .observe(value, field.count, depth, cx)
                .map_err(|e| with_segment(e, || PathSegment::Key(field.name.clone())))?;
            if is_null(value, cx.options) {
                field.nulls += 1;
            } else {
                field.count += 1;
            }
        }
        Ok(())
    }

    /// The fields' types; the root document is never a map.
    pub fn to_fields(&self, options: &DecoderOptions) -> Vec<FieldSpec> {
        self.fields
            .iter()
            .map(|f| FieldSpec::new(&*f.name, f.shape.to_type(options)))
            .collect()
    }
}

/// Whether inference treats a value as absent.
fn is_null(value: RawBsonRef<'_>, options: &DecoderOptions) -> bool {
    match value {
        RawBsonRef::Null | RawBsonRef::Undefined => true,
        RawBsonRef::String("") => options.empty_strings_as_null(),
        _ => false,
    }
}

fn too_deep(offset: usize) -> DecodeError {
    DecodeError::Invalid {
        offset,
        message: format!("documents nest deeper than {MAX_NESTING_DEPTH} levels"),
    }
}

/// Adds a path segment to a conflict on its way up.
fn with_segment(error: DecodeError, segment: impl FnOnce() -> PathSegment) -> DecodeError {
    match error {
        DecodeError::Conflict {
            mut path,
            expected,
            found,
            seen,
        } => {
            path.push(segment());
            DecodeError::Conflict {
                path,
                expected,
                found,
                seen,
            }
        }
        other => other,
    }
}

impl Shape {
    /// Learns from one value; `seen` is how many non-null values the field
    /// (or list) had before it.
    #[inline]
    fn observe(
        &mut self,
        value: RawBsonRef<'_>,
        seen: u64,
        depth: usize,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        // Most values fit the shape as it is: decide those without building
        // a type or touching the conflict machinery.
        if self.unchanged_by(value) {
            return Ok(());
        }
        self.learn(value, seen, depth, cx)
    }

    /// Whether a value leaves this shape exactly as it is (numbers that
    /// need no widening, strings into a string field).
    #[inline]
    fn unchanged_by(&self, value: RawBsonRef<'_>) -> bool {
        match (self, value) {
            (Shape::Number { widest, .. }, RawBsonRef::Int32(_)) => {
                matches!(
                    widest,
                    FieldType::Int32 | FieldType::Int64 | FieldType::Double
                )
            }
            (
                Shape::Number {
                    widest,
                    inexact_int64,
                },
                RawBsonRef::Double(_),
            ) => matches!(widest, FieldType::Double) && !inexact_int64,
            (Shape::Number { widest, .. }, RawBsonRef::Int64(_)) => {
                matches!(widest, FieldType::Int64) && !is_inexact(value)
            }
            (Shape::Leaf(FieldType::String), RawBsonRef::String(s)) => !s.is_empty(),
            (Shape::Leaf(FieldType::Bool), RawBsonRef::Boolean(_)) => true,
            _ => false,
        }
    }

    fn learn(
        &mut self,
        value: RawBsonRef<'_>,
        seen: u64,
        depth: usize,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        if is_null(value, cx.options) {
            if matches!(value, RawBsonRef::String(_)) && matches!(self, Shape::Null) {
                *self = Shape::EmptyString;
            }
            return Ok(());
        }
        match (&mut *self, value) {
            (Shape::Null | Shape::EmptyString, _) => {
                *self = Self::first(value, cx.options);
                self.observe_inside(value, depth, cx)
            }
            (Shape::Mixed(alternatives), _) => {
                let at = match alternatives
                    .iter()
                    .position(|(s, _)| s.accepts(value, cx.options))
                {
                    Some(at) => at,
                    None => {
                        alternatives.push((Self::first(value, cx.options), 0));
                        alternatives.len() - 1
                    }
                };
                let (shape, count) = &mut alternatives[at];
                *count += 1;
                // Inside an alternative nothing conflicts with its kind; widen
                // numbers even past exactness (text keeps every digit).
                if let (Shape::Number { widest, .. }, Some(kind)) =
                    (&mut *shape, number_kind(value))
                {
                    *widest = wider(widest, &kind);
                    return Ok(());
                }
                shape.observe_inside(value, depth, cx)
            }
            (
                Shape::Number {
                    widest,
                    inexact_int64,
                },
                scalar,
            ) => {
                let Some(kind) = number_kind(scalar) else {
                    return self.conflict(value, seen, depth, cx);
                };
                let new_widest = wider(widest, &kind);
                let new_inexact = *inexact_int64 || is_inexact(scalar);
                if new_widest == FieldType::Double && new_inexact {
                    return self.conflict(value, seen, depth, cx);
                }
                *widest = new_widest;
                *inexact_int64 = new_inexact;
                Ok(())
            }
            (Shape::Leaf(FieldType::ExtendedJson), _) => Ok(()),
            (Shape::Leaf(existing), _) if leaf_fits(existing, value, cx.options) => Ok(()),
            (Shape::Document(_), RawBsonRef::Document(_))
            | (Shape::List { .. }, RawBsonRef::Array(_)) => self.observe_inside(value, depth, cx),
            _ => self.conflict(value, seen, depth, cx),
        }
    }

    /// Learns from the inside of a document or array whose kind matches.
    fn observe_inside(
        &mut self,
        value: RawBsonRef<'_>,
        depth: usize,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        match (self, value) {
            (Shape::Document(shape), RawBsonRef::Document(doc)) => {
                shape.observe(doc.as_bytes(), depth + 1, cx)
            }
            (Shape::List { item, items }, RawBsonRef::Array(array)) => {
                let bytes = array.as_bytes();
                if depth + 1 > MAX_NESTING_DEPTH {
                    return Err(too_deep(cx.decode.offset_of(bytes)));
                }
                let mut elements = Elements::new(bytes, cx.decode.offset_of(bytes))?;
                let mut i = 0;
                while let Some(element) = elements.next_element(None)? {
                    let value = element.value()?;
                    item.observe(value, *items, depth + 1, cx)
                        .map_err(|e| with_segment(e, || PathSegment::Index(i)))?;
                    if !is_null(value, cx.options) {
                        *items += 1;
                    }
                    i += 1;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Applies the conflict policy to a value that does not fit this shape.
    fn conflict(
        &mut self,
        value: RawBsonRef<'_>,
        seen: u64,
        depth: usize,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        if cx.options.conflict_policy() == ConflictPolicy::Error {
            return Err(DecodeError::Conflict {
                path: Vec::new(),
                expected: self.to_type(cx.options).describe(),
                found: bson_type_name(value.element_type()),
                seen,
            });
        }
        // Every value before this one fit the old shape.
        let old = std::mem::replace(self, Shape::Null);
        *self = Shape::Mixed(vec![(old, seen)]);
        self.observe(value, seen, depth, cx)
    }

    /// The empty shape of a value's kind, before it learns from the value.
    fn first(value: RawBsonRef<'_>, options: &DecoderOptions) -> Shape {
        match Self::kind_of(value, options) {
            Kind::Document => Shape::Document(DocumentShape::default()),
            Kind::List => Shape::List {
                item: Box::new(Shape::Null),
                items: 0,
            },
            Kind::Number => Shape::Number {
                widest: number_kind(value).unwrap_or(FieldType::Double),
                inexact_int64: is_inexact(value),
            },
            Kind::Leaf(field_type) => Shape::Leaf(field_type),
        }
    }

    /// Whether a present value is of this (single-kind) shape's kind.
    fn accepts(&self, value: RawBsonRef<'_>, options: &DecoderOptions) -> bool {
        match (self, value) {
            (Shape::Number { .. }, _) => number_kind(value).is_some(),
            (Shape::Document(_), RawBsonRef::Document(_)) => true,
            (Shape::List { .. }, RawBsonRef::Array(_)) => true,
            (Shape::Leaf(existing), _) => leaf_fits(existing, value, options),
            _ => false,
        }
    }

    /// The kind of a present, non-null value.
    fn kind_of(value: RawBsonRef<'_>, options: &DecoderOptions) -> Kind {
        match value {
            RawBsonRef::Int32(_) | RawBsonRef::Int64(_) | RawBsonRef::Double(_) => Kind::Number,
            RawBsonRef::Document(_) => Kind::Document,
            RawBsonRef::Array(_) => Kind::List,
            RawBsonRef::String(_) | RawBsonRef::Symbol(_) => Kind::Leaf(FieldType::String),
            RawBsonRef::Boolean(_) => Kind::Leaf(FieldType::Bool),
            RawBsonRef::DateTime(_) => Kind::Leaf(FieldType::Date(DateSpec::default())),
            RawBsonRef::ObjectId(_) => Kind::Leaf(FieldType::ObjectId),
            RawBsonRef::Decimal128(_) => Kind::Leaf(FieldType::Decimal128(None)),
            RawBsonRef::Binary(b) => {
                let subtype = u8::from(b.subtype);
                // Each subtype is its own kind: a column of one subtype
                // records it, and mixed subtypes are a conflict, so no
                // value's subtype is lost.
                Kind::Leaf(
                    if options.infer_uuid_as_string() && subtype == 4 && b.bytes.len() == 16 {
                        FieldType::Uuid
                    } else {
                        FieldType::Binary {
                            subtype: Some(subtype),
                        }
                    },
                )
            }
            RawBsonRef::RegularExpression(_) => Kind::Leaf(FieldType::Regex),
            RawBsonRef::JavaScriptCode(_) => Kind::Leaf(FieldType::Code),
            RawBsonRef::JavaScriptCodeWithScope(_) => Kind::Leaf(FieldType::CodeWithScope),
            RawBsonRef::Timestamp(_) => Kind::Leaf(FieldType::Timestamp),
            // MinKey, MaxKey and DBPointer have no Arrow counterpart.
            _ => Kind::Leaf(FieldType::ExtendedJson),
        }
    }
}

/// Whether a value belongs in a leaf column of this type, without building
/// the value's own type (this runs once per inferred value).
fn leaf_fits(existing: &FieldType, value: RawBsonRef<'_>, options: &DecoderOptions) -> bool {
    let is_uuid = |b: &bson::RawBinaryRef<'_>| {
        options.infer_uuid_as_string() && u8::from(b.subtype) == 4 && b.bytes.len() == 16
    };
    match (existing, value) {
        (FieldType::String, RawBsonRef::String(_) | RawBsonRef::Symbol(_))
        | (FieldType::Bool, RawBsonRef::Boolean(_))
        | (FieldType::Date(_), RawBsonRef::DateTime(_))
        | (FieldType::ObjectId, RawBsonRef::ObjectId(_))
        | (FieldType::Decimal128(_), RawBsonRef::Decimal128(_))
        | (FieldType::Regex, RawBsonRef::RegularExpression(_))
        | (FieldType::Code, RawBsonRef::JavaScriptCode(_))
        | (FieldType::CodeWithScope, RawBsonRef::JavaScriptCodeWithScope(_))
        | (FieldType::Timestamp, RawBsonRef::Timestamp(_))
        | (
            FieldType::ExtendedJson,
            RawBsonRef::MinKey | RawBsonRef::MaxKey | RawBsonRef::DbPointer(_),
        ) => true,
        (FieldType::Uuid, RawBsonRef::Binary(b)) => is_uuid(&b),
        (FieldType::Binary { subtype }, RawBsonRef::Binary(b)) => {
            !is_uuid(&b) && *subtype == Some(u8::from(b.subtype))
        }
        _ => false,
    }
}

fn number_kind(value: RawBsonRef<'_>) -> Option<FieldType> {
    match value {
        RawBsonRef::Int32(_) => Some(FieldType::Int32),
        RawBsonRef::Int64(_) => Some(FieldType::Int64),
        RawBsonRef::Double(_) => Some(FieldType::Double),
        _ => None,
    }
}

fn is_inexact(value: RawBsonRef<'_>) -> bool {
    matches!(value, RawBsonRef::Int64(v) if int64_as_exact_f64(v).is_none())
}

/// The narrower of two numeric types widened to hold both.
pub(super) fn wider(a: &FieldType, b: &FieldType) -> FieldType {
    match (a, b) {
        (FieldType::Double, _) | (_, FieldType::Double) => FieldType::Double,
        (FieldType::Int64, _) | (_, FieldType::Int64) => FieldType::Int64,
        _ => FieldType::Int32,
    }
}
