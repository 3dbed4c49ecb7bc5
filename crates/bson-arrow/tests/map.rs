//! Documents whose keys are data, declared as maps: the JSON form, the Arrow
//! layout, and decoding of every kind of value, key and conflict.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type};
use arrow_array::{Array, ArrayRef, MapArray};
use arrow_schema::DataType;
use bson::{doc, Bson, Document};
use bson_arrow::{ConflictPolicy, DecoderOptions, FieldSpec, FieldType, SchemaSpec};
use common::{decode_all_ways, decode_error, spec};

fn map_of(values: FieldType) -> SchemaSpec {
    SchemaSpec::new(vec![FieldSpec::new("m", FieldType::Map(Box::new(values)))]).unwrap()
}

/// The keys of one map row, in stored order.
fn keys(map: &MapArray, row: usize) -> Vec<String> {
    let entries = map.value(row);
    let keys = entries.column(0).as_string::<i32>();
    keys.iter().map(|k| k.unwrap().to_string()).collect()
}

/// The values of one map row.
fn values(map: &MapArray, row: usize) -> ArrayRef {
    map.value(row).column(1).clone()
}

#[test]
fn the_json_form_round_trips_and_rejects_mistakes() {
    let parsed = spec(
        r#"{"fields":[{"name":"m","type":{"type":"map","values":{"type":"map","values":{"items":"int32"}}}}]}"#,
    );
    let nested = FieldType::Map(Box::new(FieldType::Map(Box::new(FieldType::List(
        Box::new(FieldType::Int32),
    )))));
    assert_eq!(parsed.fields[0].field_type, nested);
    assert_eq!(nested.describe(), "map<map<list<int32>>>");
    assert_eq!(nested.short_name(), "map");
    assert_eq!(SchemaSpec::from_json(&parsed.to_json()).unwrap(), parsed);

    for bad in [
        r#"{"fields":[{"name":"m","type":{"type":"map"}}]}"#,
        r#"{"fields":[{"name":"m","type":{"type":"map","values":"double","keys":"string"}}]}"#,
        r#"{"fields":[{"name":"m","type":{"type":"map","values":"nope"}}]}"#,
        r#"{"fields":[{"name":"m","type":"map"}]}"#,
    ] {
        assert!(SchemaSpec::from_json(bad).is_err(), "{bad}");
    }
    let err = SchemaSpec::from_json(
        r#"{"fields":[{"name":"m","type":{"type":"map","values":{"fields":[{"name":"a","type":"int32"},{"name":"a","type":"int32"}]}}}]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("'m{}.a' is declared twice"),
        "{err}"
    );
}

#[test]
fn the_arrow_layout_is_map_builders() {
    let schema = map_of(FieldType::Double).arrow_schema(&DecoderOptions::default());
    let DataType::Map(entries, sorted) = schema.field(0).data_type() else {
        panic!("expected a map, got {}", schema.field(0).data_type())
    };
    assert!(!sorted);
    assert_eq!(entries.name(), "entries");
    assert!(!entries.is_nullable());
    let DataType::Struct(children) = entries.data_type() else {
        panic!("map entries must be a struct")
    };
    assert_eq!(children[0].name(), "keys");
    assert_eq!(children[0].data_type(), &DataType::Utf8);
    assert!(!children[0].is_nullable());
    assert_eq!(children[1].name(), "values");
    assert_eq!(children[1].data_type(), &DataType::Float64);
    assert!(children[1].is_nullable());
}

#[test]
fn scalars_nulls_missing_and_empty_maps() {
    let docs = vec![
        doc! { "m": { "2021": 3.5, "2022": Bson::Null, "2023": 4.0 } },
        doc! { "m": {} },
        doc! { "m": Bson::Null },
        doc! {},
    ];
    let batch = decode_all_ways(&map_of(FieldType::Double), DecoderOptions::default(), &docs);
    let map = batch.column(0).as_map();
    assert_eq!(keys(map, 0), ["2021", "2022", "2023"]);
    let v = values(map, 0);
    let v = v.as_primitive::<Float64Type>();
    assert_eq!((v.value(0), v.is_null(1), v.value(2)), (3.5, true, 4.0));
    assert!(map.is_valid(1) && map.value_length(1) == 0);
    assert!(map.is_null(2) && map.is_null(3));
}

