//! What every decoder of a tree shares while one document is decoded: the
//! conflict policy and where the current buffer sits in the caller's, so
//! that slices can be reported as offsets. Schema inference and the text
//! renderings use it too, which is why it lives below the decoders.

use crate::options::ConflictPolicy;

/// State shared by every decoder of a tree while one document is decoded.
pub(crate) struct DecodeContext {
    pub policy: ConflictPolicy,
    /// `""` where the column is not text counts as null (see [`crate::DecoderOptions`]).
    pub empty_strings_as_null: bool,
    /// Conflicts resolved by the policy (turned into null or text).
    pub conflicts: usize,
    /// Address and caller offset of the current buffer, to turn slices into offsets.
    base_address: usize,
    base_offset: usize,
}

impl DecodeContext {
    pub fn new(policy: ConflictPolicy) -> Self {
        Self {
            policy,
            empty_strings_as_null: false,
            conflicts: 0,
            base_address: 0,
            base_offset: 0,
        }
    }

    /// Declares that `bytes` starts at `offset` in the caller's buffer.
    pub fn set_base(&mut self, bytes: &[u8], offset: usize) {
        self.base_address = bytes.as_ptr() as usize;
        self.base_offset = offset;
    }

    /// The offset in the caller's buffer of a slice of the current buffer.
    pub fn offset_of(&self, bytes: &[u8]) -> usize {
        (bytes.as_ptr() as usize)
            .wrapping_sub(self.base_address)
            .wrapping_add(self.base_offset)
    }
}
