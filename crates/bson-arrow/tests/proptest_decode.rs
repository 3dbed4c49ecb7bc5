//! Property: random documents (every BSON type, nesting up to 6, missing
//! fields, type conflicts) decoded with their inferred schema agree, cell by
//! cell, with an independent reading of the same bytes through the bson
//! crate's `Document` model.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type, TimestampMillisecondType, UInt32Type};
use arrow_array::{Array, ArrayRef};
use bson::oid::ObjectId;
use bson::spec::BinarySubtype;
use bson::{
    Binary, Bson, DateTime, Decimal128, Document, JavaScriptCodeWithScope, Regex, Timestamp,
};
use bson_arrow::{infer_schema, ConflictPolicy, DecoderOptions, FieldType};
use proptest::prelude::*;

fn scalar() -> impl Strategy<Value = Bson> {
    prop_oneof![
        any::<f64>().prop_map(Bson::Double),
        "[a-c\0é]{0,4}".prop_map(Bson::String),
        any::<bool>().prop_map(Bson::Boolean),
        Just(Bson::Null),
        Just(Bson::Undefined),
        any::<i32>().prop_map(Bson::Int32),
        any::<i64>().prop_map(Bson::Int64),
        (-1i64 << 40..1i64 << 40).prop_map(|ms| Bson::DateTime(DateTime::from_millis(ms))),
        any::<[u8; 12]>().prop_map(|b| Bson::ObjectId(ObjectId::from_bytes(b))),
        (any::<u8>(), proptest::collection::vec(any::<u8>(), 0..4)).prop_map(|(s, bytes)| {
            let subtype = BinarySubtype::from(if s == 2 { 0 } else { s });
            Bson::Binary(Binary { subtype, bytes })
        }),
        ("[a-z]{0,3}", "[imsx]{0,2}").prop_map(|(p, o)| Bson::RegularExpression(Regex {
            pattern: p.try_into().unwrap(),
            options: o.try_into().unwrap(),
        })),
        "[a-z]{0,3}".prop_map(Bson::JavaScriptCode),
        "[a-z]{0,3}".prop_map(
            |code| Bson::JavaScriptCodeWithScope(JavaScriptCodeWithScope {
                code,
                scope: bson::doc! { "x": 1 },
            })
        ),
        (any::<u32>(), any::<u32>())
            .prop_map(|(time, increment)| Bson::Timestamp(Timestamp { time, increment })),
        (any::<i32>(), 0u8..4).prop_map(|(n, e)| Bson::Decimal128(
            format!("{n}E-{e}").parse::<Decimal128>().unwrap()
        )),
        Just(Bson::MinKey),
        Just(Bson::MaxKey),
        "[a-z]{1,3}".prop_map(Bson::Symbol),
    ]
}

fn value() -> impl Strategy<Value = Bson> {
    scalar().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Bson::Array),
            proptest::collection::vec(
                (prop_oneof![Just("p"), Just("q"), Just("r.s")], inner),
                0..4
            )
            .prop_map(|fields| Bson::Document(
                fields
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect()
            )),
        ]
    })
}

fn document() -> impl Strategy<Value = Document> {
    proptest::collection::vec(
        (
            prop_oneof![Just("a"), Just("b"), Just("c"), Just("d")],
            value(),
        ),
        0..5,
    )
    .prop_map(|fields| {
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    })
}

