//! Walking a span of documents at given offsets, shared by decoding and inference.

use bson_arrow::{document_length_at, Result};

/// Calls `visit(document, offset)` for each document of `span` starting at `offsets`.
pub fn for_each_document(
    span: &[u8],
    offsets: &[u32],
    mut visit: impl FnMut(&[u8], usize) -> Result<()>,
) -> Result<u32> {
    for &start in offsets {
        let start = start as usize;
        let length = document_length_at(span, start)?;
        visit(&span[start..start + length], start)?;
    }
    Ok(offsets.len() as u32)
}
