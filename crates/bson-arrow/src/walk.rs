//! Walking the documents of a batch: concatenated documents (a `.bson`
//! file), or a server reply's batch array.
//!
//! A `find`/`aggregate`/`getMore` reply holds its documents in one BSON
//! array (`cursor.firstBatch` or `cursor.nextBatch`). Walking that array
//! here, rather than having JavaScript cut it into one view per document,
//! keeps the per-document work off the JavaScript thread.

use crate::error::{Error, Result};
use crate::raw::Elements;

/// Calls `visit(document, offset)` for each of the concatenated documents in
/// `bytes`, as in a `mongodump` `.bson` file, and returns how many there were.
pub fn for_each_concatenated_document(
    bytes: &[u8],
    mut visit: impl FnMut(&[u8], usize) -> Result<()>,
) -> Result<usize> {
    let (mut offset, mut count) = (0, 0);
    while offset < bytes.len() {
        let length = document_length_at(bytes, offset)?;
        visit(&bytes[offset..offset + length], offset)?;
        offset += length;
        count += 1;
    }
    Ok(count)
}

/// Reads and checks the length prefix of the document starting at `offset`.
pub fn document_length_at(bytes: &[u8], offset: usize) -> Result<usize> {
    let invalid = |message: &str| Error::InvalidBson {
        offset,
        message: message.to_string(),
    };
    let prefix = bytes
        .get(offset..offset.saturating_add(4))
        .ok_or_else(|| invalid("truncated document length"))?;
    let length = i32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
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

/// The BSON type byte of an embedded document.
const EMBEDDED_DOCUMENT: u8 = 0x03;

/// Calls `visit(document, offset)` for the `count` documents of the BSON
/// array `array` (length prefix through terminator) that follow its first
/// `skip` elements, and returns `count`. `offset` is where the document starts
/// in `array`. Those elements must be embedded documents, and there must be
/// that many.
pub fn for_each_array_document(
    array: &[u8],
    skip: usize,
    count: usize,
    mut visit: impl FnMut(&[u8], usize) -> Result<()>,
) -> Result<usize> {
    let invalid = |offset: usize, message: String| Error::InvalidBson { offset, message };
    let mut elements = Elements::new(array, 0).map_err(|e| e.into_error(0))?;
    let end = skip.saturating_add(count);
    let mut index = 0;
    while index < end {
        let Some(element) = elements.next_element(None).map_err(|e| e.into_error(0))? else {
            return Err(invalid(
                0,
                format!("the batch holds {index} documents, fewer than the {end} expected"),
            ));
        };
        if element.kind() != EMBEDDED_DOCUMENT {
            return Err(invalid(
                element.offset,
                format!(
                    "batch element {index} has BSON type 0x{:02x}, not a document",
                    element.kind()
                ),
            ));
        }
        if index >= skip {
            visit(element.value_bytes(), element.value_offset())?;
        }
        index += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::{doc, rawdoc, RawDocumentBuf};

    fn reply_array(docs: &[RawDocumentBuf]) -> Vec<u8> {
        let mut array = bson::RawArrayBuf::new();
        for d in docs {
            array.push(d.clone());
        }
        array.as_bytes().to_vec()
    }

    #[test]
    fn visits_every_document_after_the_skipped_ones_at_its_offset() {
        let docs: Vec<RawDocumentBuf> = (0..5).map(|i| rawdoc! { "i": i }).collect();
        let array = reply_array(&docs);
        let mut seen = Vec::new();
        let count = for_each_array_document(&array, 2, 3, |bytes, offset| {
            assert_eq!(&array[offset..offset + bytes.len()], bytes);
            seen.push(
                bson::Document::try_from(bson::RawDocument::from_bytes(bytes).unwrap()).unwrap(),
            );
            Ok(())
        })
        .unwrap();
        assert_eq!(count, 3);
        assert_eq!(
            seen,
            vec![doc! { "i": 2 }, doc! { "i": 3 }, doc! { "i": 4 }]
        );
    }

    #[test]
    fn an_empty_array_visits_nothing() {
        let array = reply_array(&[]);
        let count = for_each_array_document(&array, 0, 0, |_, _| unreachable!()).unwrap();
        assert_eq!(count, 0);
    }

    #[test]
    fn refuses_an_element_that_is_not_a_document() {
        let mut array = bson::RawArrayBuf::new();
        array.push(rawdoc! { "a": 1 });
        array.push(7_i32);
        let error = for_each_array_document(array.as_bytes(), 0, 2, |_, _| Ok(())).unwrap_err();
        assert_eq!(error.code(), "INVALID_BSON");
        assert!(error.to_string().contains("batch element 1"), "{error}");
    }

    #[test]
    fn refuses_a_batch_with_fewer_documents_than_expected() {
        let array = reply_array(&[rawdoc! { "a": 1 }, rawdoc! { "a": 2 }]);
        for (skip, count) in [(2, 1), (0, 3), (1, 2)] {
            let error = for_each_array_document(&array, skip, count, |_, _| Ok(())).unwrap_err();
            assert_eq!(error.code(), "INVALID_BSON", "skip {skip} count {count}");
        }
    }

    #[test]
    fn stops_after_count_documents() {
        let docs: Vec<RawDocumentBuf> = (0..4).map(|i| rawdoc! { "i": i }).collect();
        let array = reply_array(&docs);
        let mut seen = 0;
        for_each_array_document(&array, 1, 2, |_, _| {
            seen += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, 2);
    }

    #[test]
    fn every_truncation_is_invalid_bson_not_a_panic() {
        let docs: Vec<RawDocumentBuf> = (0..3).map(|i| rawdoc! { "s": format!("v{i}") }).collect();
        let array = reply_array(&docs);
        for end in 0..array.len() {
            let result = for_each_array_document(&array[..end], 0, 3, |_, _| Ok(()));
            assert_eq!(
                result.unwrap_err().code(),
                "INVALID_BSON",
                "truncated at {end}"
            );
        }
    }
}
