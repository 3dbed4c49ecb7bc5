//! Real collections are messy: mixed types in one field, objects keyed by
//! data, empty objects, binary of several subtypes. Inference must load
//! them without losing a value, and say what it converted.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use bson::spec::BinarySubtype;
use bson::{doc, Binary, Bson, Document};
use bson_arrow::{
    infer_schema, ConflictPolicy, Decoder, DecoderOptions, Error, FieldType, ReadReport, SchemaSpec,
};
use common::{decode_all_ways, spec, to_bytes};

fn infer(docs: &[Document], options: DecoderOptions) -> bson_arrow::Result<SchemaSpec> {
    let bytes = to_bytes(docs);
    infer_schema(bytes.iter().map(Vec::as_slice), options)
}

fn decode_with_report(
    spec: &SchemaSpec,
    options: DecoderOptions,
    docs: &[Document],
) -> (RecordBatch, ReadReport) {
    let mut decoder = Decoder::with_options(spec.clone(), options);
    for doc in to_bytes(docs) {
        decoder.decode_document(&doc, 0).unwrap();
    }
    let batch = decoder.flush().unwrap().unwrap();
    (batch, decoder.report())
}

/// `depth` as in the shipwrecks sample: "" in most documents, then doubles and ints.
fn depths() -> Vec<Document> {
    let mut docs: Vec<Document> = (0..8).map(|i| doc! { "_id": i, "depth": "" }).collect();
    docs.push(doc! { "_id": 8, "depth": 2.2 });
    docs.push(doc! { "_id": 9, "depth": 4 });
    docs.push(doc! { "_id": 10, "depth": 4.0 });
    docs
}

