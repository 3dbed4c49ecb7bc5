//! Property: for a random schema using every field type (every date unit,
//! decimal layout, binary subtype, documents, lists and maps nested up to
//! 3 deep) and random documents of that schema (values, nulls, missing
//! fields), the batch the decoder makes survives the encoder:
//! decode(encode(batch)) == batch, with either null option and either
//! ObjectId / Decimal128 representation.

use arrow_array::RecordBatch;
use arrow_schema::TimeUnit;
use bson::oid::ObjectId;
use bson::spec::BinarySubtype;
use bson::{
    Binary, Bson, DateTime, Decimal128, Document, JavaScriptCodeWithScope, Regex, Timestamp,
};
use bson_arrow::{
    encode_batch, encode_batch_with_offsets, DateSpec, Decimal128Representation, DecimalSpec,
    Decoder, DecoderOptions, EncoderOptions, FieldSpec, FieldType, NullFields,
    ObjectIdRepresentation, SchemaSpec,
};
use proptest::prelude::*;

fn date(unit: TimeUnit, timezone: Option<&str>) -> FieldType {
    FieldType::Date(DateSpec {
        unit,
        timezone: timezone.map(Into::into),
    })
}

fn decimal(precision: u8, scale: i8) -> FieldType {
    FieldType::Decimal128(Some(DecimalSpec { precision, scale }))
}

fn leaf_type() -> impl Strategy<Value = FieldType> {
    prop::sample::select(vec![
        FieldType::Null,
        FieldType::Double,
        FieldType::Int32,
        FieldType::Int64,
        FieldType::Bool,
        FieldType::String,
        date(TimeUnit::Millisecond, Some("UTC")),
        date(TimeUnit::Second, None),
        date(TimeUnit::Microsecond, Some("Europe/Paris")),
        date(TimeUnit::Nanosecond, Some("UTC")),
        FieldType::ObjectId,
        FieldType::Decimal128(None),
        decimal(10, 2),
        decimal(38, 0),
        decimal(5, -2),
        FieldType::Binary { subtype: None },
        FieldType::Binary {
            subtype: Some(0x80),
        },
        FieldType::Binary { subtype: Some(2) },
        FieldType::Uuid,
        FieldType::Code,
        FieldType::CodeWithScope,
        FieldType::Regex,
        FieldType::Timestamp,
        FieldType::ExtendedJson,
    ])
}

fn field_type() -> impl Strategy<Value = FieldType> {
    leaf_type().prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            inner
                .clone()
                .prop_map(|item| FieldType::List(Box::new(item))),
            inner
                .clone()
                .prop_map(|values| FieldType::Map(Box::new(values))),
            prop::collection::vec(inner, 0..3).prop_map(|types| {
                let names = ["p", "q", "r.s"];
                FieldType::Document(
                    types
                        .into_iter()
                        .zip(names)
                        .map(|(t, name)| FieldSpec::new(name, t))
                        .collect(),
                )
            }),
        ]
    })
}

fn binary(subtype: u8, bytes: Vec<u8>) -> Bson {
    Bson::Binary(Binary {
        subtype: BinarySubtype::from(subtype),
        bytes,
    })
}

/// Any value Extended JSON columns hold; keys never start with `$`.
fn any_scalar() -> BoxedStrategy<Bson> {
    prop_oneof![
        any::<f64>().prop_map(Bson::Double),
        any::<i32>().prop_map(Bson::Int32),
        any::<i64>().prop_map(Bson::Int64),
        "[a-c\0é\"]{0,4}".prop_map(Bson::String),
        any::<bool>().prop_map(Bson::Boolean),
        any::<i64>().prop_map(|ms| Bson::DateTime(DateTime::from_millis(ms))),
        any::<[u8; 12]>().prop_map(|b| Bson::ObjectId(ObjectId::from_bytes(b))),
        Just(Bson::MinKey),
        Just(Bson::MaxKey),
        "[a-z]{1,3}".prop_map(Bson::Symbol),
        (any::<i32>(), -5i32..5)
            .prop_map(|(n, e)| Bson::Decimal128(format!("{n}E{e}").parse().unwrap())),
        (any::<u32>(), any::<u32>())
            .prop_map(|(time, increment)| Bson::Timestamp(Timestamp { time, increment })),
        prop::collection::vec(any::<i32>().prop_map(Bson::Int32), 0..3).prop_map(Bson::Array),
        any::<i32>().prop_map(|n| Bson::Document(bson::doc! { "k": n, "a.b": "v" })),
    ]
    .boxed()
}

