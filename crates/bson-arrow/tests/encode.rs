//! The Arrow → BSON encoder on cases the round-trip property does not pick
//! by itself: PyMongoArrow's extension forms without a declared schema, Arrow
//! types the decoder never produces, nulls, slices and every error code.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{FixedSizeListBuilder, Int32Builder, LargeListBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{
    Array, ArrayRef, Date32Array, DictionaryArray, DurationSecondArray, Float32Array, Int8Array,
    LargeBinaryArray, LargeStringArray, ListArray, RecordBatch, StringArray, StringViewArray,
    StructArray, TimestampMillisecondArray, UInt32Array, UInt64Array,
};
use arrow_schema::{DataType, Field};
use bson::{doc, Bson, Document};
use bson_arrow::{
    encode_batch, encode_batch_rows, encode_batch_with_offsets, Decimal128Representation, Decoder,
    DecoderOptions, EncoderOptions, NullFields, ObjectIdRepresentation, SchemaSpec,
};

fn spec(json: &str) -> SchemaSpec {
    SchemaSpec::from_json(json).unwrap()
}

fn decode(spec: &SchemaSpec, options: DecoderOptions, docs: &[Document]) -> RecordBatch {
    let mut decoder = Decoder::with_options(spec.clone(), options);
    for d in docs {
        decoder
            .decode_document(&bson::serialize_to_vec(d).unwrap(), 0)
            .unwrap();
    }
    decoder.flush().unwrap().unwrap()
}

/// The documents of concatenated BSON, read by the bson crate.
fn documents(mut bytes: &[u8]) -> Vec<Document> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let length = i32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        out.push(Document::from_reader(&bytes[..length]).unwrap());
        bytes = &bytes[length..];
    }
    out
}

fn encode(batch: &RecordBatch) -> Vec<Document> {
    documents(&encode_batch(batch, &EncoderOptions::new()).unwrap())
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(columns).unwrap()
}

#[test]
fn pymongoarrow_forms_need_no_declared_schema() {
    let spec = spec(
        r#"{"fields":[{"name":"_id","type":"objectId"},{"name":"d","type":"decimal128"},
        {"name":"b","type":{"type":"binary","subtype":128}},{"name":"c","type":"code"},
        {"name":"r","type":"regex"},{"name":"t","type":"timestamp"},
        {"name":"w","type":"codeWithScope"},
        {"name":"ns","type":{"type":"date","unit":"ns","timezone":"Asia/Tokyo"}}]}"#,
    );
    let options = DecoderOptions::new()
        .with_object_id(ObjectIdRepresentation::Binary)
        .with_decimal128(Decimal128Representation::Binary);
    let original = vec![
        doc! {
            "_id": bson::oid::ObjectId::new(),
            "d": "-1.05E+3".parse::<bson::Decimal128>().unwrap(),
            "b": bson::Binary { subtype: 0x80.into(), bytes: vec![1, 2] },
            "c": Bson::JavaScriptCode("f()".into()),
            "r": bson::Regex { pattern: "a.*".try_into().unwrap(), options: "im".try_into().unwrap() },
            "t": bson::Timestamp { time: 7, increment: 9 },
            "w": bson::JavaScriptCodeWithScope { code: "x".into(), scope: doc! { "x": 1 } },
            "ns": bson::DateTime::from_millis(-1),
        },
        doc! {},
    ];
    let batch = decode(&spec, options, &original);
    // The exact BSON comes back: types from the Arrow layout and metadata alone.
    assert_eq!(encode(&batch), original);
}

