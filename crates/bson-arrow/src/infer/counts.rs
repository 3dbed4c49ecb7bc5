//! Field counts: how often inference saw each field, null, and of a type
//! that could not share the field's column. What a person wants to know
//! about a collection beside its schema ("`price` is in 98% of the
//! documents, 3 of them null, 12 of them strings").
//!
//! The counts follow the schema inference produces: a field whose values
//! are embedded documents (directly or as array elements) has its fields'
//! counts after its own; an object read as a map has none (its keys are data).

use crate::options::{ConflictPolicy, DecoderOptions};

use super::shape::{DocumentShape, Shape};

/// The counts of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldCounts {
    /// The field's name and the names of the fields it is inside, outermost
    /// first (array levels are not segments: an element's field follows the
    /// array's own name). Segments, not a dotted path: a key may hold a '.'.
    pub path: Vec<String>,
    /// Documents in which the field appears, null or not (for the field of
    /// an embedded document: the embedded documents with it).
    pub documents: u64,
    /// Of those, the documents in which it is null.
    pub nulls: u64,
    /// Values (for an array: items) of a type that cannot share a column
    /// with the field's most common type, such as strings among numbers.
    /// Under the `String` policy these made the column `text`; under `Null`
    /// they are the values read as null. Numbers that widen are no conflict.
    pub conflicts: u64,
}

/// The field counts of an inference, with the documents it saw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaCounts {
    /// Documents observed.
    pub documents: u64,
    /// Every field of the schema, depth first, in schema order.
    pub fields: Vec<FieldCounts>,
}

impl DocumentShape {
    /// Appends the counts of this document's fields (and theirs) under `path`.
    pub(super) fn push_counts(
        &self,
        path: &mut Vec<String>,
        options: &DecoderOptions,
        out: &mut Vec<FieldCounts>,
    ) {
        for field in &self.fields {
            path.push(field.name.to_string());
            out.push(FieldCounts {
                path: path.clone(),
                documents: field.count + field.nulls,
                nulls: field.nulls,
                conflicts: field.shape.conflicts(options),
            });
            if let Some(inner) = field.shape.struct_shape(options) {
                inner.push_counts(path, options, out);
            }
            path.pop();
        }
    }

    /// Whether the schema makes this a struct (not a map of data keys).
    fn is_struct(&self, options: &DecoderOptions) -> bool {
        !(self.fields.is_empty() && self.documents > 0) && self.map_values(options).is_none()
    }
}

impl Shape {
    /// The alternative a mixed field's column takes under the `Null` policy.
    fn winner(alternatives: &[(Shape, u64)]) -> Option<&Shape> {
        // As `to_type` picks it: the most values, the first seen on a tie.
        alternatives
            .iter()
            .rev()
            .max_by_key(|(_, count)| *count)
            .map(|(shape, _)| shape)
    }

    fn conflicts(&self, options: &DecoderOptions) -> u64 {
        match self {
            Shape::Mixed(alternatives) => {
                let total: u64 = alternatives.iter().map(|(_, n)| n).sum();
                let most = alternatives.iter().map(|(_, n)| *n).max().unwrap_or(0);
                let inner = match options.conflict_policy() {
                    ConflictPolicy::Null => {
                        Self::winner(alternatives).map_or(0, |s| s.conflicts(options))
                    }
                    // A text column holds the rest as text: nothing inside conflicts.
                    _ => 0,
                };
                total - most + inner
            }
            Shape::List { item, .. } => item.conflicts(options),
            Shape::Document(shape) => shape
                .map_values(options)
                .map_or(0, |values| values.conflicts(options)),
            _ => 0,
        }
    }

    /// The embedded document shape whose fields become the column's children.
    fn struct_shape(&self, options: &DecoderOptions) -> Option<&DocumentShape> {
        match self {
            Shape::Document(shape) => shape.is_struct(options).then_some(shape),
            Shape::List { item, .. } => item.struct_shape(options),
            Shape::Mixed(alternatives) if options.conflict_policy() == ConflictPolicy::Null => {
                Self::winner(alternatives)?.struct_shape(options)
            }
            _ => None,
        }
    }
}
