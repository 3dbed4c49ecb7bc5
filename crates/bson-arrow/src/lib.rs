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

mod bson_type;
mod decoder;
mod error;
mod ipc;
mod record;
mod schema;

pub use error::{Error, Result};
pub use ipc::batch_to_ipc_stream;
pub use record::{document_length_at, Decoder};
pub use schema::{ColumnSpec, ColumnType, SchemaSpec};
