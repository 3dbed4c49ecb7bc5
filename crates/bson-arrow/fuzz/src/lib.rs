//! What the fuzz targets share: schemas and options built from fuzzer
//! bytes, and the checks run on every input that decodes.
//!
//! Input layout of the `decode` target: the first byte `k`, then `k` bytes
//! that `arbitrary` turns into a schema and options, then concatenated BSON
//! documents. With `k = 0` the schema is inferred from the documents, so a
//! seed is `0x00` followed by plain BSON (see `corpus/`).

use arbitrary::Arbitrary;
use arrow_array::RecordBatch;
use arrow_schema::TimeUnit;
use bson_arrow::{
    encode_batch, ConflictPolicy, DateSpec, Decimal128Representation, DecimalSpec, Decoder,
    DecoderOptions, EncoderOptions, FieldSpec, FieldType, NullFields, ObjectIdRepresentation,
    SchemaSpec,
};

/// Deep enough for lists of documents of lists; arbitrary input could
/// otherwise describe schemas as deep as it is long.
const MAX_SCHEMA_DEPTH: usize = 6;

/// Field names the fuzzer picks from: few, so that they often match the keys
/// of the documents, including a dotted and an empty key.
const NAMES: [&str; 8] = ["a", "b", "c", "_id", "0", "1", "x.y", ""];

/// A field type as raw fuzzer choices; [`ArbitraryType::to_field_type`]
/// bounds its depth.
#[derive(Debug, Arbitrary)]
pub enum ArbitraryType {
    Null,
    Double,
    Int32,
    Int64,
    Bool,
    String,
    Date {
        unit: u8,
        zoned: bool,
    },
    ObjectId,
    Decimal128 {
        precision: u8,
        scale: u8,
        arrow: bool,
    },
    Binary {
        subtype: Option<u8>,
    },
    Uuid,
    Code,
    CodeWithScope,
    Regex,
    Timestamp,
    ExtendedJson,
    Text,
    Document(Vec<(u8, ArbitraryType)>),
    List(Box<ArbitraryType>),
    Map(Box<ArbitraryType>),
}

impl ArbitraryType {
    fn to_field_type(&self, depth: usize) -> FieldType {
        match self {
            Self::Null => FieldType::Null,
            Self::Double => FieldType::Double,
            Self::Int32 => FieldType::Int32,
            Self::Int64 => FieldType::Int64,
            Self::Bool => FieldType::Bool,
            Self::String => FieldType::String,
            Self::Date { unit, zoned } => FieldType::Date(DateSpec {
                unit: [
                    TimeUnit::Second,
                    TimeUnit::Millisecond,
                    TimeUnit::Microsecond,
                    TimeUnit::Nanosecond,
                ][usize::from(unit % 4)],
                timezone: zoned.then(|| "UTC".into()),
            }),
            Self::ObjectId => FieldType::ObjectId,
            Self::Decimal128 {
                precision,
                scale,
                arrow,
            } => FieldType::Decimal128(arrow.then(|| {
                let precision = precision % 38 + 1;
                // A valid scale, so the schema is accepted and the decoder runs.
                let scale = (scale % (precision + 1)) as i8;
                DecimalSpec { precision, scale }
            })),
            Self::Binary { subtype } => FieldType::Binary { subtype: *subtype },
            Self::Uuid => FieldType::Uuid,
            Self::Code => FieldType::Code,
            Self::CodeWithScope => FieldType::CodeWithScope,
            Self::Regex => FieldType::Regex,
            Self::Timestamp => FieldType::Timestamp,
            Self::ExtendedJson => FieldType::ExtendedJson,
            Self::Text => FieldType::Text,
            Self::Document(_) | Self::List(_) | Self::Map(_) if depth >= MAX_SCHEMA_DEPTH => {
                FieldType::Int32
            }
            Self::Document(fields) => FieldType::Document(fields_of(fields, depth + 1)),
            Self::List(item) => FieldType::List(Box::new(item.to_field_type(depth + 1))),
            Self::Map(values) => FieldType::Map(Box::new(values.to_field_type(depth + 1))),
        }
    }
}

