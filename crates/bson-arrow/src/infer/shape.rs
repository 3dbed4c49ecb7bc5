//! What inference has learned about one field so far, and how a new value
//! changes it: numbers widen, documents gain fields, lists learn their item
//! type, and anything else that disagrees is a conflict for the policy.

use std::collections::HashMap;

use bson::RawBsonRef;

use crate::bson_type::bson_type_name;
use crate::decoder::{DecodeContext, DecodeError};
use crate::options::{ConflictPolicy, DecoderOptions};
use crate::path::PathSegment;
use crate::raw::Elements;
use crate::schema::{DateSpec, FieldSpec, FieldType};
use crate::MAX_NESTING_DEPTH;

/// The largest magnitude below which every integer is an exact `f64`.
const MAX_EXACT_F64_INT: i64 = 1 << 53;

pub(crate) enum Shape {
    /// Only nulls (or nothing) seen yet.
    Null,
    /// `widest` is Int32, Int64 or Double. `inexact_int64` remembers an int64
    /// that a double column could not hold, so widening to double is refused.
    Number {
        widest: FieldType,
        inexact_int64: bool,
    },
    Leaf(FieldType),
    Document(DocumentShape),
    List(Box<Shape>),
}

/// Fields in the order they were first seen.
#[derive(Default)]
pub(crate) struct DocumentShape {
    fields: Vec<(Box<str>, Shape)>,
    /// Key bytes to field: a key equal to a known name needs no UTF-8 check.
    index: HashMap<Box<[u8]>, usize>,
}

/// Fixed per inference run: options and the current document's base.
pub(crate) struct InferContext<'o> {
    pub options: &'o DecoderOptions,
    pub decode: DecodeContext,
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
            return Err(DecodeError::Invalid {
                offset: doc_offset,
                message: format!("documents nest deeper than {MAX_NESTING_DEPTH} levels"),
            });
        }
        // Documents of one collection usually keep their field order: try
        // the field after the previous one before the hash map.
        let mut hint = 0;
        let mut elements = Elements::new(doc, doc_offset)?;
        while let Some(element) =
            elements.next_element(self.fields.get(hint).map(|(name, _)| name.as_bytes()))?
        {
            let value = element.value()?;
            let i = match element.expected {
                true => hint,
                false => match self.index.get(element.key) {
                    Some(&i) => i,
                    None => {
                        let key = element.key_str()?;
                        self.index.insert(key.as_bytes().into(), self.fields.len());
                        self.fields.push((key.into(), Shape::Null));
                        self.fields.len() - 1
                    }
                },
            };
            hint = i + 1;
            let (name, shape) = &mut self.fields[i];
            shape
                .observe(value, depth, cx)
                .map_err(|e| with_segment(e, || PathSegment::Key(name.clone())))?;
        }
        Ok(())
    }

    pub fn to_fields(&self) -> Vec<FieldSpec> {
        self.fields
            .iter()
            .map(|(name, shape)| FieldSpec::new(&**name, shape.to_type()))
            .collect()
    }
}

fn with_segment(error: DecodeError, segment: impl FnOnce() -> PathSegment) -> DecodeError {
    match error {
        DecodeError::Conflict {
            mut path,
            expected,
            found,
        } => {
            path.push(segment());
            DecodeError::Conflict {
                path,
                expected,
                found,
            }
        }
        other => other,
    }
}

impl Shape {
    fn observe(
        &mut self,
        value: RawBsonRef<'_>,
        depth: usize,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        match (&mut *self, value) {
            (_, RawBsonRef::Null | RawBsonRef::Undefined) => Ok(()),
            (Shape::Leaf(FieldType::ExtendedJson), _) => Ok(()),
            (Shape::Null, RawBsonRef::Document(doc)) => {
                let mut shape = DocumentShape::default();
                shape.observe(doc.as_bytes(), depth + 1, cx)?;
                *self = Shape::Document(shape);
                Ok(())
            }
            (Shape::Document(shape), RawBsonRef::Document(doc)) => {
                shape.observe(doc.as_bytes(), depth + 1, cx)
            }
            (Shape::Null, RawBsonRef::Array(_)) => {
                *self = Shape::List(Box::new(Shape::Null));
                self.observe(value, depth, cx)
            }
            (Shape::List(item), RawBsonRef::Array(array)) => {
                if depth + 1 > MAX_NESTING_DEPTH {
                    return Err(DecodeError::Invalid {
                        offset: cx.decode.offset_of(array.as_bytes()),
                        message: format!("documents nest deeper than {MAX_NESTING_DEPTH} levels"),
                    });
                }
                let bytes = array.as_bytes();
                let mut elements = Elements::new(bytes, cx.decode.offset_of(bytes))?;
                let mut i = 0;
                while let Some(element) = elements.next_element(None)? {
                    item.observe(element.value()?, depth + 1, cx)
                        .map_err(|e| with_segment(e, || PathSegment::Index(i)))?;
                    i += 1;
                }
                Ok(())
            }
            (Shape::Null, scalar) => {
                *self = Self::of_scalar(scalar, cx.options);
                Ok(())
            }
            (
                Shape::Number {
                    widest,
                    inexact_int64,
                },
                scalar,
            ) => {
                let (kind, inexact) = match scalar {
                    RawBsonRef::Int32(_) => (FieldType::Int32, false),
                    RawBsonRef::Int64(v) => (
                        FieldType::Int64,
                        v.unsigned_abs() > MAX_EXACT_F64_INT as u64,
                    ),
                    RawBsonRef::Double(_) => (FieldType::Double, false),
                    _ => return self.conflict(scalar, cx),
                };
                let new_widest = wider(widest, &kind);
                let new_inexact = *inexact_int64 || inexact;
                if new_widest == FieldType::Double && new_inexact {
                    return self.conflict(scalar, cx);
                }
                *widest = new_widest;
                *inexact_int64 = new_inexact;
                Ok(())
            }
            (Shape::Leaf(existing), scalar) => {
                let Shape::Leaf(seen) = Self::of_scalar(scalar, cx.options) else {
                    return self.conflict(scalar, cx);
                };
                match (&*existing, seen) {
                    (a, b) if *a == b => Ok(()),
                    (FieldType::Binary { .. }, FieldType::Binary { .. }) => {
                        *existing = FieldType::Binary { subtype: None };
                        Ok(())
                    }
                    _ => self.conflict(scalar, cx),
                }
            }
            (_, other) => self.conflict(other, cx),
        }
    }

