//! Required fields (`"nullable": false`): their JSON form, their Arrow
//! nullability under each conflict policy, and the conflict of a document
//! without a value for one.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::Array;
use arrow_schema::DataType;
use bson::{doc, Bson};
use bson_arrow::{ConflictPolicy, DecoderOptions, Error, FieldSpec, FieldType, SchemaSpec};
use common::{decode_all_ways, decode_error, spec};

const ORDERS: &str = r#"{"fields":[{"name":"_id","type":"int32"},{"name":"amount","type":"double","nullable":false},{"name":"address","type":{"type":"document","fields":[{"name":"city","type":"string","nullable":false},{"name":"zip","type":"string"}]}}]}"#;

fn policy(policy: ConflictPolicy) -> DecoderOptions {
    DecoderOptions::new().with_conflict_policy(policy)
}

/// The parts of a type conflict: path, document, `_id`, expected, found.
fn conflict(err: &Error) -> (&str, usize, Option<&str>, &str, &str) {
    let Error::TypeConflict {
        path,
        document,
        document_id,
        expected,
        found,
        ..
    } = err
    else {
        panic!("expected a type conflict, got {err:?}")
    };
    (path, *document, document_id.as_deref(), expected, found)
}

#[test]
fn nullable_false_is_parsed_and_written_back_only_when_false() {
    let orders = spec(ORDERS);
    assert!(orders.fields[0].nullable);
    assert!(!orders.fields[1].nullable);
    let FieldType::Document(address) = &orders.fields[2].field_type else {
        panic!("address is a document")
    };
    assert!(!address[0].nullable && address[1].nullable);
    assert_eq!(orders.to_json(), ORDERS);

    let explicit = spec(r#"{"fields":[{"name":"a","type":"double","nullable":true}]}"#);
    assert_eq!(
        explicit,
        spec(r#"{"fields":[{"name":"a","type":"double"}]}"#)
    );
    assert_eq!(
        explicit.to_json(),
        r#"{"fields":[{"name":"a","type":"double"}]}"#
    );
}

#[test]
fn bad_nullable_keys_are_invalid_schemas() {
    let cases = [
        (
            r#"{"fields":[{"name":"a","type":"double","nullable":"no"}]}"#,
            "must be true or false",
        ),
        (
            r#"{"fields":[{"name":"a","type":"double","nullable":null}]}"#,
            "must be true or false",
        ),
        (
            r#"{"fields":[{"name":"a","type":{"type":"list","items":{"type":"date","nullable":false}}}]}"#,
            "list items and map values are always nullable",
        ),
        (
            r#"{"fields":[{"name":"a","type":{"type":"list","nullable":false,"items":"double"}}]}"#,
            "is a key of a document's field",
        ),
        (
            r#"{"fields":[{"name":"a","type":"null","nullable":false}]}"#,
            "field 'a' is of type null and cannot be required",
        ),
    ];
    for (json, part) in cases {
        let err = SchemaSpec::from_json(json).unwrap_err();
        assert_eq!(err.code(), "INVALID_SCHEMA", "{json}");
        assert!(err.to_string().contains(part), "{json}: {err}");
    }
}

#[test]
fn required_fields_are_non_nullable_only_under_the_error_policy() {
    let orders = spec(ORDERS);
    let arrow = orders.arrow_schema(&DecoderOptions::default());
    assert!(arrow.field(0).is_nullable());
    assert!(!arrow.field(1).is_nullable());
    let DataType::Struct(address) = arrow.field(2).data_type() else {
        panic!("address is a struct")
    };
    assert!(arrow.field(2).is_nullable());
    assert!(!address[0].is_nullable() && address[1].is_nullable());

    for lenient in [ConflictPolicy::Null, ConflictPolicy::String] {
        let arrow = orders.arrow_schema(&policy(lenient));
        assert!(arrow.field(1).is_nullable(), "{lenient:?}");
        let DataType::Struct(address) = arrow.field(2).data_type() else {
            panic!("address is a struct")
        };
        assert!(address[0].is_nullable(), "{lenient:?}");
    }
}

#[test]
fn a_missing_required_field_is_a_conflict_naming_it() {
    let docs = [
        doc! { "_id": 1, "amount": 1.5, "address": { "city": "Oslo" } },
        doc! { "_id": 7, "address": { "city": "Rome" } },
    ];
    let err = decode_error(&spec(ORDERS), DecoderOptions::default(), &docs);
    assert_eq!(err.code(), "TYPE_CONFLICT");
    assert_eq!(
        conflict(&err),
        ("amount", 1, Some("7"), "double", "missing")
    );
    assert_eq!(
        err.to_string(),
        "field 'amount' is required (non-nullable) but document 1 (_id 7) has no value (missing)"
    );
}

#[test]
fn a_null_in_a_required_field_is_a_conflict_naming_it() {
    let docs = [
        doc! { "_id": 1, "amount": 1.5 },
        doc! { "_id": 2, "amount": 2.5, "address": { "city": Bson::Null } },
    ];
    let err = decode_error(&spec(ORDERS), DecoderOptions::default(), &docs);
    assert_eq!(
        conflict(&err),
        ("address.city", 1, Some("2"), "string", "null")
    );
    assert!(err.to_string().contains("has no value (null)"), "{err}");

    let undefined = [doc! { "_id": 3, "amount": Bson::Undefined }];
    let err = decode_error(&spec(ORDERS), DecoderOptions::default(), &undefined);
    assert_eq!(
        conflict(&err),
        ("amount", 0, Some("3"), "double", "undefined")
    );
}

#[test]
fn a_required_field_of_a_missing_or_null_document_is_null_with_it() {
    let docs = [
        doc! { "_id": 1, "amount": 1.0, "address": { "city": "Oslo", "zip": "0150" } },
        doc! { "_id": 2, "amount": 2.0 },
        doc! { "_id": 3, "amount": 3.0, "address": Bson::Null },
        doc! { "_id": 4, "amount": 4.0, "address": { "city": "Rome" } },
    ];
    // The batch passes arrow-rs's validation: a non-nullable child may be
    // null only where its struct is.
    let batch = decode_all_ways(&spec(ORDERS), DecoderOptions::default(), &docs);
    assert!(!batch.schema().field(1).is_nullable());
    let address = batch.column(2).as_struct();
    let city = address.column(0).as_string::<i32>();
    assert_eq!(address.logical_nulls().unwrap().null_count(), 2);
    assert!(address.is_null(1) && address.is_null(2));
    assert_eq!(city.value(0), "Oslo");
    assert_eq!(city.value(3), "Rome");
    assert!(address.column(1).is_null(3));
}

#[test]
fn a_required_document_may_hold_nullable_fields() {
    let schema = spec(
        r#"{"fields":[{"name":"meta","nullable":false,"type":{"fields":[{"name":"tag","type":"string"}]}}]}"#,
    );
    let batch = decode_all_ways(
        &schema,
        DecoderOptions::default(),
        &[doc! { "meta": {} }, doc! { "meta": { "tag": "x" } }],
    );
    assert_eq!(batch.column(0).null_count(), 0);
    assert!(batch.column(0).as_struct().column(0).is_null(0));
    let err = decode_error(&schema, DecoderOptions::default(), &[doc! { "_id": 5 }]);
    assert_eq!(
        conflict(&err),
        ("meta", 0, Some("5"), "document", "missing")
    );
}

#[test]
fn a_required_field_of_list_items_names_the_item() {
    let schema = spec(
        r#"{"fields":[{"name":"items","type":{"type":"list","items":{"type":"document","fields":[
            {"name":"sku","type":"string","nullable":false},{"name":"qty","type":"int32"}]}}}]}"#,
    );
    // A null item holds no item's fields: its required field is null with it.
    let ok = [doc! { "items": [{ "sku": "a" }, Bson::Null, { "sku": "b", "qty": 2 }] }];
    let batch = decode_all_ways(&schema, DecoderOptions::default(), &ok);
    let items = batch.column(0).as_list::<i32>().value(0);
    assert_eq!(items.null_count(), 1);
    assert_eq!(items.as_struct().column(0).as_string::<i32>().value(2), "b");

    let bad = [doc! { "_id": "x", "items": [{ "sku": "a" }, { "qty": 1 }] }];
    let err = decode_error(&schema, DecoderOptions::default(), &bad);
    assert_eq!(
        conflict(&err),
        ("items[1].sku", 0, Some("x"), "string", "missing")
    );
}

