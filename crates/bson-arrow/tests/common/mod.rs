//! Helpers shared by the integration tests: documents to bytes, and decoding
//! with several batch sizes that must all agree.

#![allow(dead_code)]

use arrow_array::RecordBatch;
use bson::Document;
use bson_arrow::{Decoder, DecoderOptions, Result, SchemaSpec};

/// The batch sizes every case is re-run with; `usize::MAX` means "all".
pub const BATCH_SIZES: [usize; 4] = [1, 3, 100, usize::MAX];

pub fn to_bytes(docs: &[Document]) -> Vec<Vec<u8>> {
    docs.iter()
        .map(|d| bson::serialize_to_vec(d).expect("serializable test document"))
        .collect()
}

pub fn spec(json: &str) -> SchemaSpec {
    SchemaSpec::from_json(json).expect("valid test schema")
}

/// Decodes all documents, flushing every `batch_size` documents.
pub fn decode_in_batches(
    spec: &SchemaSpec,
    options: DecoderOptions,
    docs: &[Vec<u8>],
    batch_size: usize,
) -> Result<Vec<RecordBatch>> {
    let mut decoder = Decoder::with_options(spec.clone(), options);
    let mut batches = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        decoder.decode_document(doc, 0)?;
        if (i + 1) % batch_size.min(docs.len().max(1)) == 0 {
            batches.extend(decoder.flush()?);
        }
    }
    batches.extend(decoder.flush()?);
    Ok(batches)
}

/// Decodes with every size in [`BATCH_SIZES`], checks that each batching
/// yields the same rows as one batch, and returns that one batch.
pub fn decode_all_ways(
    spec: &SchemaSpec,
    options: DecoderOptions,
    docs: &[Document],
) -> RecordBatch {
    let bytes = to_bytes(docs);
    let whole = decode_in_batches(spec, options, &bytes, usize::MAX).expect("decodes");
    assert_eq!(whole.len(), 1, "one batch when not split");
    let whole = whole.into_iter().next().unwrap();
    for size in BATCH_SIZES {
        let batches = decode_in_batches(spec, options, &bytes, size).expect("decodes");
        let mut start = 0;
        for batch in &batches {
            assert_eq!(
                batch,
                &whole.slice(start, batch.num_rows()),
                "batch size {size} at row {start}"
            );
            start += batch.num_rows();
        }
        assert_eq!(start, whole.num_rows(), "batch size {size}");
    }
    whole
}

/// The first error decoding the documents in one batch.
pub fn decode_error(
    spec: &SchemaSpec,
    options: DecoderOptions,
    docs: &[Document],
) -> bson_arrow::Error {
    decode_in_batches(spec, options, &to_bytes(docs), usize::MAX).expect_err("decoding fails")
}
