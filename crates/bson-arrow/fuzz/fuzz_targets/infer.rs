//! Schema inference over arbitrary bytes: the first byte picks the options,
//! the rest are concatenated documents. Nothing may panic; an inferred schema
//! must survive its JSON form and be usable by the decoder.

#![no_main]

use bson_arrow::{Decoder, SchemaInferrer, SchemaSpec};
use bson_arrow_fuzz::options_from;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&options, bson)) = data.split_first() else {
        return;
    };
    let options = options_from(options);
    let mut inferrer = SchemaInferrer::new(options);
    if inferrer.observe_concatenated(bson).is_err() {
        return;
    }
    let spec = inferrer.schema();
    let json = spec.to_json();
    let parsed = SchemaSpec::from_json(&json).expect("an inferred schema's JSON parses");
    assert_eq!(parsed, spec, "schema JSON round trip: {json}");
    let mut decoder = Decoder::with_options(spec, options);
    // Conflicts are possible (an int64 beyond 2^53 in a field widened to
    // double); a panic is not.
    if decoder.decode_concatenated(bson).is_ok() {
        let _ = decoder.flush();
    }
});
