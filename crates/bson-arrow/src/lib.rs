//! Decode raw BSON documents, as a MongoDB server sends them, into Apache
//! Arrow record batches without building an intermediate document model.
//!
//! ```
//! use bson_arrow::{Decoder, SchemaSpec};
//!
//! let spec = SchemaSpec::from_json(r#"{"fields":[{"name":"x","type":"int32"}]}"#).unwrap();
//! let mut decoder = Decoder::new(spec);
//! let doc = bson::rawdoc! { "x": 42 };
//! decoder.decode_document(doc.as_bytes(), 0).unwrap();
//! let batch = decoder.flush().unwrap().unwrap();
//! assert_eq!(batch.num_rows(), 1);
//! ```
#![doc = include_str!("../docs/types.md")]

mod bson_type;
mod decimal128;
mod decode_context;
mod decode_error;
mod decoder;
mod encoder;
mod error;
mod extjson;
mod infer;
mod ipc;
mod iso_date;
mod limits;
mod options;
mod parallel;
mod path;
mod plain_text;
mod projection;
mod raw;
mod reader;
mod record;
mod relaxed_json;
mod schema;
mod type_counts;
mod walk;
mod widening;

pub use decoder::{Coercion, ReadReport};
pub use encoder::{
    encode_batch, encode_batch_rows, encode_batch_with_offsets, EncodedDocuments, EncodedRows,
    EncoderOptions, NullFields,
};
pub use error::{Error, Result};
pub use infer::{infer_schema, FieldCounts, SchemaCounts, SchemaInferrer};
pub use ipc::{
    batch_to_ipc_stream, batches_of_ipc_stream, batches_to_ipc_stream, batches_to_ipc_streams,
    schema_of_ipc_stream,
};
pub use limits::MAX_NESTING_DEPTH;
pub use options::{
    ConflictPolicy, Decimal128Representation, DecoderOptions, ObjectIdRepresentation,
};
pub use projection::Projection;
pub use reader::{Framer, Inference, Input, Pushed, Reader, DEFAULT_ROWS_PER_BATCH};
pub use record::{Decoder, MAX_BATCH_BYTES};
pub use schema::{DateSpec, DecimalSpec, FieldSpec, FieldType, SchemaSpec};
pub use walk::{document_length_at, for_each_array_document, for_each_concatenated_document};
