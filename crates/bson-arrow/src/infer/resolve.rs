//! Taking the schema out of what inference learned: a field of mixed types
//! becomes its most common type (`Null` policy) or `text` (`String`), an
//! object whose keys are data becomes a map, an always-empty object a map
//! of nothing.
//!
//! Map detection follows DuckDB's `read_json` (its `field_appearance_threshold`):
//! an object with many distinct keys, each present in few of the objects,
//! holds data in its keys. Its values are merged into one type with the
//! same widening and conflict rules as the fields of a document.

use crate::options::{ConflictPolicy, DecoderOptions};
use crate::schema::FieldType;

use super::shape::{wider, DocumentShape, Shape};

/// At least this many distinct keys before an object can be a map: a
/// struct of a few optional fields stays a struct however rare they are.
pub(crate) const MAP_MIN_KEYS: usize = 20;
/// And on average a key is in at most this share of the objects (DuckDB's
/// default field appearance threshold). A struct's fields are mostly
/// present; keys that are ids or dates are each in a handful of objects.
pub(crate) const MAP_MAX_KEY_SHARE: f64 = 0.1;

impl Shape {
    pub fn to_type(&self, options: &DecoderOptions) -> FieldType {
        match self {
            Shape::Null => FieldType::Null,
            Shape::EmptyString => FieldType::String,
            Shape::Number { widest, .. } => widest.clone(),
            Shape::Leaf(field_type) => field_type.clone(),
            Shape::Document(shape) => shape.to_type(options),
            Shape::List { item, .. } => FieldType::List(Box::new(item.to_type(options))),
            Shape::Mixed(alternatives) => match options.conflict_policy() {
                // The type most values have, so the decoder nulls the
                // fewest; on a tie, the one seen first.
                ConflictPolicy::Null => alternatives
                    .iter()
                    .rev()
                    .max_by_key(|(_, count)| *count)
                    .map_or(FieldType::Null, |(shape, _)| shape.to_type(options)),
                // `Error` never makes a mixed shape: inference fails first.
                ConflictPolicy::String | ConflictPolicy::Error => FieldType::Text,
            },
        }
    }
}

impl DocumentShape {
    pub fn to_type(&self, options: &DecoderOptions) -> FieldType {
        if self.fields.is_empty() && self.documents > 0 {
            // Always `{}`: no key to type a struct child by. An empty map per
            // document keeps `{}` apart from a missing field, and Arrow
            // consumers that refuse empty structs (Parquet, Polars) take it.
            return FieldType::Map(Box::new(FieldType::Null));
        }
        if let Some(values) = self.map_values(options) {
            return FieldType::Map(Box::new(values.to_type(options)));
        }
        FieldType::Document(self.to_fields(options))
    }

    /// The merged shape of the values, when the keys look like data.
    pub(super) fn map_values(&self, options: &DecoderOptions) -> Option<Shape> {
        if self.fields.len() < MAP_MIN_KEYS || self.documents == 0 {
            return None;
        }
        let appearances: u64 = self.fields.iter().map(|f| f.count).sum();
        let share = appearances as f64 / (self.fields.len() as f64 * self.documents as f64);
        if share > MAP_MAX_KEY_SHARE {
            return None;
        }
        let mut merged: Option<(Shape, u64)> = None;
        for field in &self.fields {
            let next = (field.shape.clone(), field.count);
            merged = Some(match merged {
                None => next,
                Some(so_far) => merge(so_far, next, options.conflict_policy())?,
            });
        }
        merged.map(|(shape, _)| shape)
    }
}

/// Two shapes as one, each with the number of values it stands for; `None`
/// when they conflict under the `Error` policy.
fn merge(a: (Shape, u64), b: (Shape, u64), policy: ConflictPolicy) -> Option<(Shape, u64)> {
    let weight = a.1 + b.1;
    let shape = match (a.0, b.0) {
        (Shape::Null, other) | (other, Shape::Null) => other,
        (Shape::EmptyString, other) | (other, Shape::EmptyString) => other,
        (
            Shape::Number {
                widest: wa,
                inexact_int64: ia,
            },
            Shape::Number {
                widest: wb,
                inexact_int64: ib,
            },
        ) if !((ia || ib) && wider(&wa, &wb) == FieldType::Double) => Shape::Number {
            widest: wider(&wa, &wb),
            inexact_int64: ia || ib,
        },
        (Shape::Leaf(x), Shape::Leaf(y)) if x == y => Shape::Leaf(x),
        (Shape::Document(x), Shape::Document(y)) => Shape::Document(merge_documents(x, y, policy)?),
        (Shape::List { item: x, items: nx }, Shape::List { item: y, items: ny }) => Shape::List {
            item: Box::new(merge((*x, nx), (*y, ny), policy)?.0),
            items: nx + ny,
        },
        _ if policy == ConflictPolicy::Error => return None,
        (x, y) => Shape::Mixed(alternatives(x, a.1, y, b.1, policy)?),
    };
    Some((shape, weight))
}

/// The alternatives of two conflicting shapes, same kinds merged.
fn alternatives(
    x: Shape,
    nx: u64,
    y: Shape,
    ny: u64,
    policy: ConflictPolicy,
) -> Option<Vec<(Shape, u64)>> {
    let flatten = |shape: Shape, n: u64| match shape {
        Shape::Mixed(alternatives) => alternatives,
        other => vec![(other, n)],
    };
    let mut out: Vec<(Shape, u64)> = Vec::new();
    for (shape, n) in flatten(x, nx).into_iter().chain(flatten(y, ny)) {
        let same = out.iter().position(|(s, _)| same_kind(s, &shape));
        match same {
            Some(at) => {
                let existing = std::mem::replace(&mut out[at], (Shape::Null, 0));
                out[at] = merge(existing, (shape, n), policy)?;
            }
            None => out.push((shape, n)),
        }
    }
    Some(out)
}

fn same_kind(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Number { .. }, Shape::Number { .. })
        | (Shape::Document(_), Shape::Document(_))
        | (Shape::List { .. }, Shape::List { .. }) => true,
        (Shape::Leaf(x), Shape::Leaf(y)) => x == y,
        _ => false,
    }
}

fn merge_documents(
    mut a: DocumentShape,
    b: DocumentShape,
    policy: ConflictPolicy,
) -> Option<DocumentShape> {
    for field in b.fields {
        match a.index.get(field.name.as_bytes()).copied() {
            Some(i) => {
                let existing = std::mem::replace(&mut a.fields[i].shape, Shape::Null);
                let (shape, count) = merge(
                    (existing, a.fields[i].count),
                    (field.shape, field.count),
                    policy,
                )?;
                a.fields[i].shape = shape;
                a.fields[i].count = count;
                a.fields[i].nulls += field.nulls;
            }
            None => {
                a.index.insert(field.name.as_bytes().into(), a.fields.len());
                a.fields.push(field);
            }
        }
    }
    a.documents += b.documents;
    Some(a)
}
