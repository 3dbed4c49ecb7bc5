//! Leaf columns over one Arrow builder. What every such column does the same
//! way (a null is the builder's null, a flush is the builder's array, a
//! refused value is a [`Mismatch`]) is [`LeafDecoder`], written once; each
//! column says only which BSON values it takes and how, as [`LeafValues`].

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, FixedSizeBinaryBuilder, GenericByteBuilder, NullBuilder, PrimitiveBuilder,
};
use arrow_array::types::ByteArrayType;
use arrow_array::{ArrayRef, ArrowPrimitiveType};
use bson::RawBsonRef;

use super::array_decoder::ArrayDecoder;
use crate::decode_context::DecodeContext;
use crate::decode_error::{DecodeError, DecodeResult, Mismatch};

/// An Arrow builder, through what a column needs besides appending values.
pub(crate) trait ColumnBuilder: Send {
    fn append_null(&mut self);

    /// The values appended since the last call; the builder starts afresh.
    fn finish_array(&mut self) -> ArrayRef;
}

/// Implements [`ColumnBuilder`] with each builder's own methods.
macro_rules! column_builders {
    ($([$($generics:tt)*] $builder:ty),* $(,)?) => {
        $(impl<$($generics)*> ColumnBuilder for $builder {
            #[inline]
            fn append_null(&mut self) {
                <$builder>::append_null(self)
            }

            fn finish_array(&mut self) -> ArrayRef {
                Arc::new(<$builder>::finish(self))
            }
        })*
    };
}

column_builders!(
    [P: ArrowPrimitiveType] PrimitiveBuilder<P>,
    [T: ByteArrayType] GenericByteBuilder<T>,
    [] BooleanBuilder,
    [] FixedSizeBinaryBuilder,
    [] NullBuilder,
);

/// The BSON values a leaf column takes, and how it appends them.
pub(crate) trait LeafValues: Send {
    type Builder: ColumnBuilder;

    /// Appends `value` to `to`, or appends nothing and returns the mismatch.
    fn append(&self, to: &mut Self::Builder, value: RawBsonRef<'_>) -> Result<(), Mismatch>;
}

/// The [`ArrayDecoder`] of a leaf column.
pub(crate) struct LeafDecoder<V: LeafValues> {
    values: V,
    builder: V::Builder,
}

impl<V: LeafValues> LeafDecoder<V> {
    pub fn new(values: V, builder: V::Builder) -> Self {
        Self { values, builder }
    }

    /// The builder, for appends that need no conversion.
    #[inline(always)]
    pub fn builder_mut(&mut self) -> &mut V::Builder {
        &mut self.builder
    }
}

impl<V: LeafValues> ArrayDecoder for LeafDecoder<V> {
    #[inline]
    fn append(&mut self, value: RawBsonRef<'_>, _: &mut DecodeContext) -> DecodeResult {
        let appended = self.values.append(&mut self.builder, value);
        appended.map_err(DecodeError::Mismatch)
    }

    fn append_null(&mut self) {
        self.builder.append_null();
    }

    fn finish(&mut self) -> ArrayRef {
        self.builder.finish_array()
    }
}
