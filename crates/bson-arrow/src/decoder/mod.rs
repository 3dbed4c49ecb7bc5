//! Column decoders: one per Arrow type family, behind the private
//! [`ArrayDecoder`] trait and built by [`make_decoder`]. Document and list
//! decoders own their children, so the decoders form the same tree as the
//! schema.
//!
//! A decoder only sees present, non-null values: its parent turns BSON null,
//! undefined and missing fields into [`ArrayDecoder::append_null`] calls,
//! applies the [`ConflictPolicy`] to a [`Mismatch`], and adds its own path
//! segment to a conflict travelling up.

mod binary;
mod boolean;
mod bson_timestamp;
mod decimal;
mod list_array;
mod map_array;
mod null;
mod numeric;
mod object_id;
mod string;
mod string_pair;
mod struct_array;
mod timestamp;

use arrow_array::ArrayRef;
use bson::RawBsonRef;

pub(crate) use struct_array::StructDecoder;

use crate::bson_type::bson_type_name;
use crate::error::Error;
use crate::extjson::render_canonical;
use crate::options::{ConflictPolicy, DecoderOptions};
use crate::path::{render_reversed, PathSegment};
use crate::schema::FieldType;

/// A value whose BSON type (or magnitude) the column cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mismatch {
    /// The BSON type that was found.
    pub found: &'static str,
}

impl Mismatch {
    pub fn of(value: &RawBsonRef<'_>) -> Self {
        Self {
            found: bson_type_name(value.element_type()),
        }
    }
}

/// Why appending a value failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DecodeError {
    /// Fresh from a leaf: its parent applies the conflict policy.
    Mismatch(Mismatch),
    /// A conflict on its way up; `path` is innermost first.
    Conflict {
        path: Vec<PathSegment>,
        expected: String,
        found: &'static str,
    },
    /// Malformed BSON; `offset` is absolute in the caller's buffer.
    Invalid { offset: usize, message: String },
    /// A batch outgrew what Arrow's 32-bit offsets can address.
    Overflow(String),
}

impl DecodeError {
    /// The public error, naming the document the error occurred in.
    pub fn into_error(self, document: usize) -> Error {
        match self {
            Self::Conflict {
                path,
                expected,
                found,
            } => Error::TypeConflict {
                path: render_reversed(&path),
                document,
                expected,
                found,
            },
            // Parents turn their children's mismatches into conflicts, so
            // only a mismatch of the document itself arrives here.
            Self::Mismatch(mismatch) => Error::TypeConflict {
                path: String::new(),
                document,
                expected: "document".into(),
                found: mismatch.found,
            },
            Self::Invalid { offset, message } => Error::InvalidBson {
                offset,
                message: format!("document {document}: {message}"),
            },
            Self::Overflow(message) => Error::Arrow(message),
        }
    }
}

impl From<Mismatch> for DecodeError {
    fn from(mismatch: Mismatch) -> Self {
        Self::Mismatch(mismatch)
    }
}

/// State shared by every decoder of a tree while one document is decoded.
pub(crate) struct DecodeContext {
    pub policy: ConflictPolicy,
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

/// Appends BSON values to one Arrow column.
pub(crate) trait ArrayDecoder: Send {
    /// Appends a present, non-null value. On [`DecodeError::Mismatch`]
    /// nothing was appended; after any other error the column is unusable.
    fn append(&mut self, value: RawBsonRef<'_>, ctx: &mut DecodeContext)
        -> Result<(), DecodeError>;

    /// Appends a null (BSON null, undefined or a missing field).
    fn append_null(&mut self);

    /// Appends a conflicting value's Extended JSON text, for
    /// [`ConflictPolicy::String`]. Returns false, appending nothing, when
    /// the column cannot hold text.
    fn append_text(&mut self, _text: &str) -> bool {
        false
    }

    /// Returns the values appended since the last call and starts afresh.
    fn finish(&mut self) -> ArrayRef;
}

/// A child decoder with what its parent needs to report on it.
pub(crate) struct ChildDecoder {
    decoder: Box<dyn ArrayDecoder>,
    /// The child's type as error messages name it.
    expected: String,
}

impl ChildDecoder {
    pub fn new(field_type: &FieldType, options: &DecoderOptions) -> Self {
        Self {
            decoder: make_decoder(field_type, options),
            expected: field_type.describe(),
        }
    }

