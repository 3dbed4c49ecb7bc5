//! The reader: framing of each input form, and record batches cut by rows.

mod common;

use arrow_array::{Array, Int32Array, RecordBatch};
use bson::doc;
use bson_arrow::{DecoderOptions, FieldType, Inference, Input, Reader};
use common::{spec, to_bytes};

fn values(batches: &[RecordBatch]) -> Vec<i32> {
    batches
        .iter()
        .flat_map(|b| {
            let column = b.column(0).as_any().downcast_ref::<Int32Array>().unwrap();
            (0..column.len())
                .map(|i| column.value(i))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn concatenated(count: i32) -> Vec<u8> {
    let docs: Vec<_> = (0..count)
        .map(|i| doc! { "a": i, "pad": "x".repeat(i as usize % 9) })
        .collect();
    to_bytes(&docs).concat()
}

fn reader(rows_per_batch: usize) -> Reader {
    Reader::new(
        spec(r#"{"fields":[{"name":"a","type":"int32"}]}"#),
        DecoderOptions::default(),
        rows_per_batch,
    )
}

/// Pushes `bytes` in pieces of `piece` bytes; returns every batch and the documents counted.
fn read_in_pieces(bytes: &[u8], piece: usize, rows_per_batch: usize) -> (Vec<RecordBatch>, usize) {
    let mut reader = reader(rows_per_batch);
    let (mut batches, mut documents) = (Vec::new(), 0);
    for chunk in bytes.chunks(piece) {
        let pushed = reader.push(Input::Concatenated(chunk)).unwrap();
        documents += pushed.documents;
        batches.extend(pushed.batches);
    }
    batches.extend(reader.finish().unwrap());
    (batches, documents)
}

#[test]
fn concatenated_bytes_cut_at_any_byte_read_as_whole() {
    let bytes = concatenated(40);
    let expected: Vec<i32> = (0..40).collect();
    for piece in [1, 2, 3, 4, 5, 7, 16, 33, 100, bytes.len()] {
        let (batches, documents) = read_in_pieces(&bytes, piece, 1 << 16);
        assert_eq!(values(&batches), expected, "pieces of {piece} bytes");
        assert_eq!(documents, 40, "pieces of {piece} bytes");
    }
}

#[test]
fn record_batches_are_cut_by_rows_inside_one_push() {
    let (batches, _) = read_in_pieces(&concatenated(25), usize::MAX, 10);
    let rows: Vec<usize> = batches.iter().map(RecordBatch::num_rows).collect();
    assert_eq!(rows, [10, 10, 5]);
}

#[test]
fn input_that_ends_inside_a_document_fails_at_finish_naming_its_offset() {
    let bytes = concatenated(3);
    let second = i32::from_le_bytes(bytes[0..4].try_into().unwrap()) as usize;
    for cut in [second + 2, second + 9] {
        let mut reader = reader(100);
        reader.push(Input::Concatenated(&bytes[..cut])).unwrap();
        let err = reader.finish().unwrap_err();
        assert_eq!(err.code(), "INVALID_BSON");
        assert!(
            err.to_string()
                .contains(&format!("document at byte offset {second} is cut off")),
            "{err}"
        );
    }
}

#[test]
fn a_length_prefix_too_small_fails_naming_the_stream_offset() {
    let mut bytes = concatenated(2);
    let second = i32::from_le_bytes(bytes[0..4].try_into().unwrap()) as usize;
    bytes[second..second + 4].copy_from_slice(&1i32.to_le_bytes());
    let mut reader = reader(100);
    // Cut inside the bad prefix, so the framer sees it only once the second piece arrives.
    reader
        .push(Input::Concatenated(&bytes[..second + 2]))
        .unwrap();
    let err = reader
        .push(Input::Concatenated(&bytes[second + 2..]))
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains(&format!("length 1 at byte offset {second}")),
        "{err}"
    );
}

#[test]
fn inference_stops_at_its_limit_and_tolerates_a_cut_it_never_reached() {
    let bytes = concatenated(10);
    let mut inference = Inference::new(DecoderOptions::default());
    assert_eq!(
        inference
            .push(Input::Concatenated(&bytes[..bytes.len() - 3]), 4)
            .unwrap(),
        4
    );
    let spec = inference.finish(false).unwrap();
    assert_eq!(spec.fields[0].field_type, FieldType::Int32);
    let mut complete = Inference::new(DecoderOptions::default());
    complete
        .push(Input::Concatenated(&bytes[..bytes.len() - 3]), usize::MAX)
        .unwrap();
    assert_eq!(complete.finish(true).unwrap_err().code(), "INVALID_BSON");
}
