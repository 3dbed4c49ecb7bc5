//! Arbitrary bytes decoded with an arbitrary schema and options (or, when
//! the input asks, with the schema inferred from the bytes). Nothing may
//! panic; whatever decodes must survive the encoder's round trip.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use bson_arrow::{document_length_at, infer_schema};
use bson_arrow_fuzz::{check_round_trip, decode, options_from, ArbitrarySchema};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&k, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(k).min(rest.len());
    let (schema_bytes, bson) = rest.split_at(split);
    let (spec, options) = if schema_bytes.is_empty() {
        let options = options_from(bson.first().copied().unwrap_or(0));
        let Ok(spec) = infer_schema(documents(bson), options) else {
            return;
        };
        (spec, options)
    } else {
        let Ok(schema) = ArbitrarySchema::arbitrary(&mut Unstructured::new(schema_bytes)) else {
            return;
        };
        (schema.spec(), schema.options())
    };
    if let Some(batch) = decode(&spec, options, bson) {
        check_round_trip(&spec, options, &batch);
    }
});

/// The well-framed documents at the start of `bytes`; inference checks each.
fn documents(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut offset = 0;
    std::iter::from_fn(move || {
        let length = document_length_at(bytes, offset).ok()?;
        let document = &bytes[offset..offset + length];
        offset += length;
        Some(document)
    })
}
