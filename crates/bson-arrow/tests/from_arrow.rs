//! Arrow → schema, the inverse of the schema's Arrow layout, also through IPC.

mod common;

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Fields, Schema};
use bson_arrow::{
    batch_to_ipc_stream, schema_of_ipc_stream, DecoderOptions, FieldSpec, FieldType,
    ObjectIdRepresentation, SchemaSpec, MAX_NESTING_DEPTH,
};
use common::spec;

fn via_ipc(schema: &Schema) -> Schema {
    let ipc = batch_to_ipc_stream(&RecordBatch::new_empty(schema.clone().into())).unwrap();
    schema_of_ipc_stream(&ipc).unwrap()
}

#[test]
fn every_type_a_schema_writes_reads_back_as_itself() {
    let declared = spec(
        r#"{"fields":[
        {"name":"n","type":"null"},{"name":"d","type":"double"},{"name":"i","type":"int32"},
        {"name":"l","type":"int64"},{"name":"b","type":"bool"},{"name":"s","type":"string"},
        {"name":"at","type":{"type":"date","unit":"us","timezone":null}},
        {"name":"id","type":"objectId"},{"name":"code","type":"code"},
        {"name":"dec","type":{"type":"decimal128","precision":10,"scale":2}},
        {"name":"bin","type":"binary"},{"name":"re","type":"regex"},
        {"name":"ts","type":"timestamp"},{"name":"cws","type":"codeWithScope"},
        {"name":"doc","type":{"type":"document","fields":[{"name":"x","type":"double"}]}},
        {"name":"list","type":{"type":"list","items":"int32"}},
        {"name":"map","type":{"type":"map","values":{"type":"list","items":"string"}}}
    ]}"#,
    );
    // ObjectIds carry their extension name either way: FixedSizeBinary(12), or hex text.
    let binary_ids = DecoderOptions::default().with_object_id(ObjectIdRepresentation::Binary);
    let arrow = declared.arrow_schema(&binary_ids);
    assert_eq!(SchemaSpec::from_arrow(&arrow).unwrap(), declared);
    assert_eq!(SchemaSpec::from_arrow(&via_ipc(&arrow)).unwrap(), declared);
    let hex = declared.arrow_schema(&DecoderOptions::default());
    assert_eq!(SchemaSpec::from_arrow(&via_ipc(&hex)).unwrap(), declared);
    let id = hex.field_with_name("id").unwrap();
    assert_eq!(id.data_type(), &DataType::Utf8);
    // Without the tag (a schema from elsewhere), text is a string.
    let untagged = Schema::new(vec![Field::new("id", DataType::Utf8, true)]);
    let id = &SchemaSpec::from_arrow(&untagged).unwrap().fields[0];
    assert_eq!(id.field_type, FieldType::String);
}

#[test]
fn a_schema_of_the_deepest_nesting_crosses_ipc() {
    // arrow-rs builds and reads nested arrays and IPC schemas recursively: in a
    // release build this fits a 2 MiB thread (Node's main thread has 8 MiB), in
    // a debug build's larger frames it does not.
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(deepest_nesting)
        .unwrap()
        .join()
        .unwrap();
}

fn deepest_nesting() {
    let mut field_type = FieldType::Double;
    for _ in 1..MAX_NESTING_DEPTH {
        field_type = FieldType::Document(vec![FieldSpec::new("a", field_type)]);
    }
    let declared = SchemaSpec::new(vec![FieldSpec::new("a", field_type)]).unwrap();
    let arrow = declared.arrow_schema(&DecoderOptions::default());
    assert_eq!(SchemaSpec::from_arrow(&via_ipc(&arrow)).unwrap(), declared);
}

#[test]
fn an_arrow_type_without_a_bson_mapping_names_the_field() {
    let entries = Field::new(
        "entries",
        DataType::Struct(Fields::from(vec![
            Field::new("keys", DataType::Int32, false),
            Field::new("values", DataType::Utf8, true),
        ])),
        false,
    );
    let schema = Schema::new(vec![Field::new(
        "doc",
        DataType::Struct(Fields::from(vec![Field::new(
            "m",
            DataType::Map(entries.into(), false),
            true,
        )])),
        true,
    )]);
    let err = SchemaSpec::from_arrow(&schema).unwrap_err();
    assert_eq!(err.code(), "UNSUPPORTED_TYPE");
    assert!(err.to_string().contains("field 'doc.m'"), "{err}");
    let uint = Schema::new(vec![Field::new("u", DataType::UInt8, true)]);
    assert_eq!(
        SchemaSpec::from_arrow(&uint).unwrap_err().code(),
        "UNSUPPORTED_TYPE"
    );
}
