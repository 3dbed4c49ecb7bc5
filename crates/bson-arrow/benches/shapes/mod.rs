//! The benchmark shapes (see the benchmarks issue), each as 100,000 BSON
//! documents generated here from a fixed seed, with the declared schema a
//! caller would pass to the decoder.

use bson::oid::ObjectId;
use bson::spec::BinarySubtype;
use bson::{Binary, Bson, DateTime, Decimal128, Document};
use bson_arrow::SchemaSpec;

pub const DOCUMENTS: usize = 100_000;

/// Nanoseconds the calling thread has run (`/proc/thread-self/schedstat`),
/// or 0 where the kernel does not say: CPU time, which a shared, loaded
/// machine skews less than wall time.
#[allow(dead_code)] // the examples time with it; the criterion bench does not
pub fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// One shape: its name, concatenated documents and declared schema.
pub struct Shape {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub spec: SchemaSpec,
}

/// A small deterministic generator (xorshift): the same documents every run,
/// without a dependency on `rand`.
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

    fn double(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 * 1000.0
    }
}

pub fn all() -> Vec<Shape> {
    vec![
        shape(
            "small",
            r#"[{"name":"x","type":"int32"},{"name":"y","type":"double"}]"#,
            |r, _| {
                bson::doc! { "x": r.below(1 << 30) as i32, "y": r.double() }
            },
        ),
        shape("large", &doubles_fields(), |r, _| doubles(r)),
        shape(
            "array",
            r#"[{"name":"x","type":"int32"},{"name":"y","type":"double"},{"name":"values","type":{"type":"list","items":"double"}}]"#,
            |r, i| {
                let values: Vec<f64> = (0..20).map(|_| r.double()).collect();
                bson::doc! { "x": i as i32, "y": r.double(), "values": values }
            },
        ),
        shape(
            "nested",
            &format!(
                r#"[{{"name":"x","type":"int32"}},{{"name":"y","type":"double"}},{{"name":"sub","type":{{"type":"document","fields":{}}}}}]"#,
                doubles_fields()
            ),
            |r, i| bson::doc! { "x": i as i32, "y": r.double(), "sub": doubles(r) },
        ),
        shape(
            "extension",
            r#"[{"name":"amount","type":"decimal128"},{"name":"blob","type":"binary"}]"#,
            |r, _| {
                let amount: Decimal128 = format!("{}E-2", r.below(1 << 40)).parse().unwrap();
                let bytes = r.next().to_le_bytes().repeat(2);
                let blob = Binary {
                    subtype: BinarySubtype::Generic,
                    bytes,
                };
                bson::doc! { "amount": amount, "blob": blob }
            },
        ),
        shape("mixed", &mixed_fields(6), |r, _| mixed(r, 6)),
        shape("wide", &mixed_fields(100), |r, _| mixed(r, 100)),
        shape(SENSOR.0, SENSOR.1, sensor),
        shape(EVENTS.0, EVENTS.1, event),
        shape(ORDERS.0, ORDERS.1, order),
    ]
}

/// The realistic shapes of the speed issue, by name with their schemas:
/// the shapes whose cost per field is quoted.
pub const REALISTIC: [&str; 3] = [SENSOR.0, EVENTS.0, ORDERS.0];

/// A sensor reading: 11 fields, a date, an int32, a short string and 8 doubles.
const SENSOR: (&str, &str) = (
    "sensor",
    r#"[{"name":"ts","type":"date"},{"name":"sensor","type":"int32"},{"name":"site","type":"string"},
        {"name":"v0","type":"double"},{"name":"v1","type":"double"},{"name":"v2","type":"double"},
        {"name":"v3","type":"double"},{"name":"v4","type":"double"},{"name":"v5","type":"double"},
        {"name":"v6","type":"double"},{"name":"v7","type":"double"}]"#,
);

fn sensor(r: &mut Rng, i: usize) -> Document {
    let mut doc = bson::doc! {
        "ts": DateTime::from_millis(1_700_000_000_000 + i as i64 * 1000),
        "sensor": r.below(10_000) as i32,
        "site": format!("site-{}", r.below(100)),
    };
    for k in 0..8 {
        doc.insert(format!("v{k}"), r.double());
    }
    doc
}

/// An event: an ObjectId, two strings, a date, a bool, an int64 and a
/// 2-field subdocument (8 values).
const EVENTS: (&str, &str) = (
    "events",
    r#"[{"name":"_id","type":"objectId"},{"name":"kind","type":"string"},{"name":"user","type":"string"},
        {"name":"at","type":"date"},{"name":"ok","type":"bool"},{"name":"seq","type":"int64"},
        {"name":"meta","type":{"type":"document","fields":[{"name":"source","type":"string"},{"name":"version","type":"int32"}]}}]"#,
);

