//! Parallel decoding changes nothing: over random documents pushed in random
//! pieces (documents straddling the cuts), a reader with several threads
//! returns the same record batches (compared as Arrow IPC bytes), the same
//! report and the same first error, in document order, as one thread.

mod common;

use bson::oid::ObjectId;
use bson::{Bson, DateTime, Document};
use bson_arrow::{
    batches_to_ipc_stream, ConflictPolicy, DecoderOptions, Input, ReadReport, Reader,
};
use common::spec;

/// A small deterministic generator (xorshift), seeded per case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SCHEMA: &str = r#"{"fields":[
    {"name":"_id","type":"objectId"},{"name":"n","type":"int64"},{"name":"x","type":"double"},
    {"name":"s","type":"string"},{"name":"at","type":"date"},{"name":"ok","type":"bool"},
    {"name":"sub","type":{"type":"document","fields":[{"name":"a","type":"int32"},{"name":"b","type":"string"}]}},
    {"name":"items","type":{"type":"list","items":{"type":"document","fields":[{"name":"q","type":"int32"},{"name":"p","type":"double"}]}}}
]}"#;

/// A messy document: fields missing, out of order, of the wrong type (which
/// the conflict policy converts and counts), and keys the schema lacks.
fn document(r: &mut Rng, i: usize) -> Document {
    let mut doc = Document::new();
    let id: [u8; 12] = r.next().to_le_bytes().repeat(2)[..12].try_into().unwrap();
    doc.insert("_id", ObjectId::from_bytes(id));
    if r.below(6) > 0 {
        doc.insert("n", i as i64);
    }
    match r.below(10) {
        0 => doc.insert("x", "not a number"),
        1 => doc.insert("x", Bson::Null),
        _ => doc.insert("x", r.below(1000) as f64 / 7.0),
    };
    if r.below(4) > 0 {
        let len = r.below(40) as usize;
        doc.insert("s", "é".repeat(len % 3) + &"s".repeat(len));
    }
    doc.insert("at", DateTime::from_millis(r.below(1 << 40) as i64));
    if r.below(8) == 0 {
        doc.insert(format!("extra{}", r.below(3)), 1);
    }
    doc.insert("ok", r.below(2) == 0);
    if r.below(5) > 0 {
        doc.insert(
            "sub",
            bson::doc! { "b": format!("b{}", r.below(9)), "a": r.below(100) as i32 },
        );
    }
    let items: Vec<Bson> = (0..r.below(5))
        .map(|_| match r.below(12) {
            0 => Bson::Int32(3),
            _ => Bson::Document(bson::doc! { "q": r.below(9) as i32, "p": 1.5, "z": true }),
        })
        .collect();
    doc.insert("items", items);
    doc
}

/// Every batch of one read as IPC bytes, its report and documents counted,
/// or its error as text.
type Outcome = Result<(Vec<u8>, ReadReport, usize), String>;

fn read(
    bytes: &[u8],
    cuts: &[usize],
    rows: usize,
    threads: usize,
    policy: ConflictPolicy,
) -> Outcome {
    let options = DecoderOptions::default()
        .with_conflict_policy(policy)
        .with_count_nested_dropped(true);
    let mut reader = Reader::new(spec(SCHEMA), options, rows).with_threads(threads);
    let (mut batches, mut documents, mut at) = (Vec::new(), 0, 0);
    for &cut in cuts.iter().chain([&bytes.len()]) {
        let pushed = reader
            .push(Input::Concatenated(&bytes[at..cut]))
            .map_err(|e| format!("{}: {e}", e.code()))?;
        documents += pushed.documents;
        batches.extend(pushed.batches);
        at = cut;
    }
    batches.extend(reader.finish().map_err(|e| format!("{}: {e}", e.code()))?);
    let ipc = batches_to_ipc_stream(&reader.schema(), &batches).unwrap();
    Ok((ipc, reader.report(), documents))
}

/// Random documents, concatenated, and random cut points (sorted).
fn case(seed: u64) -> (Vec<u8>, Vec<usize>, usize) {
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let count = 1 + r.below(600) as usize;
    let mut bytes = Vec::new();
    for i in 0..count {
        bytes.extend(bson::serialize_to_vec(&document(&mut r, i)).unwrap());
    }
    let mut cuts: Vec<usize> = (0..r.below(6))
        .map(|_| r.below(bytes.len() as u64) as usize)
        .collect();
    cuts.sort_unstable();
    let rows = 1 + r.below(80) as usize;
    (bytes, cuts, rows)
}

#[test]
fn several_threads_give_the_batches_and_report_of_one() {
    for seed in 0..60 {
        let (bytes, cuts, rows) = case(seed);
        for policy in [ConflictPolicy::String, ConflictPolicy::Null] {
            let one = read(&bytes, &cuts, rows, 1, policy);
            let Ok((_, report, _)) = &one else {
                panic!("seed {seed}: {one:?}")
            };
            assert!(
                bytes.len() < 20_000 || !report.coercions.is_empty(),
                "seed {seed}"
            );
            for threads in [2, 3, 8] {
                let many = read(&bytes, &cuts, rows, threads, policy);
                assert_eq!(many, one, "seed {seed}, {threads} threads, {policy:?}");
            }
        }
    }
}

#[test]
fn the_first_error_in_document_order_is_reported() {
    let mut failed = 0;
    for seed in 0..60 {
        let (mut bytes, cuts, rows) = case(seed);
        // Under the error policy a string `x` fails its document; break one
        // or two documents' framing or type further on too.
        let mut r = Rng(seed + 7);
        for _ in 0..1 + r.below(2) {
            let at = r.below(bytes.len() as u64) as usize;
            bytes[at] = match r.below(3) {
                0 => 0x7e,
                1 => 0x00,
                _ => bytes[at].wrapping_add(1),
            };
        }
        let one = read(&bytes, &cuts, rows, 1, ConflictPolicy::Error);
        failed += usize::from(one.is_err());
        for threads in [2, 4] {
            let many = read(&bytes, &cuts, rows, threads, ConflictPolicy::Error);
            assert_eq!(many, one, "seed {seed}, {threads} threads");
        }
    }
    assert!(failed >= 50, "only {failed} of 60 reads failed");
}

#[test]
fn a_conflict_in_a_late_batch_is_reported_after_earlier_ones() {
    let docs: Vec<Vec<u8>> = (0..1000)
        .map(|i| {
            let x = if i == 613 || i == 977 {
                Bson::from("bad")
            } else {
                Bson::from(i as f64)
            };
            bson::serialize_to_vec(&bson::doc! { "x": x }).unwrap()
        })
        .collect();
    let bytes = docs.concat();
    let spec_json = r#"{"fields":[{"name":"x","type":"double"}]}"#;
    let errors: Vec<String> = [1, 2, 4]
        .into_iter()
        .map(|threads| {
            let mut reader =
                Reader::new(spec(spec_json), DecoderOptions::default(), 50).with_threads(threads);
            reader
                .push(Input::Concatenated(&bytes))
                .err()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(errors[0].contains("document 613"), "{}", errors[0]);
    assert_eq!(errors[1], errors[0]);
    assert_eq!(errors[2], errors[0]);
}
