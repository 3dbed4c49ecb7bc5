//! Decode with a declared schema, schema inference, and encoding back to
//! BSON, over each benchmark shape. Throughput is reported both in input
//! bytes (MB/s) and in documents per second.
//!
//! `cargo bench -p bson-arrow` (add `-- --quick` for a short run).

mod shapes;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bson_arrow::{encode_batch, EncoderOptions, Input, Reader, SchemaInferrer};
use shapes::{Shape, DOCUMENTS};

/// Decodes the shape's bytes as one read: record batches of all its rows,
/// or fewer where 64 MiB of BSON (the batch byte limit) came first.
fn decode(shape: &Shape) -> Vec<arrow_array::RecordBatch> {
    let mut reader = Reader::new(shape.spec.clone(), Default::default(), DOCUMENTS);
    let mut batches = reader
        .push(Input::Concatenated(&shape.bytes))
        .unwrap()
        .batches;
    batches.extend(reader.finish().unwrap());
    batches
}

fn benches(c: &mut Criterion) {
    let shapes = shapes::all();
    // What "per field" means for the realistic shapes: ns/field is the
    // time per document over these averages.
    for shape in shapes
        .iter()
        .filter(|s| shapes::REALISTIC.contains(&s.name))
    {
        let mut values = 0;
        bson_arrow::for_each_concatenated_document(&shape.bytes, |doc, _| {
            values += shapes::leaf_values(bson::RawDocument::from_bytes(doc).unwrap());
            Ok(())
        })
        .unwrap();
        eprintln!(
            "{}: {:.1} bytes and {:.2} values per document",
            shape.name,
            shape.bytes.len() as f64 / DOCUMENTS as f64,
            values as f64 / DOCUMENTS as f64
        );
    }
    let mut group = c.benchmark_group("bson-arrow");
    group.sample_size(10);
    for shape in &shapes {
        group.throughput(Throughput::ElementsAndBytes {
            elements: DOCUMENTS as u64,
            bytes: shape.bytes.len() as u64,
        });
        group.bench_with_input(BenchmarkId::new("decode", shape.name), shape, |b, shape| {
            b.iter(|| decode(shape))
        });
        group.bench_with_input(BenchmarkId::new("infer", shape.name), shape, |b, shape| {
            b.iter(|| {
                let mut inferrer = SchemaInferrer::new(Default::default());
                inferrer.observe_concatenated(&shape.bytes).unwrap();
                inferrer.schema()
            })
        });
        let batches = decode(shape);
        let options = EncoderOptions::new().with_schema(shape.spec.clone());
        group.bench_with_input(
            BenchmarkId::new("encode", shape.name),
            &batches,
            |b, batches| {
                b.iter(|| {
                    batches
                        .iter()
                        .map(|batch| encode_batch(batch, &options).unwrap())
                        .collect::<Vec<_>>()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(bson_arrow, benches);
criterion_main!(bson_arrow);