#[test]
fn a_document_of_required_fields_named_like_a_pair_stays_a_document() {
    // The same Arrow layout as a regex and as code with scope: two
    // non-nullable Utf8 children. Only the regex column carries its tag.
    let spec = spec(
        r#"{"fields":[{"name":"r","type":"regex"},
        {"name":"look","type":{"fields":[{"name":"pattern","type":"string","nullable":false},
            {"name":"options","type":"string","nullable":false}]}},
        {"name":"cws","type":{"fields":[{"name":"code","type":"string","nullable":false},
            {"name":"scope","type":"string","nullable":false}]}}]}"#,
    );
    let original = vec![doc! {
        "r": bson::Regex { pattern: "^a".try_into().unwrap(), options: "i".try_into().unwrap() },
        "look": { "pattern": "^a", "options": "i" },
        "cws": { "code": "x", "scope": "{}" },
    }];
    let batch = decode(&spec, DecoderOptions::new(), &original);
    let look = batch.schema().field(1).clone();
    let DataType::Struct(parts) = look.data_type() else {
        panic!("look is a struct")
    };
    assert!(parts.iter().all(|f| !f.is_nullable()));
    assert_eq!(encode(&batch), original);
}

#[test]
fn a_pair_tag_on_a_struct_of_another_layout_is_an_error() {
    let parts = StructArray::from(vec![(
        Arc::new(Field::new("pattern", DataType::Utf8, false)),
        Arc::new(StringArray::from(vec!["^a"])) as ArrayRef,
    )]);
    let field = Field::new("r", parts.data_type().clone(), true).with_metadata(HashMap::from([(
        "ARROW:extension:name".to_string(),
        "mongodb-arrow.regex".to_string(),
    )]));
    let schema = Arc::new(arrow_schema::Schema::new(vec![field]));
    let batch = RecordBatch::try_new(schema, vec![Arc::new(parts)]).unwrap();
    let err = encode_batch(&batch, &EncoderOptions::new()).unwrap_err();
    assert_eq!(err.code(), "UNSUPPORTED_TYPE");
    assert!(
        err.to_string().contains("tagged mongodb-arrow.regex"),
        "{err}"
    );
}

#[test]
fn text_layouts_are_tagged_so_that_they_go_back_as_their_bson_type() {
    let spec = spec(
        r#"{"fields":[{"name":"_id","type":"objectId"},{"name":"u","type":"uuid"},
        {"name":"j","type":"extendedJson"}]}"#,
    );
    let id = bson::oid::ObjectId::new();
    let uuid = bson::Uuid::new();
    let original = vec![doc! { "_id": id, "u": uuid, "j": Bson::MinKey }];
    let batch = decode(&spec, DecoderOptions::new(), &original);
    // The decoder's field metadata says what the text stands for.
    assert_eq!(encode(&batch), original);
    // Without the tags (a table from elsewhere), text is text unless a schema says otherwise.
    let untagged = strip_metadata(&batch);
    assert_eq!(
        encode(&untagged),
        [doc! { "_id": id.to_hex(), "u": uuid.to_string(), "j": r#"{"$minKey":1}"# }]
    );
    let with_schema = EncoderOptions::new().with_schema(spec);
    assert_eq!(
        documents(&encode_batch(&untagged, &with_schema).unwrap()),
        original
    );
}

/// The batch with no field metadata, as a table made by another tool has.
fn strip_metadata(batch: &RecordBatch) -> RecordBatch {
    let fields: Vec<_> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone().with_metadata(HashMap::new()))
        .collect();
    let schema = Arc::new(arrow_schema::Schema::new(fields));
    RecordBatch::try_new(schema, batch.columns().to_vec()).unwrap()
}

