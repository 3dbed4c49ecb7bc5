//! The push decoder: feed it BSON documents as they arrive from the server,
//! take a [`RecordBatch`] out with [`Decoder::flush`].

use std::collections::HashMap;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use bson::spec::ElementType;
use bson::RawDocument;

use crate::decoder::{make_decoder, ArrayDecoder};
use crate::error::{Error, Result};
use crate::schema::SchemaSpec;

/// Decodes top-level fields of BSON documents into the columns of a schema.
///
/// Fields the schema does not name are skipped; fields a document lacks, and
/// BSON nulls, become nulls. A value of the wrong type is an
/// [`Error::TypeConflict`]. After any error the decoder refuses further input,
/// because the row that failed may be half-written.
pub struct Decoder {
    spec: SchemaSpec,
    schema: SchemaRef,
    columns: Vec<Box<dyn ArrayDecoder>>,
    /// Column index by field name.
    index: HashMap<Box<str>, usize>,
    /// For each column, the row number (1-based, since the last flush) it was last set in.
    set_in_row: Vec<usize>,
    /// Rows decoded since the last flush.
    rows: usize,
    /// Documents decoded in total, to name the failing document in errors.
    documents_seen: usize,
    failed: bool,
}

impl Decoder {
    /// Creates a decoder for the given columns.
    pub fn new(spec: SchemaSpec) -> Self {
        let schema = spec.arrow_schema();
        let columns = spec
            .columns
            .iter()
            .map(|c| make_decoder(c.column_type))
            .collect();
        let index = spec
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone().into_boxed_str(), i))
            .collect();
        let set_in_row = vec![0; spec.columns.len()];
        Self {
            spec,
            schema,
            columns,
            index,
            set_in_row,
            rows: 0,
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

    /// Documents decoded since the decoder was created.
    pub fn documents_seen(&self) -> usize {
        self.documents_seen
    }

    /// Decodes one whole BSON document (length prefix through terminator).
    /// `offset` is where the document starts in the caller's buffer; it is
    /// reported in errors.
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
        let document_index = self.documents_seen;
        let invalid = |message: String| Error::InvalidBson {
            offset,
            message: format!("document {document_index}: {message}"),
        };
        let doc = RawDocument::from_bytes(bytes).map_err(|e| invalid(e.to_string()))?;
        let row = self.rows + 1;
        for element in doc.iter_elements() {
            let element = element.map_err(|e| invalid(e.to_string()))?;
            let Some(&column) = self.index.get(element.key().as_str()) else {
                continue;
            };
            if self.set_in_row[column] == row {
                return Err(invalid(format!(
                    "field '{}' appears twice",
                    element.key().as_str()
                )));
            }
            self.set_in_row[column] = row;
            let decoder = &mut self.columns[column];
            match element.element_type() {
                // Undefined is the deprecated spelling of null.
                ElementType::Null | ElementType::Undefined => decoder.append_null(),
                _ => {
                    let value = element.value().map_err(|e| invalid(e.to_string()))?;
                    decoder.append(value).map_err(|mismatch| {
                        let spec = &self.spec.columns[column];
                        Error::TypeConflict {
                            path: spec.name.clone(),
                            document: document_index,
                            expected: spec.column_type.name().to_string(),
                            found: mismatch.found,
                        }
                    })?;
                }
            }
        }
        for (column, decoder) in self.columns.iter_mut().enumerate() {
            if self.set_in_row[column] != row {
                decoder.append_null();
            }
        }
        self.rows = row;
        self.documents_seen += 1;
        Ok(())
    }

    /// Decodes a buffer of concatenated BSON documents, as in a `mongodump`
    /// `.bson` file. Returns the number of documents decoded.
    pub fn decode_concatenated(&mut self, bytes: &[u8]) -> Result<usize> {
        let mut offset = 0;
        let mut count = 0;
        while offset < bytes.len() {
            let length = document_length_at(bytes, offset)?;
            self.decode_document(&bytes[offset..offset + length], offset)?;
            offset += length;
            count += 1;
        }
        Ok(count)
    }

    /// Takes the rows decoded since the last flush as one batch, or `None` if
    /// there are none.
    pub fn flush(&mut self) -> Result<Option<RecordBatch>> {
        if self.rows == 0 {
            return Ok(None);
        }
        let arrays = self.columns.iter_mut().map(|d| d.finish()).collect();
        self.rows = 0;
        self.set_in_row.iter_mut().for_each(|r| *r = 0);
        Ok(Some(RecordBatch::try_new(self.schema.clone(), arrays)?))
    }
}

/// Reads and checks the length prefix of the document starting at `offset`.
pub fn document_length_at(bytes: &[u8], offset: usize) -> Result<usize> {
    let invalid = |message: &str| Error::InvalidBson {
        offset,
        message: message.to_string(),
    };
    let prefix = bytes
        .get(offset..offset + 4)
        .ok_or_else(|| invalid("truncated document length"))?;
    let length = i32::from_le_bytes(prefix.try_into().expect("slice of 4 bytes"));
    // The smallest document is the length itself plus the terminating zero.
    if length < 5 {
        return Err(invalid(&format!("document length {length} is too small")));
    }
    let length = length as usize;
    if bytes.len() - offset < length {
        return Err(invalid(&format!(
            "document length {length} runs past the end of the input ({} bytes left)",
            bytes.len() - offset
        )));
    }
    Ok(length)
}