fn fields_of(fields: &[(u8, ArbitraryType)], depth: usize) -> Vec<FieldSpec> {
    let mut out: Vec<FieldSpec> = Vec::new();
    for (name, field_type) in fields {
        let name = NAMES[usize::from(*name) % NAMES.len()];
        // A duplicate name would be an invalid schema: keep the first.
        if out.iter().all(|f| f.name != name) {
            out.push(FieldSpec::new(name, field_type.to_field_type(depth)));
        }
    }
    out
}

/// A schema and decoder options chosen by the fuzzer.
#[derive(Debug, Arbitrary)]
pub struct ArbitrarySchema {
    fields: Vec<(u8, ArbitraryType)>,
    options: u8,
}

impl ArbitrarySchema {
    pub fn spec(&self) -> SchemaSpec {
        SchemaSpec::new(fields_of(&self.fields, 0)).expect("names are unique, decimals valid")
    }

    pub fn options(&self) -> DecoderOptions {
        options_from(self.options)
    }
}

/// Decoder options from one byte: every policy and representation.
pub fn options_from(byte: u8) -> DecoderOptions {
    let policy = [
        ConflictPolicy::Error,
        ConflictPolicy::Null,
        ConflictPolicy::String,
    ][usize::from(byte % 3)];
    DecoderOptions::new()
        .with_conflict_policy(policy)
        .with_object_id(if byte & 0x10 == 0 {
            ObjectIdRepresentation::Hex
        } else {
            ObjectIdRepresentation::Binary
        })
        .with_decimal128(if byte & 0x20 == 0 {
            Decimal128Representation::String
        } else {
            Decimal128Representation::Binary
        })
        .with_infer_uuid_as_string(byte & 0x40 != 0)
        .with_empty_strings_as_null(byte & 0x80 != 0)
        .with_count_nested_dropped(byte & 0x08 != 0)
}

/// Decodes concatenated documents into one batch, or the first error.
pub fn decode(spec: &SchemaSpec, options: DecoderOptions, bytes: &[u8]) -> Option<RecordBatch> {
    let mut decoder = Decoder::with_options(spec.clone(), options);
    decoder.decode_concatenated(bytes).ok()?;
    decoder.flush().expect("a batch of decoded rows builds")
}

/// The encoder's contract on what the decoder produced: encoding succeeds and
/// decoding the result gives the same batch. Skipped for the types whose text
/// form is knowingly lossy on hostile data: Extended JSON (a document with a
/// key like `$numberInt` reads back as a number, and text nests at most 128
/// levels), code scopes (Extended JSON too) and regex options (written
/// sorted, as the BSON spec asks).
pub fn check_round_trip(spec: &SchemaSpec, options: DecoderOptions, batch: &RecordBatch) {
    if spec.fields.iter().any(|f| has_lossy_text(&f.field_type)) {
        return;
    }
    for null_fields in [NullFields::Omit, NullFields::Write] {
        let encoder = EncoderOptions::new()
            .with_null_fields(null_fields)
            .with_schema(spec.clone());
        let bytes = encode_batch(batch, &encoder).expect("a decoded batch encodes");
        let again = decode(spec, options, &bytes).expect("encoded rows decode");
        assert_eq!(&again, batch, "decode(encode(batch)) == batch");
    }
}

fn has_lossy_text(field_type: &FieldType) -> bool {
    match field_type {
        FieldType::ExtendedJson | FieldType::CodeWithScope | FieldType::Regex => true,
        FieldType::Document(fields) => fields.iter().any(|f| has_lossy_text(&f.field_type)),
        FieldType::List(item) => has_lossy_text(item),
        _ => false,
    }
}