#[test]
fn lenient_policies_store_null_for_a_missing_required_field() {
    let docs = [
        doc! { "_id": 1, "amount": Bson::Null, "address": {} },
        doc! { "_id": 2, "address": { "city": 3 } },
    ];
    for lenient in [ConflictPolicy::Null, ConflictPolicy::String] {
        let batch = decode_all_ways(&spec(ORDERS), policy(lenient), &docs);
        assert_eq!(batch.column(1).null_count(), 2, "{lenient:?}");
        let city = batch.column(2).as_struct().column(0);
        assert!(city.is_null(0), "{lenient:?}");
    }
}

#[test]
fn an_empty_string_stays_a_conflict_in_a_required_column() {
    let options = DecoderOptions::new().with_empty_strings_as_null(true);
    let err = decode_error(&spec(ORDERS), options, &[doc! { "amount": "" }]);
    assert_eq!(conflict(&err), ("amount", 0, None, "double", "string"));
    // Nullable columns still take it as null.
    let nullable = spec(r#"{"fields":[{"name":"amount","type":"double"}]}"#);
    let batch = decode_all_ways(&nullable, options, &[doc! { "amount": "" }]);
    assert!(batch.column(0).as_primitive::<Float64Type>().is_null(0));
}

#[test]
fn from_arrow_keeps_required_fields() {
    let orders = spec(ORDERS);
    let arrow = orders.arrow_schema(&DecoderOptions::default());
    assert_eq!(SchemaSpec::from_arrow(&arrow).unwrap(), orders);
    // Under a lenient policy the Arrow schema says nothing of it.
    let lenient = orders.arrow_schema(&policy(ConflictPolicy::Null));
    let back = SchemaSpec::from_arrow(&lenient).unwrap();
    assert!(back.fields.iter().all(|f| f.nullable));

    let required = SchemaSpec::new(vec![FieldSpec::required(
        "tags",
        FieldType::List(Box::new(FieldType::String)),
    )])
    .unwrap();
    let arrow = required.arrow_schema(&DecoderOptions::default());
    let DataType::List(item) = arrow.field(0).data_type() else {
        panic!("tags is a list")
    };
    assert!(!arrow.field(0).is_nullable() && item.is_nullable());
    assert_eq!(SchemaSpec::from_arrow(&arrow).unwrap(), required);
}