#[test]
fn maps_of_documents_lists_and_maps() {
    let schema = spec(
        r#"{"fields":[
        {"name":"tiers","type":{"type":"map","values":{"fields":[{"name":"tier","type":"string"},{"name":"benefits","type":{"items":"string"}}]}}},
        {"name":"lists","type":{"type":"map","values":{"items":"int32"}}},
        {"name":"nested","type":{"type":"map","values":{"type":"map","values":"int32"}}}]}"#,
    );
    let docs = vec![
        doc! {
            "tiers": { "0df3": { "tier": "Gold", "benefits": ["lounge"] }, "9a1c": { "tier": "Bronze" } },
            "lists": { "a": [1, 2], "b": [], "c": Bson::Null },
            "nested": { "x": { "p": 1, "q": 2 }, "y": {} },
        },
        doc! { "tiers": {}, "lists": {}, "nested": { "z": Bson::Null } },
    ];
    let batch = decode_all_ways(&schema, DecoderOptions::default(), &docs);

    let tiers = batch.column(0).as_map();
    assert_eq!(keys(tiers, 0), ["0df3", "9a1c"]);
    let t = values(tiers, 0);
    let t = t.as_struct();
    let names = t.column(0).as_string::<i32>();
    assert_eq!((names.value(0), names.value(1)), ("Gold", "Bronze"));
    let benefits = t.column(1).as_list::<i32>();
    assert_eq!(benefits.value(0).as_string::<i32>().value(0), "lounge");
    assert!(benefits.is_null(1));

    let lists = batch.column(1).as_map();
    let l = values(lists, 0);
    let l = l.as_list::<i32>();
    assert_eq!(l.value(0).as_primitive::<Int32Type>().values(), &[1, 2]);
    assert!(l.is_valid(1) && l.value_length(1) == 0);
    assert!(l.is_null(2));

    let nested = batch.column(2).as_map();
    assert_eq!(keys(nested, 0), ["x", "y"]);
    let inner = values(nested, 0);
    let inner = inner.as_map();
    assert_eq!(keys(inner, 0), ["p", "q"]);
    assert!(inner.is_valid(1) && inner.value_length(1) == 0);
    assert!(values(nested, 1).is_null(0));
}

#[test]
fn keys_are_data_whatever_they_contain() {
    let weird = ["a.b", "$set", "", "ключ", "日本", "emoji 🎉", "x\"y"];
    let mut m = Document::new();
    for (i, key) in weird.iter().enumerate() {
        m.insert(*key, i as i32);
    }
    let docs = vec![doc! { "m": m }];
    let batch = decode_all_ways(&map_of(FieldType::Int32), DecoderOptions::default(), &docs);
    assert_eq!(keys(batch.column(0).as_map(), 0), weird);
}

/// BSON can store a key twice; a map keeps both entries rather than drop one.
#[test]
fn duplicate_keys_keep_both_entries() {
    // A raw document: a `Document` cannot hold a key twice.
    let outer = bson::rawdoc! { "m": { "k": 1, "k": 2 } };
    let mut decoder = bson_arrow::Decoder::new(map_of(FieldType::Int32));
    decoder.decode_document(outer.as_bytes(), 0).unwrap();
    let batch = decoder.flush().unwrap().unwrap();
    let map = batch.column(0).as_map();
    assert_eq!(keys(map, 0), ["k", "k"]);
    assert_eq!(values(map, 0).as_primitive::<Int32Type>().values(), &[1, 2]);
}

#[test]
fn conflicts_under_each_policy_name_the_key() {
    let docs = vec![
        doc! { "m": { "ok": 1.5 } },
        doc! { "m": { "ok": 2.5, "a.b": "text" } },
    ];
    let schema = map_of(FieldType::Double);
    let err = decode_error(&schema, DecoderOptions::default(), &docs);
    assert_eq!(
        err.to_string(),
        r#"type conflict at field 'm["a.b"]' in document 1: column is double, found BSON string"#
    );

    let nested = spec(
        r#"{"fields":[{"name":"m","type":{"type":"map","values":{"fields":[{"name":"c","type":"int32"}]}}}]}"#,
    );
    let err = decode_error(
        &nested,
        DecoderOptions::default(),
        &[doc! { "m": { "k": { "c": "x" } } }],
    );
    assert!(err.to_string().contains("field 'm.k.c'"), "{err}");

    let null = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    let batch = decode_all_ways(&schema, null, &docs);
    let map = batch.column(0).as_map();
    assert_eq!(keys(map, 1), ["ok", "a.b"]);
    assert!(values(map, 1).is_null(1));

    // A double column cannot hold text, so the string policy stores a null too.
    let string = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
    let batch = decode_all_ways(&schema, string, &docs);
    assert!(values(batch.column(0).as_map(), 1).is_null(1));
    let text = map_of(FieldType::String);
    let batch = decode_all_ways(&text, string, &[doc! { "m": { "n": 7, "s": "x" } }]);
    let v = values(batch.column(0).as_map(), 0);
    let v = v.as_string::<i32>();
    // How a conflicting value reads as text is the policy's business; here
    // only that it is kept, under its key.
    assert!(
        v.is_valid(0) && v.value(0).contains('7'),
        "{:?}",
        v.value(0)
    );
    assert_eq!(v.value(1), "x");
}

#[test]
fn a_value_that_is_not_a_document_is_a_conflict() {
    let schema = map_of(FieldType::Double);
    let docs = vec![doc! { "m": { "a": 1.0 } }, doc! { "m": [1.0] }];
    let err = decode_error(&schema, DecoderOptions::default(), &docs);
    assert!(
        err.to_string()
            .contains("field 'm' in document 1: column is map<double>, found BSON array"),
        "{err}"
    );
    let options = DecoderOptions::new().with_conflict_policy(ConflictPolicy::Null);
    let batch = decode_all_ways(&schema, options, &docs);
    assert!(batch.column(0).is_null(1));
}