    /// Applies the conflict policy to a value that does not fit this shape.
    fn conflict(
        &mut self,
        value: RawBsonRef<'_>,
        cx: &mut InferContext<'_>,
    ) -> Result<(), DecodeError> {
        match cx.options.conflict_policy() {
            ConflictPolicy::Error => Err(DecodeError::Conflict {
                path: Vec::new(),
                expected: self.to_type().describe(),
                found: bson_type_name(value.element_type()),
            }),
            // The first type seen wins; the decoder will null the others.
            ConflictPolicy::Null => Ok(()),
            ConflictPolicy::String => {
                *self = Shape::Leaf(FieldType::String);
                Ok(())
            }
        }
    }

    /// The shape of a first non-null, non-container value.
    fn of_scalar(value: RawBsonRef<'_>, options: &DecoderOptions) -> Shape {
        let leaf = match value {
            RawBsonRef::Int32(_) => FieldType::Int32,
            RawBsonRef::Int64(v) => {
                return Shape::Number {
                    widest: FieldType::Int64,
                    inexact_int64: v.unsigned_abs() > MAX_EXACT_F64_INT as u64,
                }
            }
            RawBsonRef::Double(_) => FieldType::Double,
            RawBsonRef::String(_) | RawBsonRef::Symbol(_) => return Shape::Leaf(FieldType::String),
            RawBsonRef::Boolean(_) => return Shape::Leaf(FieldType::Bool),
            RawBsonRef::DateTime(_) => return Shape::Leaf(FieldType::Date(DateSpec::default())),
            RawBsonRef::ObjectId(_) => return Shape::Leaf(FieldType::ObjectId),
            RawBsonRef::Decimal128(_) => return Shape::Leaf(FieldType::Decimal128(None)),
            RawBsonRef::Binary(b) => {
                let subtype = u8::from(b.subtype);
                return Shape::Leaf(
                    if options.infer_uuid_as_string() && subtype == 4 && b.bytes.len() == 16 {
                        FieldType::Uuid
                    } else {
                        FieldType::Binary {
                            subtype: Some(subtype),
                        }
                    },
                );
            }
            RawBsonRef::RegularExpression(_) => return Shape::Leaf(FieldType::Regex),
            RawBsonRef::JavaScriptCode(_) => return Shape::Leaf(FieldType::Code),
            RawBsonRef::JavaScriptCodeWithScope(_) => return Shape::Leaf(FieldType::CodeWithScope),
            RawBsonRef::Timestamp(_) => return Shape::Leaf(FieldType::Timestamp),
            // Documents and arrays are handled by the caller; the rest have no
            // Arrow counterpart and are kept as Extended JSON.
            _ => return Shape::Leaf(FieldType::ExtendedJson),
        };
        Shape::Number {
            widest: leaf,
            inexact_int64: false,
        }
    }

    pub fn to_type(&self) -> FieldType {
        match self {
            Shape::Null => FieldType::Null,
            Shape::Number { widest, .. } => widest.clone(),
            Shape::Leaf(field_type) => field_type.clone(),
            Shape::Document(shape) => FieldType::Document(shape.to_fields()),
            Shape::List(item) => FieldType::List(Box::new(item.to_type())),
        }
    }
}

/// The narrower of two numeric types widened to hold both.
fn wider(a: &FieldType, b: &FieldType) -> FieldType {
    match (a, b) {
        (FieldType::Double, _) | (_, FieldType::Double) => FieldType::Double,
        (FieldType::Int64, _) | (_, FieldType::Int64) => FieldType::Int64,
        _ => FieldType::Int32,
    }
}
