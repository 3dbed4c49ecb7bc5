//! The public face of the encoder: a [`RecordBatch`] in, one BSON document
//! per row out, for the write path (batched inserts).

use arrow_array::RecordBatch;

use super::document::DocumentEncoder;
use super::BuildContext;
use crate::error::{Error, Result};
use crate::schema::SchemaSpec;

/// What a null field of a document becomes. List items are always written
/// (as BSON null when null), since their positions matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NullFields {
    /// Leave the field out, as a document without the field. The default:
    /// it is how the decoder reads a missing field, and it saves space.
    #[default]
    Omit,
    /// Write the field with the value BSON null.
    Write,
}

/// Options of [`encode_batch`].
///
/// ```
/// use bson_arrow::{EncoderOptions, NullFields, SchemaSpec};
/// let spec = SchemaSpec::from_json(r#"{"fields":[{"name":"_id","type":"objectId"}]}"#).unwrap();
/// let options = EncoderOptions::new()
///     .with_null_fields(NullFields::Write)
///     .with_schema(spec);
/// assert_eq!(options.null_fields(), NullFields::Write);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncoderOptions {
    null_fields: NullFields,
    schema: Option<SchemaSpec>,
    js_date_range: bool,
}

impl EncoderOptions {
    /// The defaults: null fields omitted, BSON types from the Arrow types.
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_null_fields(mut self, null_fields: NullFields) -> Self {
        self.null_fields = null_fields;
        self
    }

    /// Declares the BSON types of columns, matched by name at every level.
    /// Needed where the Arrow layout alone is ambiguous: the decoder writes
    /// ObjectIds, Decimal128s, UUIDs and Extended JSON as Utf8 by default,
    /// and only the schema they were decoded with says which a column holds.
    /// Columns the schema does not name are written from their Arrow type.
    pub fn with_schema(mut self, schema: SchemaSpec) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Refuses datetimes a JavaScript `Date` cannot hold (beyond ±8.64e15 ms,
    /// a narrower range than BSON's) as `INVALID_VALUE`. For documents that
    /// JavaScript deserializes before a driver serializes them again: an
    /// invalid `Date` would be written as the epoch, without an error.
    pub fn with_js_date_range(mut self, js_date_range: bool) -> Self {
        self.js_date_range = js_date_range;
        self
    }

    pub fn null_fields(&self) -> NullFields {
        self.null_fields
    }

    pub fn schema(&self) -> Option<&SchemaSpec> {
        self.schema.as_ref()
    }
}

/// Documents written one after another, with where each one starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncodedDocuments {
    /// The documents, concatenated as in a `mongodump` `.bson` file.
    pub bytes: Vec<u8>,
    /// One entry per row and a last one equal to `bytes.len()`: row `i` is
    /// `bytes[offsets[i]..offsets[i + 1]]`. Lets the caller cut inserts into
    /// batches under the server's message size without parsing lengths.
    pub offsets: Vec<usize>,
}

/// Documents of a batch whose rows may fail one by one: a row that could not
/// be encoded has an empty span and an entry in `failures`.
#[derive(Debug, Default)]
pub struct EncodedRows {
    /// The documents of the rows that could be encoded, concatenated.
    pub bytes: Vec<u8>,
    /// As in [`EncodedDocuments`]: row `i` is `bytes[offsets[i]..offsets[i + 1]]`.
    pub offsets: Vec<usize>,
    /// The rows that could not be encoded, in row order, each with its
    /// `INVALID_VALUE` error.
    pub failures: Vec<(usize, Error)>,
}

/// Encodes every row of `batch` as one BSON document, concatenated.
///
/// Errors: `UNSUPPORTED_TYPE` for a column with no BSON form (or a declared
/// type its layout cannot hold), `INVALID_SCHEMA` for a field name BSON
/// cannot store, `INVALID_VALUE` for a value that cannot be written, naming
/// the field path and row.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{ArrayRef, Int32Array, RecordBatch};
/// use bson_arrow::{encode_batch, EncoderOptions};
///
/// let x: ArrayRef = Arc::new(Int32Array::from(vec![Some(1), None]));
/// let batch = RecordBatch::try_from_iter([("x", x)]).unwrap();
/// let bytes = encode_batch(&batch, &EncoderOptions::new()).unwrap();
/// let expected = [bson::rawdoc! { "x": 1 }.into_bytes(), bson::rawdoc! {}.into_bytes()].concat();
/// assert_eq!(bytes, expected);
/// ```
pub fn encode_batch(batch: &RecordBatch, options: &EncoderOptions) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    encode_into(batch, options, &mut bytes, |_| {})?;
    Ok(bytes)
}

/// Like [`encode_batch`], also returning where each row's document starts.
pub fn encode_batch_with_offsets(
    batch: &RecordBatch,
    options: &EncoderOptions,
) -> Result<EncodedDocuments> {
    let mut encoded = EncodedDocuments {
        bytes: Vec::new(),
        offsets: Vec::with_capacity(batch.num_rows() + 1),
    };
    let offsets = &mut encoded.offsets;
    encode_into(batch, options, &mut encoded.bytes, |start| {
        offsets.push(start)
    })?;
    encoded.offsets.push(encoded.bytes.len());
    Ok(encoded)
}

/// Like [`encode_batch_with_offsets`], but a value that cannot be written
/// fails only its row, which is left out (its span is empty): for a write
/// that reports failures row by row rather than sending half a batch.
/// Errors of the schema (`UNSUPPORTED_TYPE`, `INVALID_SCHEMA`) still fail
/// the whole batch, before any row is encoded.
pub fn encode_batch_rows(batch: &RecordBatch, options: &EncoderOptions) -> Result<EncodedRows> {
    let root = DocumentEncoder::of_batch(batch, hints_of(options), context_of(options))?;
    let mut encoded = EncodedRows {
        offsets: Vec::with_capacity(batch.num_rows() + 1),
        ..EncodedRows::default()
    };
    for row in 0..batch.num_rows() {
        let start = encoded.bytes.len();
        encoded.offsets.push(start);
        if let Err(e) = root.write_document(row, &mut encoded.bytes) {
            encoded.bytes.truncate(start);
            encoded.failures.push((row, e.into_error(row)));
        }
    }
    encoded.offsets.push(encoded.bytes.len());
    Ok(encoded)
}

fn context_of(options: &EncoderOptions) -> BuildContext {
    BuildContext {
        write_nulls: options.null_fields == NullFields::Write,
        js_date_range: options.js_date_range,
    }
}

fn hints_of(options: &EncoderOptions) -> Option<&[crate::schema::FieldSpec]> {
    options.schema.as_ref().map(|s| s.fields.as_slice())
}

/// Appends each row's document to `out`, calling `on_start` with its offset.
fn encode_into(
    batch: &RecordBatch,
    options: &EncoderOptions,
    out: &mut Vec<u8>,
    mut on_start: impl FnMut(usize),
) -> Result<()> {
    let root = DocumentEncoder::of_batch(batch, hints_of(options), context_of(options))?;
    for row in 0..batch.num_rows() {
        on_start(out.len());
        root.write_document(row, out)
            .map_err(|e| e.into_error(row))?;
    }
    Ok(())
}
