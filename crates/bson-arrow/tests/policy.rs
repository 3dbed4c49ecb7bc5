//! The type-conflict policies of the decoder.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::Array;
use bson::doc;
use bson_arrow::{ConflictPolicy, Decoder, DecoderOptions};
use common::{decode_all_ways, decode_error, spec, to_bytes};

fn docs() -> Vec<bson::Document> {
    vec![
        doc! { "label": "a", "n": 1 },
        doc! { "label": 2, "n": "x" },
        doc! { "label": { "k": 1 }, "n": 3 },
    ]
}

const SCHEMA: &str = r#"{"fields":[{"name":"label","type":"string"},{"name":"n","type":"int32"}]}"#;

#[test]
fn error_names_field_document_and_both_types() {
    let err = decode_error(&spec(SCHEMA), DecoderOptions::default(), &docs());
    assert_eq!(err.code(), "TYPE_CONFLICT");
    let message = err.to_string();
    for part in [
        "field 'label'",
        "document 1",
        "column is string",
        "found BSON int",
    ] {
        assert!(message.contains(part), "{message}");
    }
}

#[test]
fn null_policy_nulls_and_counts() {
    let options = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    let batch = decode_all_ways(&spec(SCHEMA), options, &docs());
    let label = batch.column(0).as_string::<i32>();
    assert_eq!(label.value(0), "a");
    assert!(label.is_null(1) && label.is_null(2));
    assert!(batch.column(1).is_null(1));
    let mut decoder = Decoder::with_options(spec(SCHEMA), options);
    for doc in to_bytes(&docs()) {
        decoder.decode_document(&doc, 0).unwrap();
    }
    assert_eq!(decoder.conflicts(), 3);
}

#[test]
fn string_policy_keeps_conflicts_as_plain_text() {
    let options = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    let batch = decode_all_ways(&spec(SCHEMA), options, &docs());
    let label = batch.column(0).as_string::<i32>();
    // Plain text a reader can use, documents as relaxed Extended JSON.
    assert_eq!(label.value(1), "2");
    assert_eq!(label.value(2), r#"{"k":1}"#);
    // An int32 column cannot hold text: null, as with the null policy.
    assert!(batch.column(1).is_null(1));
}