#[test]
fn rows_that_cannot_be_encoded_fail_alone() {
    let ids: ArrayRef = Arc::new(StringArray::from(vec![
        "00000000000000000000000a",
        "nope",
        "00000000000000000000000b",
    ]));
    let at: ArrayRef = Arc::new(
        TimestampMillisecondArray::from(vec![0, i64::MAX, 9_000_000_000_000_000])
            .with_timezone("UTC"),
    );
    let batch = batch(vec![("_id", ids), ("at", at)]);
    let spec = spec(r#"{"fields":[{"name":"_id","type":"objectId"}]}"#);
    let options = EncoderOptions::new()
        .with_schema(spec)
        .with_js_date_range(true);
    let encoded = encode_batch_rows(&batch, &options).unwrap();
    let failed: Vec<usize> = encoded.failures.iter().map(|(row, _)| *row).collect();
    assert_eq!(failed, [1, 2]);
    assert!(encoded
        .failures
        .iter()
        .all(|(_, e)| e.code() == "INVALID_VALUE"));
    assert_eq!(encoded.offsets[1], encoded.offsets[2]);
    assert_eq!(encoded.offsets[2], encoded.offsets[3]);
    assert_eq!(documents(&encoded.bytes).len(), 1);
    // Without the JavaScript range, only the unparsable ObjectId fails.
    let options = EncoderOptions::new().with_schema(spec_of_id());
    let failed: Vec<usize> = encode_batch_rows(&batch, &options)
        .unwrap()
        .failures
        .iter()
        .map(|(r, _)| *r)
        .collect();
    assert_eq!(failed, [1]);
}

fn spec_of_id() -> SchemaSpec {
    spec(r#"{"fields":[{"name":"_id","type":"objectId"}]}"#)
}

#[test]
fn arrow_types_the_decoder_never_makes_are_written_too() {
    let mut large_list = LargeListBuilder::new(Int32Builder::new());
    large_list.append_value([Some(1), None]);
    let mut fixed_list = FixedSizeListBuilder::new(Int32Builder::new(), 2);
    fixed_list.values().append_slice(&[3, 4]);
    fixed_list.append(true);
    let dictionary: DictionaryArray<Int32Type> = vec!["red"].into_iter().collect();
    let batch = batch(vec![
        ("i8", Arc::new(Int8Array::from(vec![-8]))),
        ("u32", Arc::new(UInt32Array::from(vec![u32::MAX]))),
        ("u64", Arc::new(UInt64Array::from(vec![7]))),
        ("f32", Arc::new(Float32Array::from(vec![0.5]))),
        ("ls", Arc::new(LargeStringArray::from(vec!["large"]))),
        ("sv", Arc::new(StringViewArray::from(vec!["view"]))),
        ("lb", Arc::new(LargeBinaryArray::from_vec(vec![b"\x01"]))),
        ("ll", Arc::new(large_list.finish())),
        ("fl", Arc::new(fixed_list.finish())),
        ("day", Arc::new(Date32Array::from(vec![1]))),
        ("dict", Arc::new(dictionary)),
    ]);
    let binary = bson::Binary {
        subtype: bson::spec::BinarySubtype::Generic,
        bytes: vec![1],
    };
    assert_eq!(
        encode(&batch),
        [doc! {
            "i8": -8, "u32": i64::from(u32::MAX), "u64": 7i64, "f32": 0.5, "ls": "large",
            "sv": "view", "lb": binary, "ll": [1, Bson::Null], "fl": [3, 4],
            "day": bson::DateTime::from_millis(86_400_000), "dict": "red",
        }]
    );
}

#[test]
fn null_fields_are_omitted_or_written_and_null_items_always_kept() {
    let spec = spec(
        r#"{"fields":[{"name":"s","type":{"fields":[{"name":"a","type":"int32"}]}},
        {"name":"l","type":{"items":"string"}}]}"#,
    );
    let original = vec![
        doc! { "s": { "a": Bson::Null }, "l": [Bson::Null, "x"] },
        doc! { "s": Bson::Null },
    ];
    let batch = decode(&spec, DecoderOptions::new(), &original);
    assert_eq!(
        encode(&batch),
        [doc! { "s": {}, "l": [Bson::Null, "x"] }, doc! {}]
    );
    let write = EncoderOptions::new().with_null_fields(NullFields::Write);
    assert_eq!(
        documents(&encode_batch(&batch, &write).unwrap()),
        [
            doc! { "s": { "a": Bson::Null }, "l": [Bson::Null, "x"] },
            doc! { "s": Bson::Null, "l": Bson::Null },
        ]
    );
}

#[test]
fn a_slice_encodes_its_own_rows_with_offsets() {
    let batch = batch(vec![(
        "s",
        Arc::new(StringArray::from(vec!["a", "bb", "ccc"])) as ArrayRef,
    )]);
    let encoded = encode_batch_with_offsets(&batch.slice(1, 2), &EncoderOptions::new()).unwrap();
    assert_eq!(
        documents(&encoded.bytes),
        [doc! { "s": "bb" }, doc! { "s": "ccc" }]
    );
    assert_eq!(encoded.offsets, [0, 15, 31]);
}