/// A present, non-null value that fits `field_type` exactly.
fn value_of(field_type: &FieldType) -> BoxedStrategy<Bson> {
    match field_type {
        FieldType::Null => Just(Bson::Null).boxed(),
        FieldType::Double => any::<f64>().prop_map(Bson::Double).boxed(),
        FieldType::Int32 => any::<i32>().prop_map(Bson::Int32).boxed(),
        FieldType::Int64 => any::<i64>().prop_map(Bson::Int64).boxed(),
        FieldType::Bool => any::<bool>().prop_map(Bson::Boolean).boxed(),
        // A `text` column writes its values back as strings.
        FieldType::String | FieldType::Text => "[a-c\0é]{0,4}".prop_map(Bson::String).boxed(),
        FieldType::Date(spec) => {
            // Finer units multiply the milliseconds: stay where they fit.
            let range = match spec.unit {
                TimeUnit::Millisecond => i64::MIN..=i64::MAX,
                TimeUnit::Second => -(1i64 << 60)..=1i64 << 60,
                _ => -(1i64 << 40)..=1i64 << 40,
            };
            range
                .prop_map(|ms| Bson::DateTime(DateTime::from_millis(ms)))
                .boxed()
        }
        FieldType::ObjectId => any::<[u8; 12]>()
            .prop_map(|b| Bson::ObjectId(ObjectId::from_bytes(b)))
            .boxed(),
        FieldType::Decimal128(None) => prop_oneof![
            (any::<i64>(), -20i32..20).prop_map(|(n, e)| format!("{n}E{e}")),
            prop::sample::select(vec!["NaN", "-Infinity", "-0", "0E-6176"]).prop_map(String::from),
        ]
        .prop_map(|text| Bson::Decimal128(text.parse::<Decimal128>().unwrap()))
        .boxed(),
        FieldType::Decimal128(Some(spec)) => {
            let limit = 10i64
                .checked_pow(u32::from(spec.precision))
                .unwrap_or(i64::MAX)
                - 1;
            let scale = spec.scale;
            (-limit..=limit)
                .prop_map(move |n| Bson::Decimal128(format!("{n}E{}", -scale).parse().unwrap()))
                .boxed()
        }
        FieldType::Binary { subtype } => {
            let declared = *subtype;
            (any::<u8>(), prop::collection::vec(any::<u8>(), 0..5))
                .prop_map(move |(s, bytes)| binary(declared.unwrap_or(s), bytes))
                .boxed()
        }
        FieldType::Uuid => any::<[u8; 16]>()
            .prop_map(|b| binary(4, b.to_vec()))
            .boxed(),
        FieldType::Code => "[a-z;]{0,4}".prop_map(Bson::JavaScriptCode).boxed(),
        FieldType::CodeWithScope => ("[a-z]{0,3}", any::<i32>())
            .prop_map(|(code, n)| {
                Bson::JavaScriptCodeWithScope(JavaScriptCodeWithScope {
                    code,
                    scope: bson::doc! { "n": n, "s": "t" },
                })
            })
            .boxed(),
        FieldType::Regex => (
            "[a-z.*]{0,3}",
            prop::sample::subsequence(vec!['i', 'm', 's', 'x'], 0..4),
        )
            .prop_map(|(pattern, options)| {
                Bson::RegularExpression(Regex {
                    pattern: pattern.try_into().unwrap(),
                    options: options.into_iter().collect::<String>().try_into().unwrap(),
                })
            })
            .boxed(),
        FieldType::Timestamp => (any::<u32>(), any::<u32>())
            .prop_map(|(time, increment)| Bson::Timestamp(Timestamp { time, increment }))
            .boxed(),
        FieldType::ExtendedJson => any_scalar(),
        FieldType::Document(fields) => document_of(fields).prop_map(Bson::Document).boxed(),
        FieldType::List(item) => prop::collection::vec(nullable(item), 0..4)
            .prop_map(|items| {
                Bson::Array(items.into_iter().map(|v| v.unwrap_or(Bson::Null)).collect())
            })
            .boxed(),
        // Keys that a struct path would misread; `Document` keeps the last
        // of equal keys, so entries are unique here.
        FieldType::Map(values) => prop::collection::vec(("[a-c.$é]{0,3}", nullable(values)), 0..4)
            .prop_map(|entries| {
                Bson::Document(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k, v.unwrap_or(Bson::Null)))
                        .collect(),
                )
            })
            .boxed(),
    }
}

