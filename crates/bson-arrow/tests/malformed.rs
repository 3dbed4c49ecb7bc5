//! Malformed BSON is an `INVALID_BSON` error with a byte offset, never a panic.

use bson::doc;
use bson_arrow::{Decoder, Error, SchemaSpec};

fn decoder() -> Decoder {
    let spec = SchemaSpec::from_json(
        r#"{"fields":[{"name":"s","type":"string"},{"name":"d","type":{"fields":[{"name":"x","type":"int32"}]}},{"name":"l","type":{"items":"int32"}}]}"#,
    )
    .unwrap();
    Decoder::new(spec)
}

fn valid() -> Vec<u8> {
    bson::serialize_to_vec(&doc! { "s": "hello", "d": { "x": 1 }, "l": [1, 2] }).unwrap()
}

fn offset_of(err: Error) -> usize {
    match err {
        Error::InvalidBson { offset, .. } => offset,
        other => panic!("expected INVALID_BSON, got {other}"),
    }
}

#[test]
fn lengths_that_lie_and_truncated_input() {
    let good = valid();
    let mut input = good.clone();
    input.extend_from_slice(&good[..10]);
    let err = decoder().decode_concatenated(&input).unwrap_err();
    assert_eq!(offset_of(err), good.len());

    let mut long = good.clone();
    long[0] += 1;
    assert_eq!(
        offset_of(decoder().decode_concatenated(&long).unwrap_err()),
        0
    );
}

#[test]
fn string_length_lies_inside_a_document() {
    let mut bytes = valid();
    // "s" is the first element: type(1) key "s\0"(2), then the string length at offset 7.
    bytes[7] = 0x7f;
    let err = decoder().decode_concatenated(&bytes).unwrap_err();
    assert_eq!(
        offset_of(err),
        4,
        "the element starts after the document length"
    );
}

#[test]
fn invalid_utf8_missing_terminator_and_bad_type_byte() {
    let good = valid();
    let mut utf8 = good.clone();
    utf8[11] = 0xff; // inside "hello"
    assert!(matches!(
        decoder().decode_concatenated(&utf8),
        Err(Error::InvalidBson { .. })
    ));

    let mut unterminated = good.clone();
    let last = unterminated.len() - 1;
    unterminated[last] = 1;
    assert!(matches!(
        decoder().decode_concatenated(&unterminated),
        Err(Error::InvalidBson { .. })
    ));

    let mut bad_type = good.clone();
    bad_type[4] = 0x42;
    assert_eq!(
        offset_of(decoder().decode_concatenated(&bad_type).unwrap_err()),
        4
    );
}

#[test]
fn nested_damage_reports_the_nested_offset() {
    let good = valid();
    let nested_start = good.windows(3).position(|w| w == b"\x03d\x00").unwrap() + 3;
    let mut bytes = good.clone();
    bytes[nested_start + 4] = 0x42; // the first element's type byte inside "d"
    let offset = offset_of(decoder().decode_concatenated(&bytes).unwrap_err());
    assert_eq!(offset, nested_start + 4);
}

#[test]
fn every_truncation_and_byte_flip_fails_cleanly() {
    let good = valid();
    for cut in 0..good.len() {
        let _ = decoder().decode_concatenated(&good[..cut]);
    }
    for i in 0..good.len() {
        for value in [0x00, 0x01, 0x7f, 0x80, 0xff] {
            let mut bytes = good.clone();
            bytes[i] = value;
            let _ = decoder().decode_concatenated(&bytes);
        }
    }
}

#[test]
fn the_decoder_refuses_input_after_an_error() {
    let mut d = decoder();
    let mut damaged = valid();
    let last = damaged.len() - 2;
    damaged[last] = 0x42; // a bad type byte after "s" and "d" were appended
    assert!(d.decode_concatenated(&damaged).is_err());
    assert!(d.decode_concatenated(&valid()).is_err());
}
