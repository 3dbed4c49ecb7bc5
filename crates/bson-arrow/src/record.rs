//! The push decoder: feed it BSON documents as they arrive from the server,
//! take a [`RecordBatch`] out with [`Decoder::flush`].

use arrow_array::{RecordBatch, RecordBatchOptions};
use arrow_schema::SchemaRef;

use crate::decode_context::DecodeContext;
use crate::decoder::{make_struct, ReadReport, StructDecoder, Tally};
use crate::error::{Error, Result};
use crate::options::DecoderOptions;
use crate::plain_text::id_of;
use crate::schema::SchemaSpec;
use crate::walk::for_each_concatenated_document;

/// BSON a record batch may be decoded from: the one byte limit of a batch.
/// [`crate::Reader`] flushes before a document would cross it; a bare
/// [`Decoder`] refuses that document. It bounds a batch's memory, and keeps
/// Arrow's 32-bit offsets of Utf8 and Binary columns (whose bytes cannot
/// much exceed the input's) far from 2 GiB.
pub const MAX_BATCH_BYTES: usize = 64 << 20;

/// The two rules by which a [`crate::Reader`] cuts record batches, stated
/// once because the sequential and the parallel path must cut at the same
/// documents.
#[derive(Clone, Copy)]
pub(crate) struct BatchLimits {
    pub rows_per_batch: usize,
}

impl BatchLimits {
    /// Whether a batch of `rows` documents and `bytes` bytes is flushed
    /// before a document of `len` bytes joins it: it would cross
    /// [`MAX_BATCH_BYTES`] (a document alone may).
    #[inline]
    pub fn full_before(rows: usize, bytes: usize, len: usize) -> bool {
        rows > 0 && bytes + len > MAX_BATCH_BYTES
    }

    /// Whether a batch of `rows` documents is flushed after the last one joined.
    #[inline]
    pub fn full_after(self, rows: usize) -> bool {
        rows >= self.rows_per_batch
    }
}

/// Decodes BSON documents into record batches of one schema.
///
/// Fields the schema does not name are dropped (and counted); fields a document lacks, and
/// BSON nulls, become nulls, except in a required field (see [`crate::FieldSpec::nullable`]),
/// where under [`crate::ConflictPolicy::Error`] they are type conflicts. A value of the wrong
/// type is handled by the [`crate::ConflictPolicy`]. After any error the decoder refuses further
/// input, because the row that failed may be half-written.
pub struct Decoder {
    schema: SchemaRef,
    root: StructDecoder,
    ctx: DecodeContext,
    /// Rows decoded since the last flush.
    rows: usize,
    /// Input bytes decoded since the last flush.
    buffered_bytes: usize,
    /// Documents decoded in total, to name the failing document in errors.
    documents_seen: usize,
    failed: bool,
}

impl Decoder {
    /// A decoder with the default [`DecoderOptions`].
    pub fn new(spec: SchemaSpec) -> Self {
        Self::with_options(spec, DecoderOptions::default())
    }

    pub fn with_options(spec: SchemaSpec, options: DecoderOptions) -> Self {
        Self {
            schema: spec.arrow_schema(&options),
            root: {
                let mut root = make_struct(&spec.fields, &options);
                root.track_dropped_keys();
                root
            },
            ctx: {
                let mut ctx = DecodeContext::new(options.conflict_policy());
                ctx.empty_strings_as_null = options.empty_strings_as_null();
                ctx
            },
            rows: 0,
            buffered_bytes: 0,
            documents_seen: 0,
            failed: false,
        }
    }

    /// The Arrow schema of the batches this decoder produces.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// Rows decoded and not yet flushed.
    pub fn buffered_rows(&self) -> usize {
        self.rows
    }

    /// Bytes of BSON decoded and not yet flushed (see [`MAX_BATCH_BYTES`]).
    pub fn buffered_bytes(&self) -> usize {
        self.buffered_bytes
    }

