//! Decode cost per field of the benchmark shapes, in CPU time (the thread's
//! run time from `/proc/thread-self/schedstat`), so that a shared, loaded
//! machine skews it less than wall time: the median of `runs` decodes of
//! each shape's 100,000 documents.
//!
//! `cargo run --release -p bson-arrow --example per_field -- [runs] [shape,...]`

#[path = "../benches/shapes/mod.rs"]
mod shapes;

use bson_arrow::{Input, Reader};

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(15);
    let wanted: Vec<String> = args
        .next()
        .unwrap_or_else(|| {
            [&shapes::REALISTIC[..], &["small", "mixed"]]
                .concat()
                .join(",")
        })
        .split(',')
        .map(str::to_string)
        .collect();
    for shape in shapes::all()
        .iter()
        .filter(|s| wanted.iter().any(|w| w == s.name))
    {
        let mut values = 0;
        bson_arrow::for_each_concatenated_document(&shape.bytes, |doc, _| {
            values += shapes::leaf_values(bson::RawDocument::from_bytes(doc).unwrap());
            Ok(())
        })
        .unwrap();
        let mut times: Vec<u64> = (0..runs + 1)
            .map(|_| {
                let start = shapes::thread_cpu_ns();
                let mut reader =
                    Reader::new(shape.spec.clone(), Default::default(), shapes::DOCUMENTS);
                let pushed = reader.push(Input::Concatenated(&shape.bytes)).unwrap();
                let last = reader.finish().unwrap();
                std::hint::black_box((pushed.batches, last));
                shapes::thread_cpu_ns() - start
            })
            .skip(1)
            .collect();
        times.sort_unstable();
        let median = times[times.len() / 2] as f64;
        // The clock moves in scheduler ticks (4 ms here, a tenth of a decode):
        // the median is one of few values, the mean over many runs is finer.
        let mean = times.iter().sum::<u64>() as f64 / times.len() as f64;
        let docs = shapes::DOCUMENTS as f64;
        println!(
            "{:8} {:7.1} ns/doc {:6.2} ns/field (mean {:6.2}) {:7.0} MB/s(cpu) {:5.2} M docs/s(cpu) [{} fields/doc, {:.0} B/doc]",
            shape.name,
            median / docs,
            median / values as f64,
            mean / values as f64,
            shape.bytes.len() as f64 / median * 1e3,
            docs / median * 1e3,
            values as f64 / docs,
            shape.bytes.len() as f64 / docs,
        );
    }
}
