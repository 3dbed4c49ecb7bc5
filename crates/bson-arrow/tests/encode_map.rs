//! Arrow maps written as embedded documents: what the round-trip property
//! does not pick by itself (maps the decoder never makes, nulls under each
//! option, keys that are not text, errors naming the key).

use std::sync::Arc;

use arrow_array::builder::{Int32Builder, LargeStringBuilder, MapBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, Int32Array, MapArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields};
use bson::{doc, Bson, Document};
use bson_arrow::{encode_batch, Decoder, EncoderOptions, NullFields, SchemaSpec};

fn documents(mut bytes: &[u8]) -> Vec<Document> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let length = i32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        out.push(Document::from_reader(&bytes[..length]).unwrap());
        bytes = &bytes[length..];
    }
    out
}

fn one_column(name: &str, array: ArrayRef) -> RecordBatch {
    RecordBatch::try_from_iter([(name, array)]).unwrap()
}

/// One map row's entries.
type Entries<'a> = &'a [(&'a str, Option<i32>)];

/// Rows of `(key, value)` entries; `None` is a null map.
fn int_map(rows: &[Option<Entries<'_>>]) -> ArrayRef {
    let mut builder = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
    for row in rows {
        for (key, value) in row.iter().copied().flatten() {
            builder.keys().append_value(key);
            builder.values().append_option(*value);
        }
        builder.append(row.is_some()).unwrap();
    }
    Arc::new(builder.finish())
}

#[test]
fn a_null_map_follows_the_null_option_and_null_values_are_always_written() {
    let m = int_map(&[Some(&[("2021", Some(3)), ("2022", None)]), Some(&[]), None]);
    let batch = one_column("m", m);
    let omit = documents(&encode_batch(&batch, &EncoderOptions::new()).unwrap());
    assert_eq!(
        omit,
        [
            doc! { "m": { "2021": 3, "2022": Bson::Null } },
            doc! { "m": {} },
            doc! {}
        ]
    );
    let write = EncoderOptions::new().with_null_fields(NullFields::Write);
    let write = documents(&encode_batch(&batch, &write).unwrap());
    assert_eq!(write[2], doc! { "m": Bson::Null });
}

#[test]
fn large_utf8_keys_and_a_declared_value_type() {
    let mut builder = MapBuilder::new(None, LargeStringBuilder::new(), StringBuilder::new());
    builder.keys().append_value("owner");
    builder.values().append_value("0123456789abcdef01234567");
    builder.append(true).unwrap();
    let batch = one_column("ids", Arc::new(builder.finish()));
    let spec = SchemaSpec::from_json(
        r#"{"fields":[{"name":"ids","type":{"type":"map","values":"objectId"}}]}"#,
    )
    .unwrap();
    let options = EncoderOptions::new().with_schema(spec.clone());
    let bytes = encode_batch(&batch, &options).unwrap();
    let id = bson::oid::ObjectId::parse_str("0123456789abcdef01234567").unwrap();
    assert_eq!(documents(&bytes), [doc! { "ids": { "owner": id } }]);

    // And back: the decoder reads the document as the declared map.
    let mut decoder = Decoder::new(spec);
    decoder.decode_concatenated(&bytes).unwrap();
    let decoded = decoder.flush().unwrap().unwrap();
    assert!(matches!(
        decoded.schema().field(0).data_type(),
        DataType::Map(..)
    ));
}

#[test]
fn keys_that_are_not_text_are_unsupported_naming_the_column() {
    let entries = StructArray::new(
        Fields::from(vec![
            Field::new("keys", DataType::Int32, false),
            Field::new("values", DataType::Int32, true),
        ]),
        vec![
            Arc::new(Int32Array::from(vec![1])),
            Arc::new(Int32Array::from(vec![2])),
        ],
        None,
    );
    let field = Arc::new(Field::new("entries", entries.data_type().clone(), false));
    let map = MapArray::try_new(field, OffsetBuffer::from_lengths([1]), entries, None, false);
    let outer = StructArray::from(vec![(
        Arc::new(Field::new(
            "m",
            map.as_ref().unwrap().data_type().clone(),
            true,
        )),
        Arc::new(map.unwrap()) as ArrayRef,
    )]);
    let error =
        encode_batch(&one_column("s", Arc::new(outer)), &EncoderOptions::new()).unwrap_err();
    assert_eq!(error.code(), "UNSUPPORTED_TYPE");
    assert!(error.to_string().contains("column 's.m'"), "{error}");
}

#[test]
fn a_declared_map_needs_a_map_column() {
    let batch = one_column("m", Arc::new(Int32Array::from(vec![1])));
    let spec = SchemaSpec::from_json(
        r#"{"fields":[{"name":"m","type":{"type":"map","values":"int32"}}]}"#,
    )
    .unwrap();
    let error = encode_batch(&batch, &EncoderOptions::new().with_schema(spec)).unwrap_err();
    assert_eq!(error.code(), "UNSUPPORTED_TYPE");
    assert!(
        error.to_string().contains("declared type map<int32>"),
        "{error}"
    );
}

#[test]
fn a_value_that_cannot_be_written_names_its_key_and_row() {
    let mut builder = MapBuilder::new(
        None,
        StringBuilder::new(),
        arrow_array::builder::UInt64Builder::new(),
    );
    builder.append(true).unwrap();
    builder.keys().append_value("ok");
    builder.values().append_value(1);
    builder.keys().append_value("x.y");
    builder.values().append_value(u64::MAX);
    builder.append(true).unwrap();
    let error = encode_batch(
        &one_column("m", Arc::new(builder.finish())),
        &EncoderOptions::new(),
    )
    .unwrap_err();
    assert!(
        matches!(&error, bson_arrow::Error::InvalidValue { path, row: 1, .. } if path == r#"m["x.y"]"#),
        "{error}"
    );
}