fn strings(batch: &RecordBatch, column: &str) -> Vec<Option<String>> {
    let array = batch.column_by_name(column).unwrap();
    array
        .as_string::<i32>()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

#[test]
fn a_field_of_irreconcilable_types_becomes_text_and_is_reported() {
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    let inferred = infer(&depths(), string).unwrap();
    assert_eq!(inferred.fields[1].field_type, FieldType::Text);
    let (batch, report) = decode_with_report(&inferred, string, &depths());
    let depth = strings(&batch, "depth");
    assert_eq!(depth[0].as_deref(), Some(""));
    assert_eq!(
        depth[8..].iter().flatten().collect::<Vec<_>>(),
        ["2.2", "4", "4.0"]
    );
    assert_eq!(report.coercions.len(), 1);
    let coercion = &report.coercions[0];
    assert_eq!(coercion.field, "depth");
    assert_eq!(coercion.column, "text");
    assert_eq!(coercion.types, [("double", 2), ("int", 1)]);
    assert_eq!(
        (coercion.stored, coercion.coerced, coercion.nulled),
        (8, 3, 0)
    );
}

#[test]
fn the_error_policy_names_the_field_the_document_and_what_came_before() {
    let err = infer(&depths(), DecoderOptions::default()).unwrap_err();
    let Error::TypeConflict {
        path,
        document,
        document_id,
        expected,
        found,
        seen,
    } = err.clone()
    else {
        panic!("{err:?}")
    };
    assert_eq!((path.as_str(), document), ("depth", 8));
    assert_eq!(document_id.as_deref(), Some("8"));
    assert_eq!((expected.as_str(), found), ("string", "double"));
    assert_eq!(seen, [("string".to_string(), 8)]);
    assert!(err.to_string().contains("(_id 8)"), "{err}");
}

#[test]
fn the_null_policy_keeps_the_most_common_type_and_counts_the_rest() {
    let null = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    let inferred = infer(&depths(), null).unwrap();
    assert_eq!(inferred.fields[1].field_type, FieldType::String);
    let (batch, report) = decode_with_report(&inferred, null, &depths());
    assert_eq!(batch.column(1).null_count(), 3);
    assert_eq!(report.coercions[0].types, [("double", 2), ("int", 1)]);
    assert_eq!(report.coercions[0].nulled, 3);
}

#[test]
fn empty_strings_can_count_as_null_in_numeric_fields() {
    let options = DecoderOptions::new().with_empty_strings_as_null(true);
    let inferred = infer(&depths(), options).unwrap();
    assert_eq!(inferred.fields[1].field_type, FieldType::Double);
    let (batch, report) = decode_with_report(&inferred, options, &depths());
    assert_eq!(batch.column(1).null_count(), 8);
    assert_eq!(report.coercions[0].types, [("string", 8)]);
    assert_eq!(
        (report.coercions[0].stored, report.coercions[0].nulled),
        (3, 8)
    );
    // Only empty strings: still a string column.
    let only_empty = vec![doc! { "a": "" }, doc! { "a": Bson::Null }];
    assert_eq!(
        infer(&only_empty, options).unwrap().fields[0].field_type,
        FieldType::String
    );
}

#[test]
fn an_int_and_object_id_key_becomes_text_with_hex_ids() {
    let oid = bson::oid::ObjectId::parse_str("53c2ab5e4291b17b666d742a").unwrap();
    let docs = vec![doc! { "_id": 1 }, doc! { "_id": oid }, doc! { "_id": 2 }];
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    let inferred = infer(&docs, string).unwrap();
    let batch = decode_all_ways(&inferred, string, &docs);
    let ids = strings(&batch, "_id");
    assert_eq!(
        ids.iter().flatten().collect::<Vec<_>>(),
        ["1", "53c2ab5e4291b17b666d742a", "2"]
    );
}

/// `tier_and_details` as in the analytics customers sample: keys are ids.
fn data_keyed(documents: usize, keys_each: usize) -> Vec<Document> {
    (0..documents)
        .map(|d| {
            let mut tiers = Document::new();
            for k in 0..keys_each {
                let value = doc! { "tier": "Gold", "active": k % 2 == 0, "n": (d * k) as i32 };
                tiers.insert(format!("{:032x}", d * 1000 + k), value);
            }
            doc! { "_id": d as i32, "tier_and_details": tiers }
        })
        .collect()
}

#[test]
fn objects_keyed_by_data_become_maps() {
    let docs = data_keyed(50, 2);
    let inferred = infer(&docs, DecoderOptions::default()).unwrap();
    let values = spec(
        r#"{"fields":[{"name":"v","type":{"fields":[
        {"name":"tier","type":"string"},{"name":"active","type":"bool"},{"name":"n","type":"int32"}]}}]}"#,
    );
    assert_eq!(
        inferred.fields[1].field_type,
        FieldType::Map(Box::new(values.fields[0].field_type.clone()))
    );
    let batch = decode_all_ways(&inferred, DecoderOptions::default(), &docs);
    let map = batch.column(1).as_map();
    assert_eq!(map.value_length(0), 2);
    assert_eq!(map.keys().len(), 100);
}

#[test]
fn wide_structs_whose_fields_are_usually_present_stay_structs() {
    let docs: Vec<Document> = (0..30)
        .map(|d| {
            let mut wide = Document::new();
            for k in 0..40 {
                if (d + k) % 3 != 0 {
                    wide.insert(format!("f{k}"), d as f64);
                }
            }
            doc! { "wide": wide }
        })
        .collect();
    let inferred = infer(&docs, DecoderOptions::default()).unwrap();
    assert!(matches!(&inferred.fields[0].field_type, FieldType::Document(f) if f.len() == 40));
}

#[test]
fn always_empty_objects_become_maps_of_nothing() {
    let docs = vec![
        doc! { "preferences": {} },
        doc! {},
        doc! { "preferences": {} },
    ];
    let inferred = infer(&docs, DecoderOptions::default()).unwrap();
    assert_eq!(
        inferred.fields[0].field_type,
        FieldType::Map(Box::new(FieldType::Null))
    );
    let batch = decode_all_ways(&inferred, DecoderOptions::default(), &docs);
    let map = batch.column(0).as_map();
    assert_eq!(
        (map.is_null(1), map.value_length(0), map.is_null(0)),
        (true, 0, false)
    );
}

