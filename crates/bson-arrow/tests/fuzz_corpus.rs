//! Replays the fuzz seeds and every crash reproducer kept beside them
//! (`fuzz/corpus/<target>/*.bson`) under `cargo test`, with the checks of
//! the fuzz targets, so a fixed crash stays fixed without running libFuzzer.
//!
//! `decode` inputs: byte 0 is the length of an arbitrary-schema prefix; the
//! seeds use 0 (schema inferred), which is what is replayed here. `infer`
//! inputs: byte 0 picks the options, the rest are documents.

use std::path::PathBuf;

use bson_arrow::{
    encode_batch, ConflictPolicy, Decoder, DecoderOptions, EncoderOptions, FieldType,
    SchemaInferrer, SchemaSpec,
};

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "bson"))
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
}

fn options(byte: u8) -> DecoderOptions {
    let policy = [
        ConflictPolicy::Error,
        ConflictPolicy::Null,
        ConflictPolicy::String,
    ];
    DecoderOptions::new().with_conflict_policy(policy[usize::from(byte % 3)])
}

fn infer(options: DecoderOptions, bytes: &[u8]) -> Option<SchemaSpec> {
    let mut inferrer = SchemaInferrer::new(options);
    inferrer.observe_concatenated(bytes).ok()?;
    Some(inferrer.schema())
}

fn has_text_forms(field_type: &FieldType) -> bool {
    match field_type {
        FieldType::ExtendedJson | FieldType::CodeWithScope | FieldType::Regex => true,
        FieldType::Document(fields) => fields.iter().any(|f| has_text_forms(&f.field_type)),
        FieldType::List(item) => has_text_forms(item),
        _ => false,
    }
}

#[test]
fn decode_seeds_decode_and_round_trip() {
    for (name, data) in corpus("decode") {
        let Some((0, bson)) = data.split_first() else {
            continue;
        };
        let options = options(0);
        let Some(spec) = infer(options, bson) else {
            continue;
        };
        let mut decoder = Decoder::with_options(spec.clone(), options);
        if decoder.decode_concatenated(bson).is_err() {
            continue;
        }
        let batch = decoder.flush().unwrap().expect("rows");
        if spec.fields.iter().any(|f| has_text_forms(&f.field_type)) {
            continue;
        }
        let encoded = encode_batch(&batch, &EncoderOptions::new().with_schema(spec.clone()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut again = Decoder::with_options(spec, options);
        again.decode_concatenated(&encoded).unwrap();
        assert_eq!(again.flush().unwrap().unwrap(), batch, "{name}");
    }
}

#[test]
fn infer_seeds_give_schemas_whose_json_round_trips() {
    let mut inferred = 0;
    for (name, data) in corpus("infer") {
        let Some((&byte, bson)) = data.split_first() else {
            continue;
        };
        let Some(spec) = infer(options(byte), bson) else {
            continue;
        };
        inferred += 1;
        let json = spec.to_json();
        assert_eq!(
            SchemaSpec::from_json(&json).unwrap(),
            spec,
            "{name}: {json}"
        );
        let mut decoder = Decoder::with_options(spec, options(byte));
        let _ = decoder.decode_concatenated(bson);
    }
    assert!(inferred > 0, "some seed infers a schema");
}
