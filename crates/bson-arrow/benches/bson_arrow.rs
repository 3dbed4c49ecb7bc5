//! Decode with a declared schema, schema inference, and encoding back to
//! BSON, over each benchmark shape. Throughput is reported both in input
//! bytes (MB/s) and in documents per second.
//!
//! `cargo bench -p bson-arrow` (add `-- --quick` for a short run).

mod shapes;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bson_arrow::{encode_batch, Decoder, EncoderOptions, SchemaInferrer};
use shapes::{Shape, DOCUMENTS};

fn decode(shape: &Shape) -> arrow_array::RecordBatch {
    let mut decoder = Decoder::new(shape.spec.clone());
    decoder.decode_concatenated(&shape.bytes).unwrap();
    decoder.flush().unwrap().unwrap()
}

fn benches(c: &mut Criterion) {
    let shapes = shapes::all();
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
        let batch = decode(shape);
        let options = EncoderOptions::new().with_schema(shape.spec.clone());
        group.bench_with_input(
            BenchmarkId::new("encode", shape.name),
            &batch,
            |b, batch| b.iter(|| encode_batch(batch, &options).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(bson_arrow, benches);
criterion_main!(bson_arrow);