fn binary(subtype: BinarySubtype, bytes: &[u8]) -> Bson {
    Bson::Binary(Binary {
        subtype,
        bytes: bytes.to_vec(),
    })
}

#[test]
fn binary_subtypes_are_kept_one_per_column_or_as_text_when_mixed() {
    let one = vec![doc! { "b": binary(BinarySubtype::UserDefined(0x80), b"ab") }];
    let inferred = infer(&one, DecoderOptions::default()).unwrap();
    assert_eq!(
        inferred.fields[0].field_type,
        FieldType::Binary {
            subtype: Some(0x80)
        }
    );
    let mixed = vec![
        doc! { "b": binary(BinarySubtype::Generic, b"ab") },
        doc! { "b": binary(BinarySubtype::UserDefined(0x80), b"ab") },
    ];
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    let inferred = infer(&mixed, string).unwrap();
    assert_eq!(inferred.fields[0].field_type, FieldType::Text);
    let batch = decode_all_ways(&inferred, string, &mixed);
    let texts = strings(&batch, "b");
    assert_eq!(
        texts[1].as_deref(),
        Some(r#"{"$binary":{"base64":"YWI=","subType":"80"}}"#)
    );
}

#[test]
fn a_declared_struct_reports_a_scalar_where_a_document_was_expected() {
    let declared = spec(
        r#"{"fields":[{"name":"_id","type":"int32"},{"name":"d","type":{"fields":[{"name":"x","type":"int32"}]}}]}"#,
    );
    let docs = vec![
        doc! { "_id": 1, "d": { "x": 1 } },
        doc! { "_id": 2, "d": "none" },
    ];
    let err = common::decode_error(&declared, DecoderOptions::default(), &docs);
    let Error::TypeConflict {
        path, document_id, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((path.as_str(), document_id.as_deref()), ("d", Some("2")));
    let list = spec(
        r#"{"fields":[{"name":"_id","type":"int32"},{"name":"a","type":{"items":{"fields":[{"name":"x","type":"int32"}]}}}]}"#,
    );
    let docs = vec![doc! { "_id": 1, "a": [{ "x": 1 }, 5, { "x": 2 }] }];
    let err = common::decode_error(&list, DecoderOptions::default(), &docs);
    let Error::TypeConflict { path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "a[1]");
    let null = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    let (batch, report) = decode_with_report(&list, null, &docs);
    assert_eq!(
        batch.column(1).as_list::<i32>().value_length(0),
        3,
        "the list keeps its length"
    );
    assert_eq!(
        (
            report.coercions[0].field.as_str(),
            report.coercions[0].nulled
        ),
        ("a[]", 1)
    );
}

#[test]
fn nested_fields_a_fixed_schema_lacks_are_counted_by_path() {
    let fixed = spec(
        r#"{"fields":[{"name":"a","type":{"fields":[{"name":"x","type":"int32"}]}},{"name":"l","type":{"items":{"fields":[{"name":"y","type":"int32"}]}}}]}"#,
    );
    let docs =
        vec![doc! { "a": { "x": 1, "late": 2 }, "l": [{ "y": 1, "z": 1 }, { "z": 2 }], "top": 1 }];
    let counting = DecoderOptions::new().with_count_nested_dropped(true);
    let (_, report) = decode_with_report(&fixed, counting, &docs);
    let dropped: Vec<(&str, u64)> = report
        .dropped_fields
        .iter()
        .map(|(p, n)| (p.as_str(), *n))
        .collect();
    assert_eq!(dropped, [("top", 1), ("a.late", 1), ("l[].z", 2)]);
    let (_, report) = decode_with_report(&fixed, DecoderOptions::default(), &docs);
    assert_eq!(report.dropped_fields, [("top".to_string(), 1)]);
}