/// Checks one cell against the bson crate's reading of the value.
fn check(array: &ArrayRef, row: usize, field_type: &FieldType, value: Option<&Bson>) {
    let value = match value {
        None | Some(Bson::Null) | Some(Bson::Undefined) => {
            // A `Null` array has no validity buffer: all of it is null.
            let null = array.is_null(row) || array.data_type() == &arrow_schema::DataType::Null;
            assert!(null, "expected null, type {field_type:?}");
            return;
        }
        Some(v) => v,
    };
    assert!(array.is_valid(row), "expected {value:?} for {field_type:?}");
    match (field_type, value) {
        (FieldType::String, Bson::String(s) | Bson::Symbol(s)) => {
            assert_eq!(array.as_string::<i32>().value(row), s)
        }
        (FieldType::Text, v) => check_plain_text(array.as_string::<i32>().value(row), v),
        (FieldType::ExtendedJson, other) => {
            assert_eq!(
                array.as_string::<i32>().value(row),
                other.clone().into_canonical_extjson().to_string()
            )
        }
        (FieldType::Double, v) => {
            let got = array.as_primitive::<Float64Type>().value(row);
            let want = match v {
                Bson::Double(d) => *d,
                Bson::Int32(i) => f64::from(*i),
                Bson::Int64(i) => *i as f64,
                o => panic!("{o:?}"),
            };
            assert!(
                got == want || (got.is_nan() && want.is_nan()),
                "{got} vs {want}"
            );
            assert_eq!(got.is_sign_negative(), want.is_sign_negative());
        }
        (FieldType::Int64, v) => assert_eq!(
            Some(array.as_primitive::<Int64Type>().value(row)),
            v.as_i64().or(v.as_i32().map(i64::from))
        ),
        (FieldType::Int32, v) => assert_eq!(
            Some(array.as_primitive::<Int32Type>().value(row)),
            v.as_i32()
        ),
        (FieldType::Bool, Bson::Boolean(b)) => assert_eq!(array.as_boolean().value(row), *b),
        (FieldType::Date(_), Bson::DateTime(d)) => assert_eq!(
            array.as_primitive::<TimestampMillisecondType>().value(row),
            d.timestamp_millis()
        ),
        (FieldType::ObjectId, Bson::ObjectId(id)) => {
            assert_eq!(array.as_string::<i32>().value(row), id.to_hex())
        }
        (FieldType::Decimal128(None), Bson::Decimal128(d)) => {
            assert_eq!(array.as_string::<i32>().value(row), d.to_string())
        }
        (FieldType::Binary { .. }, Bson::Binary(b)) => {
            assert_eq!(array.as_binary::<i32>().value(row), b.bytes.as_slice())
        }
        (FieldType::Code, Bson::JavaScriptCode(c)) => {
            assert_eq!(array.as_string::<i32>().value(row), c)
        }
        (FieldType::Regex, Bson::RegularExpression(r)) => {
            let parts = array.as_struct();
            assert_eq!(
                parts.column(0).as_string::<i32>().value(row),
                r.pattern.as_str()
            );
            assert_eq!(
                parts.column(1).as_string::<i32>().value(row),
                r.options.as_str()
            );
        }
        (FieldType::CodeWithScope, Bson::JavaScriptCodeWithScope(c)) => {
            assert_eq!(
                array.as_struct().column(0).as_string::<i32>().value(row),
                c.code
            );
        }
        (FieldType::Timestamp, Bson::Timestamp(t)) => {
            let parts = array.as_struct();
            assert_eq!(
                parts.column(0).as_primitive::<UInt32Type>().value(row),
                t.time
            );
            assert_eq!(
                parts.column(1).as_primitive::<UInt32Type>().value(row),
                t.increment
            );
        }
        (FieldType::Document(fields), Bson::Document(doc)) => {
            let array = array.as_struct();
            for (i, field) in fields.iter().enumerate() {
                check(
                    array.column(i),
                    row,
                    &field.field_type,
                    doc.get(&field.name),
                );
            }
        }
        (FieldType::List(item), Bson::Array(values)) => {
            let list = array.as_list::<i32>();
            let start = list.value_offsets()[row] as usize;
            assert_eq!(list.value_length(row) as usize, values.len());
            for (i, v) in values.iter().enumerate() {
                check(list.values(), start + i, item, Some(v));
            }
        }
        (FieldType::Map(values), Bson::Document(doc)) => {
            let map = array.as_map();
            let start = map.value_offsets()[row] as usize;
            assert_eq!(map.value_length(row) as usize, doc.len());
            for (i, (key, v)) in doc.iter().enumerate() {
                assert_eq!(map.keys().as_string::<i32>().value(start + i), key);
                check(map.values(), start + i, values, Some(v));
            }
        }
        (t, v) => panic!("inferred {t:?} cannot hold {v:?}"),
    }
}

/// A `text` cell holds the plain text of its value.
fn check_plain_text(text: &str, value: &Bson) {
    match value {
        Bson::String(s) | Bson::Symbol(s) | Bson::JavaScriptCode(s) => assert_eq!(text, s),
        Bson::Int32(v) => assert_eq!(text, v.to_string()),
        Bson::Int64(v) => assert_eq!(text, v.to_string()),
        Bson::Double(v) if v.is_finite() => {
            assert_eq!(
                text.parse::<f64>().unwrap().to_bits(),
                v.to_bits(),
                "{text}"
            )
        }
        Bson::ObjectId(oid) => assert_eq!(text, oid.to_hex()),
        Bson::Boolean(b) => assert_eq!(text, b.to_string()),
        // Relaxed Extended JSON, keys in stored order (dates are checked
        // exactly by the unit tests of relaxed_json.rs).
        Bson::Document(doc) => {
            let parsed: serde_json::Value = serde_json::from_str(text).unwrap();
            let keys: Vec<&str> = parsed
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                doc.keys().map(String::as_str).collect::<Vec<_>>(),
                "{text}"
            );
        }
        Bson::Array(items) => {
            let parsed: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(parsed.as_array().unwrap().len(), items.len(), "{text}");
        }
        _ => assert!(!text.is_empty(), "{value:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn decoding_agrees_with_the_document_model(docs in proptest::collection::vec(document(), 1..12)) {
        let options = DecoderOptions::new().with_conflict_policy(ConflictPolicy::String);
        let bytes = common::to_bytes(&docs);
        let schema = infer_schema(bytes.iter().map(Vec::as_slice), options).unwrap();
        let batch = common::decode_all_ways(&schema, options, &docs);
        // The oracle reads the bytes back rather than trusting `docs`: the
        // serializer normalizes some values (it sorts regex options).
        let reread: Vec<Document> = bytes.iter().map(|b| Document::from_reader(b.as_slice()).unwrap()).collect();
        for (row, doc) in reread.iter().enumerate() {
            for (i, field) in schema.fields.iter().enumerate() {
                check(batch.column(i), row, &field.field_type, doc.get(&field.name));
            }
        }
    }
}