/// A value, BSON null, or (as `None`) a missing field.
fn nullable(field_type: &FieldType) -> BoxedStrategy<Option<Bson>> {
    prop_oneof![
        6 => value_of(field_type).prop_map(Some),
        1 => Just(Some(Bson::Null)),
        1 => Just(None),
    ]
    .boxed()
}

fn document_of(fields: &[FieldSpec]) -> BoxedStrategy<Document> {
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let values: Vec<_> = fields.iter().map(|f| nullable(&f.field_type)).collect();
    values
        .prop_map(move |values| {
            names
                .iter()
                .zip(values)
                .filter_map(|(name, value)| Some((name.clone(), value?)))
                .collect()
        })
        .boxed()
}

fn schema_and_documents() -> impl Strategy<Value = (SchemaSpec, Vec<Document>)> {
    prop::collection::vec(field_type(), 1..5).prop_flat_map(|types| {
        let fields: Vec<FieldSpec> = types
            .into_iter()
            .zip(["a", "b", "c", "d"])
            .map(|(t, name)| FieldSpec::new(name, t))
            .collect();
        let spec = SchemaSpec::new(fields.clone()).expect("unique names, valid decimals");
        (
            Just(spec),
            prop::collection::vec(document_of(&fields), 1..8),
        )
    })
}

fn decode(spec: &SchemaSpec, options: DecoderOptions, bytes: &[u8]) -> RecordBatch {
    let mut decoder = Decoder::with_options(spec.clone(), options);
    decoder
        .decode_concatenated(bytes)
        .expect("documents of the schema decode");
    decoder.flush().unwrap().expect("at least one row")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decode_encode_round_trip(
        (spec, documents) in schema_and_documents(),
        binary_ids in any::<bool>(),
        binary_decimals in any::<bool>(),
        write_nulls in any::<bool>(),
    ) {
        let options = DecoderOptions::new()
            .with_object_id(if binary_ids { ObjectIdRepresentation::Binary } else { ObjectIdRepresentation::Hex })
            .with_decimal128(if binary_decimals { Decimal128Representation::Binary } else { Decimal128Representation::String });
        let input: Vec<u8> = documents
            .iter()
            .flat_map(|d| bson::serialize_to_vec(d).unwrap())
            .collect();
        let batch = decode(&spec, options, &input);

        let encoder = EncoderOptions::new()
            .with_schema(spec.clone())
            .with_null_fields(if write_nulls { NullFields::Write } else { NullFields::Omit });
        let encoded = encode_batch_with_offsets(&batch, &encoder).unwrap();
        prop_assert_eq!(encoded.offsets.len(), batch.num_rows() + 1);
        prop_assert_eq!(&encoded.bytes, &encode_batch(&batch, &encoder).unwrap());
        let again = decode(&spec, options, &encoded.bytes);
        prop_assert_eq!(&again, &batch);

        // Each row on its own decodes to that row: the offsets cut whole documents.
        for (row, window) in encoded.offsets.windows(2).enumerate() {
            let one = decode(&spec, options, &encoded.bytes[window[0]..window[1]]);
            prop_assert_eq!(one, batch.slice(row, 1));
        }
    }
}
