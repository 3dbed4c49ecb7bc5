//! `NativeSchema`: a schema parsed and checked once, shared by every read,
//! projection and Arrow schema made from it.

use std::sync::Arc;

use bson_arrow::{batches_to_ipc_stream, schema_of_ipc_stream, Projection, SchemaSpec};
use napi::bindgen_prelude::{Buffer, Uint8Array};
use napi_derive::napi;
use serde_json::Value;

use crate::error::{Code, Failure};
use crate::options::DecoderOptions;
use crate::schema_nodes::{fields_from_nodes, nodes_from_fields, SchemaNode};

/// A schema in the core's form.
#[napi]
pub struct NativeSchema {
    spec: Arc<SchemaSpec>,
}

impl NativeSchema {
    pub fn from_spec(spec: SchemaSpec) -> Self {
        Self {
            spec: Arc::new(spec),
        }
    }

    pub fn spec(&self) -> &SchemaSpec {
        &self.spec
    }
}

#[napi]
impl NativeSchema {
    /// Parses and checks a schema's fields, given as nodes of their JSON
    /// form (`{ name: 'price', type: 'double' }`) in depth-first order;
    /// throws `INVALID_SCHEMA`.
    #[napi(constructor, catch_unwind)]
    pub fn new(nodes: Vec<SchemaNode>) -> napi::Result<Self, Code> {
        let fields = fields_from_nodes(&nodes)?;
        let spec = SchemaSpec::from_fields_value(&fields).map_err(Failure::from)?;
        Ok(Self::from_spec(spec))
    }

    /// The schema of an Arrow schema, given as an Arrow IPC stream (its
    /// schema message is enough); throws `UNSUPPORTED_TYPE` for an Arrow
    /// type with no BSON mapping, naming the field.
    #[napi(factory, catch_unwind)]
    pub fn from_arrow_ipc(ipc: Uint8Array) -> napi::Result<Self, Code> {
        let schema = schema_of_ipc_stream(&ipc).map_err(Failure::from)?;
        let spec = SchemaSpec::from_arrow(&schema).map_err(Failure::from)?;
        Ok(Self::from_spec(spec))
    }

    /// The fields as the constructor takes them, with types of default
    /// parameters as short names.
    #[napi]
    pub fn nodes(&self) -> Vec<SchemaNode> {
        nodes_from_fields(&self.spec.fields_value())
    }

    /// The projection that fetches the schema's top-level fields and `_id`,
    /// or `null` when a top-level name cannot be projected (fetch whole documents).
    #[napi(ts_return_type = "Record<string, 0 | 1> | null")]
    pub fn projection(&self) -> Option<Value> {
        Projection::of_schema(&self.spec).map(|p| p.to_json())
    }

    /// The Arrow schema of reads with these options, as an IPC stream with no batches.
    #[napi(catch_unwind)]
    pub fn arrow_ipc(&self, options: Option<DecoderOptions>) -> napi::Result<Buffer, Code> {
        let options = options.unwrap_or_default().to_core()?;
        let bytes =
            batches_to_ipc_stream(&self.spec.arrow_schema(&options), &[]).map_err(Failure::from)?;
        Ok(Buffer::from(bytes))
    }
}
