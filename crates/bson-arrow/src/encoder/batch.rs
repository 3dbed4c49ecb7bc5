//! The public face of the encoder: a [`RecordBatch`] in, one BSON document
//! per row out, for the write path (batched inserts).

use arrow_array::RecordBatch;

use super::document::DocumentEncoder;
use super::BuildContext;
use crate::error::Result;
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

/// Appends each row's document to `out`, calling `on_start` with its offset.
fn encode_into(
    batch: &RecordBatch,
    options: &EncoderOptions,
    out: &mut Vec<u8>,
    mut on_start: impl FnMut(usize),
) -> Result<()> {
    let cx = BuildContext {
        write_nulls: options.null_fields == NullFields::Write,
    };
    let hints = options.schema.as_ref().map(|s| s.fields.as_slice());
    let root = DocumentEncoder::of_batch(batch, hints, cx)?;
    for row in 0..batch.num_rows() {
        on_start(out.len());
        root.write_document(row, out)
            .map_err(|e| e.into_error(row))?;
    }
    Ok(())
}
