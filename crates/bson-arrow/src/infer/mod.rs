//! Schema inference over every document, not a sample of one: a field first
//! seen late still becomes a column, numbers widen (int32 → int64 → double)
//! as they come, documents and arrays are inferred recursively, and an empty
//! or all-null array still yields a list column that later values type.
//! Types that cannot share a column follow the [`crate::ConflictPolicy`]:
//! `Error` names the field path, the document and its `_id`, and what was
//! seen before; `Null` gives the field the type most of its values have;
//! `String` makes it a `text` column, which keeps every value. Objects whose
//! keys are data become maps (see `resolve.rs`).
//!
//! The result is a [`SchemaSpec`], the same form the decoder takes, and on
//! request the [`SchemaCounts`] of its fields (see `counts.rs`).

mod counts;
mod resolve;
mod shape;

use crate::decode_context::DecodeContext;
use crate::error::Result;
use crate::options::DecoderOptions;
use crate::plain_text::id_of;
use crate::schema::SchemaSpec;
use crate::walk::for_each_concatenated_document;
use shape::{DocumentShape, InferContext};

pub use counts::{FieldCounts, SchemaCounts};

/// Infers a schema incrementally, one document at a time.
///
/// ```
/// use bson_arrow::{DecoderOptions, FieldType, SchemaInferrer};
/// let mut inferrer = SchemaInferrer::new(DecoderOptions::default());
/// inferrer.observe_document(bson::rawdoc! { "a": 1 }.as_bytes(), 0).unwrap();
/// inferrer.observe_document(bson::rawdoc! { "a": 1.5, "b": "x" }.as_bytes(), 0).unwrap();
/// let spec = inferrer.schema();
/// assert_eq!(spec.fields[0].field_type, FieldType::Double);
/// assert_eq!(spec.fields[1].field_type, FieldType::String);
/// ```
pub struct SchemaInferrer {
    options: DecoderOptions,
    root: DocumentShape,
    documents_seen: usize,
}

impl SchemaInferrer {
    pub fn new(options: DecoderOptions) -> Self {
        Self {
            options,
            root: DocumentShape::default(),
            documents_seen: 0,
        }
    }

    /// Learns from one whole BSON document. `offset` is where it starts in
    /// the caller's buffer, for error messages.
    pub fn observe_document(&mut self, bytes: &[u8], offset: usize) -> Result<()> {
        let document = self.documents_seen;
        let mut decode = DecodeContext::new(self.options.conflict_policy());
        decode.set_base(bytes, offset);
        let mut cx = InferContext {
            options: &self.options,
            decode,
        };
        self.root
            .observe(bytes, 1, &mut cx)
            .map_err(|e| e.into_error(document).with_document_id(|| id_of(bytes)))?;
        self.documents_seen += 1;
        Ok(())
    }

    /// Learns from concatenated BSON documents; returns how many there were.
    pub fn observe_concatenated(&mut self, bytes: &[u8]) -> Result<usize> {
        for_each_concatenated_document(bytes, |doc, offset| self.observe_document(doc, offset))
    }

    /// Documents observed so far.
    pub fn documents_seen(&self) -> usize {
        self.documents_seen
    }

    /// The schema of everything observed so far.
    pub fn schema(&self) -> SchemaSpec {
        SchemaSpec {
            fields: self.root.to_fields(&self.options),
        }
    }

    /// The field counts of everything observed so far, for the fields of
    /// [`SchemaInferrer::schema`] in its order.
    pub fn counts(&self) -> SchemaCounts {
        let mut fields = Vec::new();
        self.root
            .push_counts(&mut Vec::new(), &self.options, &mut fields);
        SchemaCounts {
            documents: self.documents_seen as u64,
            fields,
        }
    }
}

/// Infers the schema of a sequence of whole BSON documents.
pub fn infer_schema<'a>(
    documents: impl IntoIterator<Item = &'a [u8]>,
    options: DecoderOptions,
) -> Result<SchemaSpec> {
    let mut inferrer = SchemaInferrer::new(options);
    for document in documents {
        inferrer.observe_document(document, 0)?;
    }
    Ok(inferrer.schema())
}
