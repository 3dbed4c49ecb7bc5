//! Documents and arrays: structs, lists of any type, conflict paths, deep nesting.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::Array;
use bson::{doc, Bson, Document};
use bson_arrow::{ConflictPolicy, DecoderOptions, FieldSpec, FieldType, SchemaSpec};
use common::{decode_all_ways, decode_error, spec};

#[test]
fn structs_lists_and_lists_of_structs() {
    let schema = spec(
        r#"{"fields":[
        {"name":"a","type":{"fields":[{"name":"b","type":"int32"},{"name":"x.y","type":"string"}]}},
        {"name":"l","type":{"type":"list","items":"int32"}},
        {"name":"ls","type":{"items":{"fields":[{"name":"c","type":"string"}]}}},
        {"name":"ll","type":{"items":{"items":"int32"}}}]}"#,
    );
    let docs = vec![
        doc! { "a": { "b": 1, "x.y": "dotted" }, "l": [1, 2], "ls": [{ "c": "p" }, {}], "ll": [[1], [], [2, 3]] },
        doc! { "a": {}, "l": [], "ls": [], "ll": [] },
        doc! { "a": Bson::Null, "l": [Bson::Null], "ls": [Bson::Null] },
    ];
    let batch = decode_all_ways(&schema, DecoderOptions::default(), &docs);
    let a = batch.column(0).as_struct();
    assert_eq!(a.column(0).as_primitive::<Int32Type>().value(0), 1);
    assert_eq!(a.column(1).as_string::<i32>().value(0), "dotted");
    assert!(a.is_valid(1) && a.column(0).is_null(1));
    assert!(a.is_null(2));
    let l = batch.column(1).as_list::<i32>();
    assert_eq!(l.value_length(0), 2);
    assert_eq!(l.value_length(1), 0);
    assert!(l.value(2).is_null(0));
    let ls = batch.column(2).as_list::<i32>();
    assert_eq!(
        ls.value(0)
            .as_struct()
            .column(0)
            .as_string::<i32>()
            .value(0),
        "p"
    );
    let ll = batch.column(3).as_list::<i32>();
    assert_eq!(ll.value_length(0), 3);
    assert!(ll.is_null(2));
}

#[test]
fn nested_conflicts_name_the_full_path() {
    let schema = spec(
        r#"{"fields":[{"name":"a","type":{"fields":[{"name":"b","type":{"items":{"fields":[{"name":"c","type":"string"}]}}}]}}]}"#,
    );
    let docs = vec![
        doc! { "a": { "b": [{ "c": "ok" }] } },
        doc! { "a": { "b": [{ "c": "ok" }, {}, { "c": 5 }] } },
    ];
    let err = decode_error(&schema, DecoderOptions::default(), &docs);
    assert_eq!(
        err.to_string(),
        "type conflict at field 'a.b[2].c' in document 1: column is string, found BSON int"
    );
}

#[test]
fn a_field_that_is_a_document_in_one_row_and_a_scalar_in_another() {
    let schema =
        spec(r#"{"fields":[{"name":"a","type":{"fields":[{"name":"b","type":"int32"}]}}]}"#);
    let docs = vec![doc! { "a": { "b": 1 } }, doc! { "a": 7 }];
    let err = decode_error(&schema, DecoderOptions::default(), &docs);
    assert!(
        err.to_string()
            .contains("field 'a' in document 1: column is document, found BSON int"),
        "{err}"
    );
    let options = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    let batch = decode_all_ways(&schema, options, &docs);
    assert!(batch.column(0).is_null(1));
}

fn nested_spec(depth: usize) -> SchemaSpec {
    let mut field_type = FieldType::Int32;
    for _ in 0..depth {
        field_type = FieldType::Document(vec![FieldSpec::new("a", field_type)]);
    }
    SchemaSpec::new(vec![FieldSpec::new("a", field_type)]).unwrap()
}

fn nested_doc(depth: usize) -> Document {
    let mut doc = doc! { "a": 42 };
    for _ in 0..depth {
        doc = doc! { "a": doc };
    }
    doc
}

#[test]
fn one_hundred_levels_of_nesting() {
    let spec = nested_spec(99);
    let reparsed = SchemaSpec::from_json(&spec.to_json()).unwrap();
    assert_eq!(reparsed, spec);
    let docs = vec![nested_doc(99), doc! {}];
    let batch = decode_all_ways(&spec, DecoderOptions::default(), &docs);
    let mut column = batch.column(0).clone();
    for _ in 0..99 {
        column = column.as_struct().column(0).clone();
    }
    assert_eq!(column.as_primitive::<Int32Type>().value(0), 42);
    let inferred = bson_arrow::infer_schema(
        common::to_bytes(&docs).iter().map(Vec::as_slice),
        DecoderOptions::default(),
    )
    .unwrap();
    assert_eq!(inferred, spec);
}

#[test]
fn hostile_depth_is_an_error_not_a_stack_overflow() {
    // Built by hand: the bson crate's own serializer recurses.
    let depth = 100_000;
    let mut bytes = Vec::new();
    for _ in 0..depth {
        bytes.extend_from_slice(&[0, 0, 0, 0, 3, b'a', 0]);
    }
    bytes.extend_from_slice(&[5, 0, 0, 0, 0]);
    for level in (0..depth).rev() {
        bytes.push(0);
        let len = (bytes.len() - level * 7) as i32;
        bytes[level * 7..level * 7 + 4].copy_from_slice(&len.to_le_bytes());
    }
    let err = bson_arrow::infer_schema([bytes.as_slice()], DecoderOptions::default()).unwrap_err();
    assert_eq!(err.code(), "INVALID_BSON", "{err}");
    let schema = spec(r#"{"fields":[{"name":"a","type":"extendedJson"}]}"#);
    let mut decoder = bson_arrow::Decoder::new(schema);
    let err = decoder.decode_document(&bytes, 0).unwrap_err();
    assert!(err.to_string().contains("nest deeper"), "{err}");
    let deep_json = format!(
        "{}{}",
        r#"{"fields":[{"name":"a","type":"#.repeat(1000),
        "]}".repeat(1000)
    );
    assert_eq!(
        SchemaSpec::from_json(&deep_json).unwrap_err().code(),
        "INVALID_SCHEMA"
    );
}

#[test]
fn counts_top_level_fields_the_schema_drops() {
    let spec =
        bson_arrow::SchemaSpec::from_json(r#"{"fields":[{"name":"a","type":"int32"}]}"#).unwrap();
    let mut decoder = bson_arrow::Decoder::new(spec);
    for doc in [
        bson::rawdoc! { "a": 1, "late": true },
        bson::rawdoc! { "a": 2 },
        bson::rawdoc! { "late": false, "b": { "x": 1 } },
    ] {
        decoder.decode_document(doc.as_bytes(), 0).unwrap();
    }
    assert_eq!(
        decoder.dropped_fields(),
        vec![("b".to_string(), 1), ("late".to_string(), 2)]
    );
}
