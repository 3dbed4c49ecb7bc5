//! BSON as JavaScript hands it over: one object per push, in one of the
//! three forms the core's framer takes.

use bson_arrow::Input;
use napi::bindgen_prelude::{Uint32Array, Uint8Array};
use napi_derive::napi;

use crate::error::Failure;

/// One arrival of BSON. `bytes` must not be modified until the push settles
/// (reply buffers and file chunks never are).
#[napi(object)]
pub struct BsonInput {
    /// `'replyBatch'`: a server reply's `firstBatch`/`nextBatch` array, whose
    /// `count` documents after the first `skip` are read; `'documents'`:
    /// whole documents at `offsets` in `bytes`; `'concatenated'`: documents
    /// end to end, cut anywhere (the rest of a cut document comes in the next push).
    #[napi(ts_type = "'replyBatch' | 'documents' | 'concatenated'")]
    pub form: String,
    pub bytes: Uint8Array,
    pub skip: Option<u32>,
    pub count: Option<u32>,
    pub offsets: Option<Uint32Array>,
}

impl BsonInput {
    /// The core's view of this input.
    pub fn as_input(&self) -> Result<Input<'_>, Failure> {
        let missing =
            |what: &str| Failure::invalid_argument(format!("a '{}' input needs {what}", self.form));
        match self.form.as_str() {
            "replyBatch" => Ok(Input::ReplyBatch {
                array: &self.bytes,
                skip: self.skip.unwrap_or(0) as usize,
                count: self.count.ok_or_else(|| missing("a count"))? as usize,
            }),
            "documents" => Ok(Input::Documents {
                span: &self.bytes,
                offsets: self.offsets.as_deref().ok_or_else(|| missing("offsets"))?,
            }),
            "concatenated" => Ok(Input::Concatenated(&self.bytes)),
            other => Err(Failure::invalid_argument(format!(
                "input form must be 'replyBatch', 'documents' or 'concatenated', got '{other}'"
            ))),
        }
    }
}

/// The number of documents one push decoded, as JavaScript gets it.
pub fn document_count(documents: usize) -> Result<u32, Failure> {
    u32::try_from(documents)
        .map_err(|_| Failure::invalid_argument("more than 2^32 documents in one push"))
}