#[test]
fn types_without_a_bson_form_are_unsupported_naming_the_column() {
    let inner = StructArray::from(vec![(
        Arc::new(Field::new(
            "d",
            DataType::Duration(arrow_schema::TimeUnit::Second),
            true,
        )),
        Arc::new(DurationSecondArray::from(vec![1])) as ArrayRef,
    )]);
    let error =
        encode_batch(&batch(vec![("s", Arc::new(inner))]), &EncoderOptions::new()).unwrap_err();
    assert_eq!(error.code(), "UNSUPPORTED_TYPE");
    assert!(error.to_string().contains("column 's.d'"), "{error}");

    let ints = batch(vec![("x", Arc::new(Int8Array::from(vec![1])) as ArrayRef)]);
    let declared =
        EncoderOptions::new().with_schema(spec(r#"{"fields":[{"name":"x","type":"objectId"}]}"#));
    let error = encode_batch(&ints, &declared).unwrap_err();
    assert_eq!(error.code(), "UNSUPPORTED_TYPE");
    assert!(
        error.to_string().contains("declared type objectId"),
        "{error}"
    );
}

#[test]
fn values_without_a_bson_form_are_invalid_naming_path_and_row() {
    let ids = batch(vec![(
        "_id",
        Arc::new(StringArray::from(vec!["0123456789abcdef01234567", "nope"])) as ArrayRef,
    )]);
    let declared =
        EncoderOptions::new().with_schema(spec(r#"{"fields":[{"name":"_id","type":"objectId"}]}"#));
    let error = encode_batch(&ids, &declared).unwrap_err();
    assert_eq!(error.code(), "INVALID_VALUE");
    assert!(
        matches!(&error, bson_arrow::Error::InvalidValue { path, row: 1, .. } if path == "_id")
    );

    let values = UInt64Array::from(vec![1, 2, u64::MAX]);
    let list = ListArray::new(
        Arc::new(Field::new("item", DataType::UInt64, true)),
        arrow_buffer::OffsetBuffer::from_lengths([3]),
        Arc::new(values),
        None,
    );
    let error =
        encode_batch(&batch(vec![("a", Arc::new(list))]), &EncoderOptions::new()).unwrap_err();
    assert!(
        matches!(&error, bson_arrow::Error::InvalidValue { path, row: 0, .. } if path == "a[2]"),
        "{error}"
    );
}

#[test]
fn decimals_beyond_thirty_four_digits_and_nul_keys_are_refused() {
    let decimals = arrow_array::Decimal128Array::from(vec![10i128.pow(37) + 1])
        .with_precision_and_scale(38, 0)
        .unwrap();
    let error = encode_batch(
        &batch(vec![("d", Arc::new(decimals))]),
        &EncoderOptions::new(),
    )
    .unwrap_err();
    assert_eq!(error.code(), "INVALID_VALUE");

    let field = Field::new("a\0b", DataType::Int8, true).with_metadata(HashMap::new());
    let schema = Arc::new(arrow_schema::Schema::new(vec![field]));
    let nul_key = RecordBatch::try_new(schema, vec![Arc::new(Int8Array::from(vec![1]))]).unwrap();
    assert_eq!(
        encode_batch(&nul_key, &EncoderOptions::new())
            .unwrap_err()
            .code(),
        "INVALID_SCHEMA"
    );
}

#[test]
fn seconds_before_the_earliest_bson_millisecond_cannot_be_written() {
    // Decoding to seconds rounds down, past i64::MIN milliseconds.
    let spec = spec(r#"{"fields":[{"name":"t","type":{"type":"date","unit":"s"}}]}"#);
    let batch = decode(
        &spec,
        DecoderOptions::new(),
        &[doc! { "t": bson::DateTime::MIN }],
    );
    let error = encode_batch(&batch, &EncoderOptions::new()).unwrap_err();
    assert_eq!(error.code(), "INVALID_VALUE");
}
