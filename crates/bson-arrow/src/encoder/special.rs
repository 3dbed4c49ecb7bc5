//! The struct layouts the decoder gives BSON types that are pairs of values:
//! regular expressions `{pattern, options}`, replication timestamps `{t, i}`
//! and code with scope `{code, scope}`, the scope as Extended JSON.
//!
//! They are recognised by their declared type or, without one, by the
//! extension name the decoder puts on their field (`mongodb-arrow.regex`,
//! `mongodb-arrow.timestamp`, `mongodb-arrow.codewithscope`); either way the
//! struct must have these two children, by name and type. The shape alone
//! is not enough: a document of two required (non-nullable) string fields
//! named `pattern` and `options` has exactly a regex's layout.

use arrow_array::cast::AsArray;
use arrow_array::types::UInt32Type;
use arrow_array::{ArrayRef, StructArray, UInt32Array};
use arrow_schema::DataType;
use bson::spec::ElementType;
use bson::Bson;

use super::text::{parse_extended_json, Strings};
use super::{bytes, ArrayEncoder, EncodeError};
use crate::schema::{CODE_WITH_SCOPE_EXTENSION, REGEX_EXTENSION, TIMESTAMP_EXTENSION};

/// The BSON type a two-field struct stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PairAs {
    Regex,
    Timestamp,
    CodeWithScope,
}

impl PairAs {
    const ALL: [PairAs; 3] = [Self::Regex, Self::Timestamp, Self::CodeWithScope];

    fn names(self) -> [&'static str; 2] {
        match self {
            Self::Regex => ["pattern", "options"],
            Self::Timestamp => ["t", "i"],
            Self::CodeWithScope => ["code", "scope"],
        }
    }

    /// Whether `array` has this pair's two children, by name and type.
    pub fn fits(self, array: &StructArray) -> bool {
        let fields = array.fields();
        fields.len() == 2
            && fields.iter().zip(self.names()).all(|(field, name)| {
                field.name() == name
                    && match self {
                        Self::Timestamp => field.data_type() == &DataType::UInt32,
                        _ => matches!(
                            field.data_type(),
                            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                        ),
                    }
            })
    }

    /// The pair a column's `ARROW:extension:name` names, if any.
    pub fn tagged(extension: Option<&str>) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|pair| extension == Some(pair.extension()))
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Regex => REGEX_EXTENSION,
            Self::Timestamp => TIMESTAMP_EXTENSION,
            Self::CodeWithScope => CODE_WITH_SCOPE_EXTENSION,
        }
    }
}

/// The children of a pair struct, read by position once `fits` has held.
enum Parts {
    Texts(Strings, Strings),
    Numbers(UInt32Array, UInt32Array),
}

pub(crate) struct PairEncoder {
    pair: PairAs,
    parts: Parts,
}

impl PairEncoder {
    /// The encoder of `array`, which `pair.fits`.
    pub fn boxed(pair: PairAs, array: &StructArray) -> Box<dyn ArrayEncoder> {
        let column = |i: usize| -> &ArrayRef { array.column(i) };
        let parts = match pair {
            PairAs::Timestamp => Parts::Numbers(
                column(0).as_primitive::<UInt32Type>().clone(),
                column(1).as_primitive::<UInt32Type>().clone(),
            ),
            _ => Parts::Texts(
                Strings::of(column(0)).expect("fits() checked a text child"),
                Strings::of(column(1)).expect("fits() checked a text child"),
            ),
        };
        Box::new(Self { pair, parts })
    }
}

impl ArrayEncoder for PairEncoder {
    fn encode(&self, row: usize, out: &mut Vec<u8>) -> Result<ElementType, EncodeError> {
        match (&self.parts, self.pair) {
            (Parts::Numbers(time, increment), _) => {
                // BSON stores the increment in the low half, the seconds in the high.
                out.extend_from_slice(&increment.value(row).to_le_bytes());
                out.extend_from_slice(&time.value(row).to_le_bytes());
                Ok(ElementType::Timestamp)
            }
            (Parts::Texts(pattern, options), PairAs::Regex) => {
                bytes::put_cstring(out, pattern.value(row))?;
                // The BSON spec stores options in alphabetical order.
                let mut sorted: Vec<char> = options.value(row).chars().collect();
                sorted.sort_unstable();
                bytes::put_cstring(out, &sorted.into_iter().collect::<String>())?;
                Ok(ElementType::RegularExpression)
            }
            (Parts::Texts(code, scope), _) => {
                let Bson::Document(scope) = parse_extended_json(scope.value(row))? else {
                    return Err(EncodeError::new("the scope of code must be a document"));
                };
                let scope = scope.to_vec().map_err(|e| e.to_string())?;
                // Total length, code string, scope document.
                let start = out.len();
                out.extend_from_slice(&[0; 4]);
                bytes::put_string(out, code.value(row))?;
                out.extend_from_slice(&scope);
                let total = i32::try_from(out.len() - start)
                    .map_err(|_| "code with scope exceeds BSON's 2 GiB limit".to_string())?;
                out[start..start + 4].copy_from_slice(&total.to_le_bytes());
                Ok(ElementType::JavaScriptCodeWithScope)
            }
        }
    }
}
