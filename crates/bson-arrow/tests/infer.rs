//! Schema inference, the JSON schema form and projections.

mod common;

use bson::{doc, Bson, Document};
use bson_arrow::{
    infer_schema, ConflictPolicy, DecoderOptions, FieldSpec, FieldType, Projection, SchemaSpec,
};
use common::{decode_all_ways, spec, to_bytes};

fn infer(docs: &[Document], options: DecoderOptions) -> bson_arrow::Result<SchemaSpec> {
    let bytes = to_bytes(docs);
    infer_schema(bytes.iter().map(Vec::as_slice), options)
}

#[test]
fn every_document_counts_and_numbers_widen() {
    let docs = vec![
        doc! { "n": 1 },
        doc! { "n": 2_i64, "late": "x" },
        doc! { "n": 2.5, "nested": { "a": 1 } },
        doc! { "nested": { "b": [] }, "list": [] },
        doc! { "list": [Bson::Null], "nested": { "b": [1] } },
    ];
    let inferred = infer(&docs, DecoderOptions::default()).unwrap();
    let expected = spec(
        r#"{"fields":[
        {"name":"n","type":"double"},
        {"name":"late","type":"string"},
        {"name":"nested","type":{"fields":[{"name":"a","type":"int32"},{"name":"b","type":{"items":"int32"}}]}},
        {"name":"list","type":{"items":"null"}}]}"#,
    );
    assert_eq!(inferred, expected);
    let batch = decode_all_ways(&inferred, DecoderOptions::default(), &docs);
    assert_eq!(batch.num_rows(), 5);
}

