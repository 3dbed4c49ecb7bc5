//! Every BSON type's mapping, with edge values, each decoded in batches of
//! several sizes.

mod common;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Float64Type, Int32Type, Int64Type, TimestampMillisecondType, UInt32Type,
};
use arrow_array::Array;
use arrow_schema::DataType;
use bson::oid::ObjectId;
use bson::spec::BinarySubtype;
use bson::{doc, Binary, Bson, DateTime, Decimal128, JavaScriptCodeWithScope, Regex, Timestamp};
use bson_arrow::{Decimal128Representation, DecoderOptions, ObjectIdRepresentation};
use common::{decode_all_ways, decode_error, spec};

fn one_column(type_json: &str) -> bson_arrow::SchemaSpec {
    spec(&format!(
        r#"{{"fields":[{{"name":"v","type":{type_json}}}]}}"#
    ))
}

fn docs_of(values: Vec<Bson>) -> Vec<bson::Document> {
    values.into_iter().map(|v| doc! { "v": v }).collect()
}

#[test]
fn doubles_keep_nan_infinities_and_negative_zero() {
    let values = vec![
        Bson::Double(f64::NAN),
        Bson::Double(f64::INFINITY),
        Bson::Double(f64::NEG_INFINITY),
        Bson::Double(-0.0),
        Bson::Null,
        Bson::Int32(3),
    ];
    let batch = decode_all_ways(
        &one_column(r#""double""#),
        DecoderOptions::default(),
        &docs_of(values),
    );
    let column = batch.column(0).as_primitive::<Float64Type>();
    assert!(column.value(0).is_nan());
    assert_eq!(column.value(1), f64::INFINITY);
    assert_eq!(column.value(2), f64::NEG_INFINITY);
    assert!(column.value(3) == 0.0 && column.value(3).is_sign_negative());
    assert!(column.is_null(4));
    assert_eq!(column.value(5), 3.0);
}

#[test]
fn integers_keep_their_extremes() {
    let values = vec![
        Bson::Int64(i64::MIN),
        Bson::Int64(i64::MAX),
        Bson::Int32(i32::MIN),
    ];
    let batch = decode_all_ways(
        &one_column(r#""int64""#),
        DecoderOptions::default(),
        &docs_of(values),
    );
    assert_eq!(
        batch.column(0).as_primitive::<Int64Type>().values(),
        &[i64::MIN, i64::MAX, i64::from(i32::MIN)]
    );
    let values = vec![Bson::Int32(i32::MIN), Bson::Int32(i32::MAX)];
    let batch = decode_all_ways(
        &one_column(r#""int32""#),
        DecoderOptions::default(),
        &docs_of(values),
    );
    assert_eq!(
        batch.column(0).as_primitive::<Int32Type>().values(),
        &[i32::MIN, i32::MAX]
    );
}

#[test]
fn int64_enters_a_double_column_only_while_every_neighbour_is_exact() {
    // |v| <= 2^53 is the rule; i64::MIN has no positive counterpart, so the
    // check must not negate it (it was `abs()`: an overflow panic, an
    // INTERNAL error, under overflow checks).
    let double = one_column(r#""double""#);
    for v in [
        i64::MIN,
        i64::MIN + 1,
        -(1 << 53) - 1,
        (1 << 53) + 1,
        i64::MAX,
    ] {
        let err = decode_error(
            &double,
            DecoderOptions::default(),
            &docs_of(vec![Bson::Int64(v)]),
        );
        assert_eq!(err.code(), "TYPE_CONFLICT", "{v}");
        assert!(err.to_string().contains("found BSON long"), "{err}");
    }
    let edges = docs_of(vec![Bson::Int64(-(1 << 53)), Bson::Int64(1 << 53)]);
    let batch = decode_all_ways(&double, DecoderOptions::default(), &edges);
    assert_eq!(
        batch.column(0).as_primitive::<Float64Type>().values(),
        &[-9_007_199_254_740_992.0, 9_007_199_254_740_992.0]
    );
    let null = DecoderOptions::new().with_conflict_policy(bson_arrow::ConflictPolicy::Null);
    let batch = decode_all_ways(&double, null, &docs_of(vec![Bson::Int64(i64::MIN)]));
    assert!(batch.column(0).is_null(0));
}

#[test]
fn strings_symbols_and_undefined() {
    let values = vec![
        Bson::String(String::new()),
        Bson::String("a\0b".into()),
        Bson::Symbol("sym".into()),
        Bson::Undefined,
    ];
    let batch = decode_all_ways(
        &one_column(r#""string""#),
        DecoderOptions::default(),
        &docs_of(values),
    );
    let column = batch.column(0).as_string::<i32>();
    assert_eq!(column.value(0), "");
    assert_eq!(column.value(1), "a\0b");
    assert_eq!(column.value(2), "sym");
    assert!(column.is_null(3));
}

#[test]
fn object_ids_as_hex_or_tagged_bytes() {
    let id = ObjectId::new();
    let docs = docs_of(vec![Bson::ObjectId(id)]);
    let batch = decode_all_ways(
        &one_column(r#""objectId""#),
        DecoderOptions::default(),
        &docs,
    );
    assert_eq!(batch.column(0).as_string::<i32>().value(0), id.to_hex());

    let options = DecoderOptions::new().with_object_id(ObjectIdRepresentation::Binary);
    let batch = decode_all_ways(&one_column(r#""objectId""#), options, &docs);
    assert_eq!(batch.column(0).as_fixed_size_binary().value(0), id.bytes());
    let field = batch.schema().field(0).clone();
    assert_eq!(
        field.metadata()["ARROW:extension:name"],
        "pymongoarrow.objectid"
    );
}

#[test]
fn dates_default_to_utc_milliseconds() {
    let docs = docs_of(vec![Bson::DateTime(DateTime::from_millis(
        -62_135_596_800_001,
    ))]);
    let batch = decode_all_ways(&one_column(r#""date""#), DecoderOptions::default(), &docs);
    let column = batch.column(0).as_primitive::<TimestampMillisecondType>();
    assert_eq!(column.value(0), -62_135_596_800_001);
    assert_eq!(column.timezone(), Some("UTC"));
    let batch = decode_all_ways(
        &one_column(r#"{"type":"date","unit":"us","timezone":null}"#),
        DecoderOptions::default(),
        &docs,
    );
    assert_eq!(
        batch.schema().field(0).data_type(),
        &DataType::Timestamp(arrow_schema::TimeUnit::Microsecond, None)
    );
}

#[test]
fn decimals_in_every_representation() {
    let values: Vec<Bson> = ["1.5", "-0", "NaN", "1E+6000"]
        .iter()
        .map(|s| Bson::Decimal128(s.parse::<Decimal128>().unwrap()))
        .collect();
    let docs = docs_of(values);
    let batch = decode_all_ways(
        &one_column(r#""decimal128""#),
        DecoderOptions::default(),
        &docs,
    );
    let strings: Vec<_> = batch
        .column(0)
        .as_string::<i32>()
        .iter()
        .flatten()
        .collect();
    assert_eq!(strings, ["1.5", "-0", "NaN", "1E+6000"]);

    let options = DecoderOptions::new().with_decimal128(Decimal128Representation::Binary);
    let batch = decode_all_ways(&one_column(r#""decimal128""#), options, &docs);
    assert_eq!(
        batch.schema().field(0).metadata()["ARROW:extension:name"],
        "pymongoarrow.decimal128"
    );

    let exact = docs_of(vec![Bson::Decimal128("12.5".parse().unwrap())]);
    let batch = decode_all_ways(
        &one_column(r#"{"type":"decimal128","precision":6,"scale":2}"#),
        DecoderOptions::default(),
        &exact,
    );
    assert_eq!(
        batch.column(0).as_primitive::<Decimal128Type>().value(0),
        1250
    );
    let err = decode_error(
        &one_column(r#"{"type":"decimal128","precision":6,"scale":2}"#),
        DecoderOptions::default(),
        &docs,
    );
    assert_eq!(err.code(), "TYPE_CONFLICT");
    assert!(err.to_string().contains("document 2"), "{err}");
}

#[test]
fn binary_uuid_code_regex_timestamp_and_the_rest() {
    let uuid = bson::Uuid::new();
    let doc = doc! {
        "bin": Binary { subtype: BinarySubtype::Generic, bytes: vec![0, 1, 2] },
        "uuid": Binary { subtype: BinarySubtype::Uuid, bytes: uuid.bytes().to_vec() },
        "code": Bson::JavaScriptCode("f()".into()),
        "scoped": Bson::JavaScriptCodeWithScope(JavaScriptCodeWithScope { code: "g()".into(), scope: doc! { "x": 1 } }),
        "re": Regex { pattern: "^a".to_string().try_into().unwrap(), options: "i".to_string().try_into().unwrap() },
        "ts": Timestamp { time: u32::MAX, increment: 7 },
        "min": Bson::MinKey,
        "max": Bson::MaxKey,
    };
    let schema = spec(
        r#"{"fields":[
        {"name":"bin","type":{"type":"binary","subtype":0}},
        {"name":"uuid","type":"uuid"},
        {"name":"code","type":"code"},
        {"name":"scoped","type":"codeWithScope"},
        {"name":"re","type":"regex"},
        {"name":"ts","type":"timestamp"},
        {"name":"min","type":"extendedJson"},
        {"name":"max","type":"extendedJson"}]}"#,
    );
    let batch = decode_all_ways(&schema, DecoderOptions::default(), &[doc.clone(), doc! {}]);
    assert_eq!(batch.column(0).as_binary::<i32>().value(0), &[0, 1, 2]);
    assert_eq!(
        batch.schema().field(0).metadata()["ARROW:extension:metadata"],
        "subtype=0"
    );
    assert_eq!(
        batch.column(1).as_string::<i32>().value(0),
        uuid.to_string()
    );
    assert_eq!(batch.column(2).as_string::<i32>().value(0), "f()");
    assert_eq!(
        batch.schema().field(2).metadata()["ARROW:extension:name"],
        "pymongoarrow.code"
    );
    let scoped = batch.column(3).as_struct();
    assert_eq!(scoped.column(0).as_string::<i32>().value(0), "g()");
    assert_eq!(
        scoped.column(1).as_string::<i32>().value(0),
        r#"{"x":{"$numberInt":"1"}}"#
    );
    let re = batch.column(4).as_struct();
    assert_eq!(re.column(0).as_string::<i32>().value(0), "^a");
    assert_eq!(re.column(1).as_string::<i32>().value(0), "i");
    let ts = batch.column(5).as_struct();
    assert_eq!(ts.column(0).as_primitive::<UInt32Type>().value(0), u32::MAX);
    assert_eq!(ts.column(1).as_primitive::<UInt32Type>().value(0), 7);
    assert!(ts.is_null(1));
    assert_eq!(
        batch.column(6).as_string::<i32>().value(0),
        r#"{"$minKey":1}"#
    );
    assert_eq!(
        batch.column(7).as_string::<i32>().value(0),
        r#"{"$maxKey":1}"#
    );
    for column in batch.columns() {
        assert!(column.is_null(1), "missing fields are null");
    }
}

#[test]
fn null_columns_take_only_nulls() {
    let docs = docs_of(vec![Bson::Null, Bson::Undefined]);
    let batch = decode_all_ways(&one_column(r#""null""#), DecoderOptions::default(), &docs);
    assert_eq!(batch.column(0).len(), 2);
    let err = decode_error(
        &one_column(r#""null""#),
        DecoderOptions::default(),
        &docs_of(vec![Bson::Int32(1)]),
    );
    assert!(
        err.to_string().contains("column is null, found BSON int"),
        "{err}"
    );
}