    /// Documents decoded since the decoder was created.
    pub fn documents_seen(&self) -> usize {
        self.documents_seen
    }

    /// Keys that documents had and the schema does not name, with the
    /// number of documents that had each: what a fixed schema dropped.
    /// Top-level keys always; nested ones (by path, `a.b`, `a[].c`) with
    /// [`DecoderOptions::with_count_nested_dropped`].
    pub fn dropped_fields(&self) -> Vec<(String, u64)> {
        self.report().dropped_fields
    }

    /// Values the conflict policy turned into null or text so far.
    pub fn conflicts(&self) -> usize {
        self.ctx.conflicts
    }

    /// What the read did besides storing values as they were, by column,
    /// complete for the batches flushed so far: call it after the last
    /// [`Decoder::flush`].
    pub fn report(&self) -> ReadReport {
        self.tally().into_report()
    }

    /// The counts behind [`Decoder::report`], which add up across twin decoders.
    pub(crate) fn tally(&self) -> Tally {
        self.root.tally()
    }

    /// Whether an earlier error made the decoder refuse further input.
    pub(crate) fn is_failed(&self) -> bool {
        self.failed
    }

    /// Refuses further input, as after an error of its own: a twin decoder
    /// of the same read failed.
    pub(crate) fn poison(&mut self) {
        self.failed = true;
    }

    /// Makes the batches carry `schema` (equal to this decoder's), so that
    /// the batches of twin decoders share one `Arc`.
    pub(crate) fn share_schema(&mut self, schema: SchemaRef) {
        debug_assert_eq!(schema, self.schema);
        self.schema = schema;
    }

    /// Names the document decoded next, in errors, as the `index`th of the read.
    pub(crate) fn set_documents_seen(&mut self, index: usize) {
        self.documents_seen = index;
    }

    /// Decodes one whole BSON document (length prefix through terminator).
    /// `offset` is where the document starts in the caller's buffer; errors
    /// report byte offsets relative to that buffer.
    pub fn decode_document(&mut self, bytes: &[u8], offset: usize) -> Result<()> {
        if self.failed {
            return Err(Error::InvalidBson {
                offset,
                message: "decoder is unusable after an earlier error".into(),
            });
        }
        let result = self.decode_document_inner(bytes, offset);
        if result.is_err() {
            self.failed = true;
        }
        result
    }

    fn decode_document_inner(&mut self, bytes: &[u8], offset: usize) -> Result<()> {
        let document = self.documents_seen;
        if BatchLimits::full_before(self.rows, self.buffered_bytes, bytes.len()) {
            return Err(Error::Arrow(format!(
                "more than {MAX_BATCH_BYTES} bytes of BSON since the last flush"
            )));
        }
        self.ctx.set_base(bytes, offset);
        self.root
            .append_document(bytes, &mut self.ctx)
            .map_err(|e| e.into_error(document).with_document_id(|| id_of(bytes)))?;
        self.rows += 1;
        self.buffered_bytes += bytes.len();
        self.documents_seen += 1;
        Ok(())
    }

    /// Decodes a buffer of concatenated BSON documents, as in a `mongodump`
    /// `.bson` file. Returns the number of documents decoded.
    pub fn decode_concatenated(&mut self, bytes: &[u8]) -> Result<usize> {
        for_each_concatenated_document(bytes, |doc, offset| self.decode_document(doc, offset))
    }

    /// Takes the rows decoded since the last flush as one batch, or `None` if
    /// there are none.
    pub fn flush(&mut self) -> Result<Option<RecordBatch>> {
        if self.rows == 0 {
            return Ok(None);
        }
        let columns = self.root.finish_columns();
        let options = RecordBatchOptions::new().with_row_count(Some(self.rows));
        self.rows = 0;
        self.buffered_bytes = 0;
        Ok(Some(RecordBatch::try_new_with_options(
            self.schema.clone(),
            columns,
            &options,
        )?))
    }
}
