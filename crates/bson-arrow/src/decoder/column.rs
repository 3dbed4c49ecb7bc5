//! A child column as its parent holds it: the common column types by value,
//! so that a value of the type the column stores is appended straight from
//! its bytes (which the walk has measured) with one match on the column and
//! the BSON type, without building a `RawBsonRef`, a dynamic call or a
//! conversion; every other column, and every other value, goes through
//! [`ArrayDecoder`] as before.

use arrow_array::types::{Float64Type, Int32Type, Int64Type, TimestampMillisecondType};
use bson::RawBsonRef;

use super::array_decoder::ArrayDecoder;
use super::boolean_array::Booleans;
use super::leaf::LeafDecoder;
use super::list_array::ListDecoder;
use super::primitive_array::PrimitiveDecoder;
use super::string_array::{TextDecoder, TextKind};
use super::struct_array::StructDecoder;
use crate::decode_context::DecodeContext;
use crate::decode_error::DecodeResult;

pub(crate) enum Column {
    Float64(PrimitiveDecoder<Float64Type>),
    Int32(PrimitiveDecoder<Int32Type>),
    Int64(PrimitiveDecoder<Int64Type>),
    DateMillis(PrimitiveDecoder<TimestampMillisecondType>),
    Bool(LeafDecoder<Booleans>),
    Text(TextDecoder),
    Document(Box<StructDecoder>),
    List(Box<ListDecoder>),
    Other(Box<dyn ArrayDecoder>),
}

/// A fixed-size value's bytes; the walk checked the size of these types.
#[inline(always)]
fn fixed<const N: usize>(bytes: &[u8]) -> Option<[u8; N]> {
    bytes.try_into().ok()
}

impl Column {
    pub fn as_dyn(&mut self) -> &mut dyn ArrayDecoder {
        match self {
            Self::Float64(d) => d,
            Self::Int32(d) => d,
            Self::Int64(d) => d,
            Self::DateMillis(d) => d,
            Self::Bool(d) => d,
            Self::Text(d) => d,
            Self::Document(d) => &mut **d,
            Self::List(d) => &mut **d,
            Self::Other(d) => &mut **d,
        }
    }

    pub fn as_dyn_ref(&self) -> &dyn ArrayDecoder {
        match self {
            Self::Float64(d) => d,
            Self::Int32(d) => d,
            Self::Int64(d) => d,
            Self::DateMillis(d) => d,
            Self::Bool(d) => d,
            Self::Text(d) => d,
            Self::Document(d) => &**d,
            Self::List(d) => &**d,
            Self::Other(d) => &**d,
        }
    }

    /// Appends the value of BSON type `kind` whose bytes are `bytes` when
    /// this column stores that type as it is; `None`, appending nothing,
    /// when the value must be parsed and go through [`ArrayDecoder::append`]
    /// (another type, null, a conversion, or bytes that would fail there, so
    /// that errors stay the same).
    #[inline(always)]
    pub fn append_raw(
        &mut self,
        kind: u8,
        bytes: &[u8],
        ctx: &mut DecodeContext,
    ) -> Option<DecodeResult> {
        match (self, kind) {
            (Self::Float64(d), 0x01) => d.append_native(f64::from_le_bytes(fixed(bytes)?)),
            (Self::Int32(d), 0x10) => d.append_native(i32::from_le_bytes(fixed(bytes)?)),
            (Self::Int64(d), 0x12) => d.append_native(i64::from_le_bytes(fixed(bytes)?)),
            (Self::Int64(d), 0x10) => d.append_native(i64::from(i32::from_le_bytes(fixed(bytes)?))),
            (Self::DateMillis(d), 0x09) => d.append_native(i64::from_le_bytes(fixed(bytes)?)),
            (Self::Bool(d), 0x08) => match bytes {
                [0] => d.append_native(false),
                [1] => d.append_native(true),
                _ => return None,
            },
            (Self::Text(d), 0x02) if d.kind() == TextKind::String => {
                // Length prefix, then the text and its NUL, as the walk checked.
                let text = std::str::from_utf8(bytes.get(4..bytes.len() - 1)?).ok()?;
                d.append_str(text);
            }
            (Self::Text(d), 0x07) if d.kind() == TextKind::ObjectIdHex => {
                d.append_object_id(&fixed(bytes)?);
            }
            // The walk checked the length prefix against the bytes and the terminator.
            (Self::Document(d), 0x03) => return Some(d.append_present(bytes, ctx)),
            (Self::List(d), 0x04) => return Some(d.append_array(bytes, ctx)),
            _ => return None,
        }
        Some(Ok(()))
    }

    /// [`ArrayDecoder::append`] of a parsed value.
    #[inline]
    pub fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext) -> DecodeResult {
        self.as_dyn().append(value, ctx)
    }
}