#[test]
fn conflicts_follow_the_policy() {
    let docs = vec![doc! { "a": { "b": 1 } }, doc! { "a": { "b": "x" } }];
    let err = infer(&docs, DecoderOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "type conflict at field 'a.b' in document 1: column is int32, found BSON string"
    );
    let null = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    assert_eq!(
        infer(&docs, null).unwrap(),
        spec(r#"{"fields":[{"name":"a","type":{"fields":[{"name":"b","type":"int32"}]}}]}"#)
    );
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    let inferred = infer(&docs, string).unwrap();
    assert_eq!(
        inferred,
        spec(r#"{"fields":[{"name":"a","type":{"fields":[{"name":"b","type":"text"}]}}]}"#)
    );
}

#[test]
fn large_int64_and_double_do_not_widen_silently() {
    let docs = vec![doc! { "n": i64::MAX }, doc! { "n": 0.5 }];
    assert_eq!(
        infer(&docs, DecoderOptions::default()).unwrap_err().code(),
        "TYPE_CONFLICT"
    );
}

#[test]
fn inference_and_the_decoder_agree_on_which_int64_a_double_column_holds() {
    for (v, fits) in [
        (i64::MIN, false),
        (-(1 << 53) - 1, false),
        (-(1 << 53), true),
        (1 << 53, true),
        ((1 << 53) + 1, false),
    ] {
        let docs = vec![doc! { "n": v }, doc! { "n": 0.5 }];
        match infer(&docs, DecoderOptions::default()) {
            Ok(inferred) => {
                assert!(fits, "{v} widened to double");
                assert_eq!(inferred.fields[0].field_type, FieldType::Double);
                decode_all_ways(&inferred, DecoderOptions::default(), &docs);
            }
            Err(err) => {
                assert!(!fits, "{v}: {err}");
                assert_eq!(err.code(), "TYPE_CONFLICT");
            }
        }
    }
}

#[test]
fn uuid_inference_is_optional() {
    let uuid = bson::Uuid::new();
    let docs = vec![doc! { "u": uuid }];
    let binary = infer(&docs, DecoderOptions::default()).unwrap();
    assert_eq!(
        binary.fields[0].field_type,
        FieldType::Binary { subtype: Some(4) }
    );
    let strings = infer(&docs, DecoderOptions::new().with_infer_uuid_as_string(true)).unwrap();
    assert_eq!(strings.fields[0].field_type, FieldType::Uuid);
}

#[test]
fn schema_json_round_trips_and_rejects_mistakes() {
    let json = r#"{"fields":[{"name":"a","type":{"type":"date","unit":"ns","timezone":"+01:00"}},{"name":"d","type":{"type":"decimal128","precision":10,"scale":2}},{"name":"b","type":{"type":"binary","subtype":5}},{"name":"l","type":{"type":"list","items":{"type":"document","fields":[{"name":"x","type":"objectId"}]}}}]}"#;
    let parsed = spec(json);
    assert_eq!(SchemaSpec::from_json(&parsed.to_json()).unwrap(), parsed);
    for bad in [
        r#"{"fields":[{"name":"a","type":"float128"}]}"#,
        r#"{"fields":[{"name":"a","type":"double"},{"name":"a","type":"int32"}]}"#,
        r#"{"fields":[{"name":"a","type":{"fields":[{"name":"b","type":"int32"},{"name":"b","type":"int32"}]}}]}"#,
        r#"{"fields":[{"name":"a","type":{"type":"decimal128","precision":40}}]}"#,
        r#"{"fields":[{"name":"a","type":"double","typo":1}]}"#,
        r#"{"fields":[{"name":"a","type":{"type":"list"}}]}"#,
        "{",
    ] {
        let err = SchemaSpec::from_json(bad).unwrap_err();
        assert_eq!(err.code(), "INVALID_SCHEMA", "{bad}");
    }
    let err = SchemaSpec::from_json(r#"{"fields":[{"name":"a","type":"float128"}]}"#).unwrap_err();
    assert!(err.to_string().contains("'a'") && err.to_string().contains("float128"));
}

#[test]
fn projection_names_top_level_fields_only() {
    let schema = spec(
        r#"{"fields":[
        {"name":"a","type":{"fields":[{"name":"b","type":"int32"},{"name":"c","type":{"items":{"fields":[{"name":"d","type":"string"}]}}}]}},
        {"name":"e","type":{"fields":[{"name":"x.y","type":"int32"}]}},
        {"name":"f","type":"string"}]}"#,
    );
    let projection = Projection::of_schema(&schema).unwrap();
    // Dotted paths would make the server drop a non-document `a` and the
    // scalar items of `a.c` before the decoder sees them (issue #19).
    assert_eq!(projection.fields, ["a", "e", "f"]);
    assert_eq!(projection.to_json(), serde_json::json!({"a":1,"e":1,"f":1}));
    let with_id = SchemaSpec::new(vec![FieldSpec::new("_id", FieldType::ObjectId)]).unwrap();
    assert_eq!(
        Projection::of_schema(&with_id).unwrap().to_json(),
        serde_json::json!({"_id":1})
    );
    let dotted = SchemaSpec::new(vec![FieldSpec::new("a.b", FieldType::Int32)]).unwrap();
    assert_eq!(Projection::of_schema(&dotted), None);
}

fn counts(docs: &[Document], options: DecoderOptions) -> Vec<(String, u64, u64, u64)> {
    let mut inferrer = bson_arrow::SchemaInferrer::new(options);
    for bytes in to_bytes(docs) {
        inferrer.observe_document(&bytes, 0).unwrap();
    }
    let counts = inferrer.counts();
    assert_eq!(counts.documents, docs.len() as u64);
    counts
        .fields
        .into_iter()
        .map(|f| (f.path.join("/"), f.documents, f.nulls, f.conflicts))
        .collect()
}

#[test]
fn field_counts_follow_the_schema() {
    let docs = vec![
        doc! { "n": 1, "a": { "b": 1, "c.d": "x" }, "items": [{ "sku": "a" }, { "sku": 2 }] },
        doc! { "n": 2.5, "a": Bson::Null, "items": [] },
        doc! { "n": "three", "a": { "b": "x" }, "items": [{ "sku": "b", "q": 1 }] },
        doc! { "n": Bson::Null, "late": true },
    ];
    let expected = |n_conflicts, sku_conflicts| {
        vec![
            ("n".to_string(), 4, 1, n_conflicts),
            ("a".to_string(), 3, 1, 0),
            ("a/b".to_string(), 2, 0, 1),
            ("a/c.d".to_string(), 1, 0, 0),
            ("items".to_string(), 3, 0, 0),
            ("items/sku".to_string(), 3, 0, sku_conflicts),
            ("items/q".to_string(), 1, 0, 0),
            ("late".to_string(), 1, 0, 0),
        ]
    };
    // Numbers widen (1 and 2.5 are one kind): the string is the conflict.
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    assert_eq!(counts(&docs, string), expected(1, 1));
    let null = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    assert_eq!(counts(&docs, null), expected(1, 1));
}

#[test]
fn field_counts_stop_at_text_columns_and_maps() {
    // A field of documents and strings is a text column: no children.
    let mixed = vec![
        doc! { "m": { "x": 1 } },
        doc! { "m": "s" },
        doc! { "m": "t" },
    ];
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    assert_eq!(counts(&mixed, string), vec![("m".to_string(), 3, 0, 1)]);
    // Under the null policy the strings win; the document is the conflict.
    let null = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    assert_eq!(counts(&mixed, null), vec![("m".to_string(), 3, 0, 1)]);
    // Keys that are data: one map column, counted as a whole, its values'
    // conflict included.
    let by_day: Vec<Document> = (0..30)
        .map(|i| doc! { "by_day": { format!("2024-01-{i:02}"): if i == 7 { Bson::from("x") } else { Bson::from(i) } } })
        .collect();
    assert_eq!(
        counts(&by_day, string),
        vec![("by_day".to_string(), 30, 0, 1)]
    );
}