const EVENT_KINDS: [&str; 4] = ["click", "view", "purchase", "signup"];

fn event(r: &mut Rng, i: usize) -> Document {
    let id: [u8; 12] = r.next().to_le_bytes().repeat(2)[..12].try_into().unwrap();
    bson::doc! {
        "_id": ObjectId::from_bytes(id),
        "kind": EVENT_KINDS[r.below(4) as usize],
        "user": format!("user-{:06}", r.below(1_000_000)),
        "at": DateTime::from_millis(1_700_000_000_000 + r.below(1 << 35) as i64),
        "ok": r.below(2) == 0,
        "seq": i as i64,
        "meta": { "source": if r.below(2) == 0 { "web" } else { "mobile" }, "version": r.below(10) as i32 },
    }
}

/// An order: an int64, a 2-field subdocument, a list of 1–5 three-field
/// subdocuments and a double (3 + 2 + 3 × items values).
const ORDERS: (&str, &str) = (
    "orders",
    r#"[{"name":"order","type":"int64"},
        {"name":"customer","type":{"type":"document","fields":[{"name":"name","type":"string"},{"name":"tier","type":"int32"}]}},
        {"name":"items","type":{"type":"list","items":{"type":"document","fields":[
            {"name":"sku","type":"string"},{"name":"qty","type":"int32"},{"name":"price","type":"double"}]}}},
        {"name":"total","type":"double"}]"#,
);

fn order(r: &mut Rng, i: usize) -> Document {
    let items: Vec<Document> = (0..1 + r.below(5))
        .map(|_| {
            bson::doc! {
                "sku": format!("SKU-{:05}", r.below(100_000)),
                "qty": 1 + r.below(9) as i32,
                "price": r.double(),
            }
        })
        .collect();
    bson::doc! {
        "order": i as i64,
        "customer": { "name": format!("customer {}", r.below(50_000)), "tier": r.below(4) as i32 },
        "items": items,
        "total": r.double(),
    }
}

/// The scalar values (leaves) of a document: what "per field" counts.
pub fn leaf_values(doc: &bson::RawDocument) -> usize {
    doc.iter()
        .map(|element| match element.unwrap().1 {
            bson::RawBsonRef::Document(d) => leaf_values(d),
            bson::RawBsonRef::Array(a) => a
                .into_iter()
                .map(|v| match v.unwrap() {
                    bson::RawBsonRef::Document(d) => leaf_values(d),
                    _ => 1,
                })
                .sum(),
            _ => 1,
        })
        .sum()
}

fn shape(
    name: &'static str,
    fields: &str,
    mut make: impl FnMut(&mut Rng, usize) -> Document,
) -> Shape {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut bytes = Vec::new();
    for i in 0..DOCUMENTS {
        bytes.extend(bson::serialize_to_vec(&make(&mut rng, i)).unwrap());
    }
    let spec = SchemaSpec::from_json(&format!(r#"{{"fields":{fields}}}"#)).unwrap();
    Shape { name, bytes, spec }
}

fn doubles_fields() -> String {
    let fields: Vec<String> = (0..20)
        .map(|i| format!(r#"{{"name":"f{i}","type":"double"}}"#))
        .collect();
    format!("[{}]", fields.join(","))
}

fn doubles(r: &mut Rng) -> Document {
    (0..20)
        .map(|i| (format!("f{i}"), Bson::Double(r.double())))
        .collect()
}

/// The mixed types in turn: ObjectId, string, datetime, bool, int64, double.
const MIXED_TYPES: [&str; 6] = ["objectId", "string", "date", "bool", "int64", "double"];

fn mixed_fields(count: usize) -> String {
    let fields: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"name":"m{i}","type":"{}"}}"#, MIXED_TYPES[i % 6]))
        .collect();
    format!("[{}]", fields.join(","))
}

/// `count` fields of the mixed types, each missing one time in five.
fn mixed(r: &mut Rng, count: usize) -> Document {
    let mut doc = Document::new();
    for i in 0..count {
        if r.below(5) == 0 {
            continue;
        }
        let value = match i % 6 {
            0 => Bson::ObjectId(ObjectId::from_bytes(
                r.next().to_le_bytes().repeat(2)[..12].try_into().unwrap(),
            )),
            1 => {
                let len = 10 + r.below(31) as usize;
                Bson::String(
                    (0..len)
                        .map(|_| char::from(b'a' + r.below(26) as u8))
                        .collect(),
                )
            }
            2 => Bson::DateTime(DateTime::from_millis(
                1_700_000_000_000 + r.below(1 << 35) as i64,
            )),
            3 => Bson::Boolean(r.below(2) == 0),
            4 => Bson::Int64(r.next() as i64),
            _ => Bson::Double(r.double()),
        };
        doc.insert(format!("m{i}"), value);
    }
    doc
}
