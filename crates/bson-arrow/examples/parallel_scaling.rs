//! Wall time of one read of a shape repeated to `mb` MB, pushed in `chunk`
//! MiB pieces, with 1 thread and with N: is the core's parallel decode alone
//! (no Node) close to N× on this machine? With `ipc`, each push's batches
//! are also written as Arrow IPC streams, as the binding writes them.
//!
//! `cargo run --release -p bson-arrow --example parallel_scaling -- [mb] [threads] [chunk_mib] [shape] [ipc]`

// Shared with the benches; this probe uses only the shapes themselves.
#[allow(dead_code)]
#[path = "../benches/shapes/mod.rs"]
mod shapes;

use std::time::Instant;

use bson_arrow::{Input, Reader};

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let chunk: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(64);
    let name = args.next().unwrap_or_else(|| "sensor".into());
    let with_ipc = args.next().as_deref() == Some("ipc");
    let shape = shapes::all()
        .into_iter()
        .find(|s| s.name == name)
        .expect("a shape");
    let mut bytes = Vec::with_capacity(mb << 20);
    while bytes.len() < mb << 20 {
        bytes.extend_from_slice(&shape.bytes);
    }
    let run = |threads: usize| {
        let start = Instant::now();
        let cpu = shapes::thread_cpu_ns();
        let mut reader =
            Reader::new(shape.spec.clone(), Default::default(), 65_536).with_threads(threads);
        let mut batches = 0;
        let mut ipc = std::time::Duration::ZERO;
        for piece in bytes.chunks(chunk << 20) {
            let pushed = reader.push(Input::Concatenated(piece)).unwrap();
            batches += pushed.batches.len();
            if with_ipc {
                let started = Instant::now();
                let streams = bson_arrow::batches_to_ipc_streams(&pushed.batches, threads).unwrap();
                std::hint::black_box(streams.len());
                ipc += started.elapsed();
            }
        }
        if with_ipc {
            println!(
                "  {threads} threads: {:.0} ms of it writing Arrow IPC",
                ipc.as_secs_f64() * 1e3
            );
        }
        batches += usize::from(reader.finish().unwrap().is_some());
        std::hint::black_box(batches);
        let wall = start.elapsed().as_secs_f64() * 1e3;
        if threads == 1 {
            println!(
                "  1 thread: {:.0} ms of CPU",
                (shapes::thread_cpu_ns() - cpu) as f64 / 1e6
            );
        }
        wall
    };
    for round in 0..5 {
        let one = run(1);
        let many = run(threads);
        println!(
            "round {round}: 1 thread {one:.0} ms ({:.0} MB/s), {threads} threads {many:.0} ms: {:.2}x",
            bytes.len() as f64 / one / 1e3,
            one / many
        );
    }
}