    /// Appends a value that may be null, applying the conflict policy to a
    /// mismatch and adding `segment` to the path of a conflict that fails.
    pub fn append(
        &mut self,
        value: RawBsonRef<'_>,
        segment: impl FnOnce() -> PathSegment,
        ctx: &mut DecodeContext,
    ) -> Result<(), DecodeError> {
        if matches!(value, RawBsonRef::Null | RawBsonRef::Undefined) {
            self.decoder.append_null();
            return Ok(());
        }
        match self.decoder.append(value, ctx) {
            Ok(()) => Ok(()),
            Err(DecodeError::Mismatch(mismatch)) => match ctx.policy {
                ConflictPolicy::Error => Err(DecodeError::Conflict {
                    path: vec![segment()],
                    expected: self.expected.clone(),
                    found: mismatch.found,
                }),
                ConflictPolicy::Null => {
                    ctx.conflicts += 1;
                    self.decoder.append_null();
                    Ok(())
                }
                ConflictPolicy::String => {
                    ctx.conflicts += 1;
                    let text = render_canonical(value, ctx)?;
                    if !self.decoder.append_text(&text) {
                        self.decoder.append_null();
                    }
                    Ok(())
                }
            },
            Err(DecodeError::Conflict {
                mut path,
                expected,
                found,
            }) => {
                path.push(segment());
                Err(DecodeError::Conflict {
                    path,
                    expected,
                    found,
                })
            }
            Err(other) => Err(other),
        }
    }

    pub fn append_null(&mut self) {
        self.decoder.append_null();
    }

    pub fn finish(&mut self) -> ArrayRef {
        self.decoder.finish()
    }
}

/// Builds the decoder for a field type.
pub(crate) fn make_decoder(
    field_type: &FieldType,
    options: &DecoderOptions,
) -> Box<dyn ArrayDecoder> {
    match field_type {
        FieldType::Null => Box::new(null::NullDecoder::default()),
        FieldType::Double => Box::new(numeric::Float64Decoder::default()),
        FieldType::Int32 => Box::new(numeric::Int32Decoder::default()),
        FieldType::Int64 => Box::new(numeric::Int64Decoder::default()),
        FieldType::Bool => Box::new(boolean::BooleanDecoder::default()),
        FieldType::String => Box::new(string::TextDecoder::new(string::TextKind::String)),
        FieldType::Code => Box::new(string::TextDecoder::new(string::TextKind::Code)),
        FieldType::ExtendedJson => {
            Box::new(string::TextDecoder::new(string::TextKind::ExtendedJson))
        }
        FieldType::Date(spec) => Box::new(timestamp::TimestampDecoder::new(spec.clone())),
        FieldType::ObjectId => object_id::make(options.object_id()),
        FieldType::Decimal128(spec) => decimal::make(*spec, options.decimal128()),
        FieldType::Binary { subtype } => Box::new(binary::BinaryDecoder::new(*subtype)),
        FieldType::Uuid => Box::new(binary::UuidDecoder::default()),
        FieldType::Regex => Box::new(string_pair::StringPairDecoder::regex()),
        FieldType::CodeWithScope => Box::new(string_pair::StringPairDecoder::code_with_scope()),
        FieldType::Timestamp => Box::new(bson_timestamp::BsonTimestampDecoder::default()),
        FieldType::Document(fields) => Box::new(StructDecoder::new(fields, options)),
        FieldType::List(item) => Box::new(list_array::ListDecoder::new(item, options)),
        FieldType::Map(values) => Box::new(map_array::MapDecoder::new(values, options)),
    }
}

/// Appends one value with a default context, for unit tests of leaf decoders.
#[cfg(test)]
pub(crate) fn test_append(
    decoder: &mut dyn ArrayDecoder,
    value: RawBsonRef<'_>,
) -> Result<(), DecodeError> {
    decoder.append(value, &mut DecodeContext::new(ConflictPolicy::Error))
}
