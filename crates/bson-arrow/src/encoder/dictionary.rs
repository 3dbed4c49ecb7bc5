//! Dictionary-encoded columns (categoricals from Polars or apache-arrow) are
//! written as their values: BSON has no dictionaries. Each row looks its
//! value up through the keys; the parent's null check already covers both
//! null keys and null values (the column's logical nulls).

use arrow_array::cast::AsArray;
use arrow_array::ArrayRef;
use arrow_schema::Field;
use bson::spec::ElementType;

use super::{make_encoder, ArrayEncoder, BuildContext, EncodeError};
use crate::error::Error;
use crate::schema::FieldType;

pub(crate) struct DictionaryEncoder {
    keys: Vec<usize>,
    values: Box<dyn ArrayEncoder>,
}

impl DictionaryEncoder {
    /// The encoder of `array`, or `None` if it is not dictionary-encoded.
    /// The field's metadata and the hint apply to the values.
    pub fn new(
        array: &ArrayRef,
        field: &Field,
        hint: Option<&FieldType>,
        path: &str,
        cx: BuildContext,
    ) -> Option<Result<Self, Error>> {
        let dictionary = array.as_any_dictionary_opt()?;
        let values = dictionary.values();
        Some(
            make_encoder(values, field, hint, path, cx).map(|values| Self {
                keys: dictionary.normalized_keys(),
                values,
            }),
        )
    }
}

impl ArrayEncoder for DictionaryEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        self.values.encode(self.keys[row], out)
    }
}
