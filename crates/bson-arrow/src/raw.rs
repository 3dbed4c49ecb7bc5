//! Iteration over the elements of a raw BSON document that knows where each
//! element starts, so malformed input is reported with its byte offset.
//!
//! The `bson` crate checks every length against the enclosing document and
//! every string for UTF-8 as it goes; its errors carry no position, so this
//! wrapper counts the bytes of the elements it has passed.

use bson::raw::{RawArray, RawElement, RawIter};
use bson::{RawBsonRef, RawDocument};

use crate::decoder::DecodeError;

/// One element of a document and where it starts in the caller's buffer.
pub(crate) struct Element<'a> {
    pub key: &'a str,
    pub raw: RawElement<'a>,
    pub offset: usize,
}

impl<'a> Element<'a> {
    /// Parses the value, which checks its own lengths and UTF-8.
    pub fn value(&self) -> Result<RawBsonRef<'a>, DecodeError> {
        self.raw.value().map_err(|e| DecodeError::Invalid {
            offset: self.offset,
            message: format!("field '{}': {e}", self.key),
        })
    }
}

/// The elements of a document; stops after the first error.
pub(crate) struct Elements<'a> {
    iter: RawIter<'a>,
    /// Absolute offset of the document's first byte.
    doc_offset: usize,
    /// Offset within the document of the next element.
    position: usize,
}

impl<'a> Elements<'a> {
    /// The elements of `doc`, which starts at `doc_offset` in the caller's buffer.
    pub fn of_document(doc: &'a RawDocument, doc_offset: usize) -> Self {
        Self::new(doc.iter_elements(), doc_offset)
    }

    /// The items of `array`, which starts at `doc_offset` in the caller's buffer.
    pub fn of_array(array: &'a RawArray, doc_offset: usize) -> Self {
        Self::new(array.iter_elements(), doc_offset)
    }

    fn new(iter: RawIter<'a>, doc_offset: usize) -> Self {
        Self {
            iter,
            doc_offset,
            // Past the 4-byte length prefix.
            position: 4,
        }
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = Result<Element<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        let offset = self.doc_offset + self.position;
        Some(match self.iter.next()? {
            Ok(raw) => {
                let key = raw.key().as_str();
                // Type byte, key, key terminator, value.
                self.position += 1 + key.len() + 1 + raw.size();
                Ok(Element { key, raw, offset })
            }
            Err(e) => Err(DecodeError::Invalid {
                offset,
                message: e.to_string(),
            }),
        })
    }
}
