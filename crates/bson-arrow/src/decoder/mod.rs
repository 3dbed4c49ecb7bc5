//! Column decoders: one per Arrow type family, as arrow-json's reader has
//! them, behind the private [`ArrayDecoder`] trait. [`make_decoder`] builds
//! the tree: it makes each nested decoder's children and hands them over, so
//! document, list and map decoders own their children (the tree has the
//! schema's shape, never dotted paths) without depending on this factory.
//!
//! Leaf columns over one Arrow builder implement [`leaf::LeafDecoder`]; the
//! parent-to-child edge, [`ChildDecoder`], applies nulls and the conflict
//! policy the same way for every column.

mod array_decoder;
mod binary_array;
mod boolean_array;
mod column;
mod decimal_array;
mod fixed_size_binary_array;
mod fixed_struct_array;
mod leaf;
mod list_array;
mod map_array;
mod null_array;
mod primitive_array;
mod report;
mod row_offsets;
mod string_array;
mod struct_array;
mod timestamp_array;

use arrow_array::builder::{BinaryBuilder, BooleanBuilder, FixedSizeBinaryBuilder, NullBuilder};
use arrow_array::types::{
    Float64Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType,
};
use arrow_schema::{DataType, TimeUnit};

pub(crate) use array_decoder::{ArrayDecoder, ChildDecoder};
use column::Column;
pub(crate) use report::Tally;
pub use report::{Coercion, ReadReport};
pub(crate) use struct_array::StructDecoder;

use crate::options::{Decimal128Representation, DecoderOptions, ObjectIdRepresentation};
use crate::schema::{DateSpec, FieldSpec, FieldType};
use binary_array::Binaries;
use boolean_array::Booleans;
use decimal_array::decimal_builder;
use fixed_size_binary_array::FixedSizeKind;
use fixed_struct_array::{BsonTimestampDecoder, StringPairDecoder};
use leaf::LeafDecoder;
use list_array::ListDecoder;
use map_array::MapDecoder;
use null_array::Nulls;
use primitive_array::PrimitiveDecoder;
use string_array::{TextDecoder, TextKind};

/// Builds the decoder for a field type, and those of its children.
pub(crate) fn make_decoder(
    field_type: &FieldType,
    options: &DecoderOptions,
) -> Box<dyn ArrayDecoder> {
    let text = |kind| Box::new(TextDecoder::new(kind));
    let bytes = |kind: FixedSizeKind| {
        Box::new(LeafDecoder::new(
            kind,
            FixedSizeBinaryBuilder::new(kind.width()),
        ))
    };
    match field_type {
        FieldType::Null => Box::new(LeafDecoder::new(Nulls, NullBuilder::new())),
        FieldType::Double => Box::new(PrimitiveDecoder::<Float64Type>::default()),
        FieldType::Int32 => Box::new(PrimitiveDecoder::<Int32Type>::default()),
        FieldType::Int64 => Box::new(PrimitiveDecoder::<Int64Type>::default()),
        FieldType::Bool => Box::new(LeafDecoder::new(Booleans, BooleanBuilder::new())),
        FieldType::String => text(TextKind::String),
        FieldType::Code => text(TextKind::Code),
        FieldType::ExtendedJson => text(TextKind::ExtendedJson),
        FieldType::Text => text(TextKind::Plain),
        FieldType::Date(spec) => make_timestamp(spec),
        FieldType::ObjectId => match options.object_id() {
            ObjectIdRepresentation::Hex => text(TextKind::ObjectIdHex),
            ObjectIdRepresentation::Binary => bytes(FixedSizeKind::ObjectId),
        },
        FieldType::Decimal128(Some(spec)) => {
            Box::new(LeafDecoder::new(*spec, decimal_builder(*spec)))
        }
        FieldType::Decimal128(None) => match options.decimal128() {
            Decimal128Representation::String => text(TextKind::Decimal128),
            Decimal128Representation::Binary => bytes(FixedSizeKind::Decimal128),
        },
        FieldType::Binary { subtype } => {
            let values = Binaries { subtype: *subtype };
            Box::new(LeafDecoder::new(values, BinaryBuilder::new()))
        }
        FieldType::Uuid => text(TextKind::Uuid),
        FieldType::Regex => Box::new(StringPairDecoder::regex()),
        FieldType::CodeWithScope => Box::new(StringPairDecoder::code_with_scope()),
        FieldType::Timestamp => Box::new(BsonTimestampDecoder::default()),
        FieldType::Document(fields) => Box::new(make_struct(fields, options)),
        FieldType::List(item) => {
            Box::new(ListDecoder::new(item, make_child(item, options), options))
        }
        FieldType::Map(values) => Box::new(MapDecoder::new(
            values,
            make_child(values, options),
            options,
        )),
    }
}

/// The decoder of a document with these fields; the record decoder's root is one.
pub(crate) fn make_struct(fields: &[FieldSpec], options: &DecoderOptions) -> StructDecoder {
    let children = fields
        .iter()
        .map(|field| {
            make_child(&field.field_type, options).with_required(field.is_required(options))
        })
        .collect();
    StructDecoder::new(fields, children, options)
}

fn make_child(field_type: &FieldType, options: &DecoderOptions) -> ChildDecoder {
    ChildDecoder::of_column(make_column(field_type, options), field_type.describe())
}

/// The column of a field type: the common ones by value (see [`Column`]).
fn make_column(field_type: &FieldType, options: &DecoderOptions) -> Column {
    match field_type {
        FieldType::Double => Column::Float64(PrimitiveDecoder::default()),
        FieldType::Int32 => Column::Int32(PrimitiveDecoder::default()),
        FieldType::Int64 => Column::Int64(PrimitiveDecoder::default()),
        FieldType::Bool => Column::Bool(LeafDecoder::new(Booleans, BooleanBuilder::new())),
        FieldType::String => Column::Text(TextDecoder::new(TextKind::String)),
        FieldType::ObjectId if options.object_id() == ObjectIdRepresentation::Hex => {
            Column::Text(TextDecoder::new(TextKind::ObjectIdHex))
        }
        FieldType::Date(spec) if spec.unit == TimeUnit::Millisecond => {
            let data_type = DataType::Timestamp(spec.unit, spec.timezone.clone());
            Column::DateMillis(PrimitiveDecoder::new(data_type))
        }
        FieldType::Document(fields) => Column::Document(Box::new(make_struct(fields, options))),
        FieldType::List(item) => Column::List(Box::new(ListDecoder::new(
            item,
            make_child(item, options),
            options,
        ))),
        other => Column::Other(make_decoder(other, options)),
    }
}

/// One decoder type per unit, so that each converts with a constant factor.
fn make_timestamp(spec: &DateSpec) -> Box<dyn ArrayDecoder> {
    let data_type = DataType::Timestamp(spec.unit, spec.timezone.clone());
    match spec.unit {
        TimeUnit::Second => Box::new(PrimitiveDecoder::<TimestampSecondType>::new(data_type)),
        TimeUnit::Millisecond => {
            Box::new(PrimitiveDecoder::<TimestampMillisecondType>::new(data_type))
        }
        TimeUnit::Microsecond => {
            Box::new(PrimitiveDecoder::<TimestampMicrosecondType>::new(data_type))
        }
        TimeUnit::Nanosecond => {
            Box::new(PrimitiveDecoder::<TimestampNanosecondType>::new(data_type))
        }
    }
}
