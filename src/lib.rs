//! Node.js binding of `bson-arrow`. Thin by design: it converts arguments,
//! maps core errors to JS errors with a stable `code`, runs decoding on the
//! libuv thread pool, and hands Arrow IPC bytes to JavaScript without copying.
//!
//! Four classes make the whole seam: a [`NativeSchema`] (parsed once per
//! schema), a [`Reader`] per read (one `pushAsync` per server batch, one
//! `finishAsync`), an [`Inference`] for reads without a full schema, and an
//! [`Encoder`] for writes (one `encodeAsync` per record batch).
//! [`ParquetWriter`] and [`ParquetReader`] carry Arrow IPC to and from
//! Parquet files, also on the pool.

mod encoder;
mod error;
mod inference;
mod input;
mod options;
mod outcome;
mod parquet_reader;
mod parquet_writer;
mod reader;
mod schema;
mod schema_nodes;
mod shared;

pub use encoder::Encoder;
pub use inference::Inference;
pub use parquet_reader::ParquetReader;
pub use parquet_writer::ParquetWriter;
pub use reader::Reader;
pub use schema::NativeSchema;
