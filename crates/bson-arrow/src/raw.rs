//! A bounds-checked walk over the elements of a raw BSON document that knows
//! where each element starts, so malformed input is reported with its byte
//! offset.
//!
//! This is the decoder's hot loop, so it does the least work that still
//! checks the document's structure: every element's type byte, key
//! terminator and value length is checked against the document, but keys are
//! handed out as bytes (a key that equals a schema name byte for byte is valid
//! UTF-8 without being checked) and values are only parsed, and string values
//! checked for UTF-8, when [`Element::value`] is called.

use bson::oid::ObjectId;
use bson::raw::{RawArray, RawBinaryRef, RawJavaScriptCodeWithScopeRef, RawRegexRef};
use bson::spec::BinarySubtype;
use bson::{DateTime, Decimal128, RawBsonRef, RawDocument, Timestamp};
use serde::Deserialize;

use crate::decode_error::DecodeError;

/// One element of a document and where it starts in the caller's buffer.
pub(crate) struct Element<'a> {
    kind: u8,
    /// The key's bytes, without its terminator; not checked for UTF-8.
    pub key: &'a [u8],
    /// Exactly the value's bytes, whose length the walk has checked.
    bytes: &'a [u8],
    /// Absolute offset of the element's type byte.
    pub offset: usize,
    /// Whether the key is the one the caller expected.
    pub expected: bool,
}

/// The elements of a document or array, walked over its bytes.
pub(crate) struct Elements<'a> {
    /// The whole document: length prefix through terminator.
    doc: &'a [u8],
    /// Absolute offset of the document's first byte.
    doc_offset: usize,
    /// Offset within the document of the next element.
    position: usize,
}

impl<'a> Elements<'a> {
    /// The elements of the document `doc` (length prefix through
    /// terminator), which starts at `doc_offset` in the caller's buffer.
    /// Checks the length prefix and the terminator.
    pub fn new(doc: &'a [u8], doc_offset: usize) -> Result<Self, DecodeError> {
        let invalid = |message: String| DecodeError::Invalid {
            offset: doc_offset,
            message,
        };
        let length = read_i32(doc, 0).ok_or_else(|| invalid("document too short".into()))?;
        if length < 5 || length as usize != doc.len() {
            return Err(invalid(format!(
                "document length {length} does not match its {} bytes",
                doc.len()
            )));
        }
        if doc[doc.len() - 1] != 0 {
            return Err(invalid("document is not NUL-terminated".into()));
        }
        Ok(Self {
            doc,
            doc_offset,
            // Past the 4-byte length prefix.
            position: 4,
        })
    }

    /// The next element, `None` after the last one. After an error the walk
    /// must not continue. `expected` is the key the caller expects next: if
    /// the element has it, the key is found without a search and
    /// [`Element::expected`] is set.
    #[inline(always)]
    pub fn next_element(
        &mut self,
        expected: Option<&[u8]>,
    ) -> Result<Option<Element<'a>>, DecodeError> {
        self.next_matching(|after_type| match expected {
            Some(name)
                if after_type.get(name.len()) == Some(&0)
                    && after_type.get(..name.len()) == Some(name) =>
            {
                Some(name.len())
            }
            _ => None,
        })
    }

    /// [`Elements::next_element`] with the expected key prepared once for
    /// many documents (see [`ExpectedKey`]).
    #[inline(always)]
    pub fn next_expected(
        &mut self,
        expected: Option<&ExpectedKey>,
    ) -> Result<Option<Element<'a>>, DecodeError> {
        self.next_matching(|after_type| expected.and_then(|key| key.matched_len(after_type)))
    }

    /// The next element; `matched` returns the key's length when the bytes
    /// after the type byte begin with the expected key and its NUL.
    #[inline(always)]
    fn next_matching(
        &mut self,
        matched: impl FnOnce(&[u8]) -> Option<usize>,
    ) -> Result<Option<Element<'a>>, DecodeError> {
        // `new` checked that the last byte is the terminator; elements end before it.
        let body = &self.doc[..self.doc.len() - 1];
        let start = self.position;
        let Some(&kind) = body.get(start) else {
            return Ok(None);
        };
        let key_start = start + 1;
        let after_type = &body[key_start..];
        let (key_len, is_expected) = match matched(after_type) {
            Some(len) => (len, true),
            None => match find_nul(after_type) {
                Some(len) => (len, false),
                None => return Err(self.malformed(start, "element key is not NUL-terminated")),
            },
        };
        let value_start = key_start + key_len + 1;
        let rest = &body[value_start..];
        let size = match FIXED_SIZES[usize::from(kind)] {
            size if size != u8::MAX && usize::from(size) <= rest.len() => usize::from(size),
            _ => match value_size(kind, rest) {
                Ok(size) => size,
                Err(problem) => return Err(self.malformed(start, &problem)),
            },
        };
        self.position = value_start + size;
        Ok(Some(Element {
            kind,
            key: &after_type[..key_len],
            bytes: &rest[..size],
            offset: self.doc_offset + start,
            expected: is_expected,
        }))
    }

    /// The error for the element at `start`, named by its key when it has one.
    #[cold]
    #[inline(never)]
    fn malformed(&self, start: usize, problem: &str) -> DecodeError {
        let after_type = &self.doc[start + 1..self.doc.len() - 1];
        let message = match (self.doc[start], find_nul(after_type)) {
            (0, _) => format!(
                "document ends at byte {start} of its {} bytes",
                self.doc.len()
            ),
            (_, Some(len)) => format!(
                "field '{}': {problem}",
                String::from_utf8_lossy(&after_type[..len])
            ),
            (_, None) => problem.to_string(),
        };
        DecodeError::Invalid {
            offset: self.doc_offset + start,
            message,
        }
    }
}

/// A key the walk expects, prepared once so that matching it costs one
/// masked 16-byte compare instead of a call to `memcmp` (keys of up to 15
/// bytes; longer ones compare as slices).
pub(crate) struct ExpectedKey {
    /// The key and its NUL terminator.
    with_nul: Box<[u8]>,
    /// The first 16 bytes of `with_nul`, zero-padded, little-endian.
    head: u128,
    /// Ones over the bytes of `with_nul` in `head`.
    mask: u128,
}

impl ExpectedKey {
    pub fn new(name: &[u8]) -> Self {
        let with_nul: Box<[u8]> = [name, &[0]].concat().into();
        let mut head = [0u8; 16];
        let n = with_nul.len().min(16);
        head[..n].copy_from_slice(&with_nul[..n]);
        let mask = match n {
            16 => u128::MAX,
            n => (1u128 << (8 * n)) - 1,
        };
        Self {
            with_nul,
            head: u128::from_le_bytes(head),
            mask,
        }
    }

    /// The key's length if `bytes` begins with the key and its NUL.
    #[inline(always)]
    fn matched_len(&self, bytes: &[u8]) -> Option<usize> {
        let n = self.with_nul.len();
        let matches = match bytes.get(..16) {
            Some(window) if n <= 16 => {
                let window = u128::from_le_bytes(window.try_into().expect("16 bytes"));
                window & self.mask == self.head
            }
            _ => bytes.get(..n) == Some(&self.with_nul[..]),
        };
        matches.then_some(n - 1)
    }
}

/// Sizes of the fixed-size types by type byte; `u8::MAX` for the others
/// (variable-size, or no type at all), which [`value_size`] measures.
const FIXED_SIZES: [u8; 256] = {
    let mut sizes = [u8::MAX; 256];
    sizes[0x01] = 8; // double
    sizes[0x06] = 0; // undefined
    sizes[0x07] = 12; // ObjectId
    sizes[0x08] = 1; // bool
    sizes[0x09] = 8; // datetime
    sizes[0x0A] = 0; // null
    sizes[0x10] = 4; // int32
    sizes[0x11] = 8; // timestamp
    sizes[0x12] = 8; // int64
    sizes[0x13] = 16; // Decimal128
    sizes[0x7F] = 0; // maxKey
    sizes[0xFF] = 0; // minKey
    sizes
};

/// Where the first NUL is: keys are short, so a plain loop over the first
/// bytes beats setting up a vector search.
#[inline(always)]
fn find_nul(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(16)];
    match head.iter().position(|&b| b == 0) {
        Some(i) => Some(i),
        None if bytes.len() > 16 => memchr::memchr(0, &bytes[16..]).map(|i| i + 16),
        None => None,
    }
}

/// Reads a little-endian i32 at `at`, if the bytes are there.
#[inline]
fn read_i32(bytes: &[u8], at: usize) -> Option<i32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A fixed-size value's bytes as an array; the walk checked the size.
#[inline]
fn fixed<const N: usize>(bytes: &[u8]) -> Result<[u8; N], &'static str> {
    bytes.try_into().map_err(|_| "value has the wrong size")
}

/// The size of the value of type `kind` at the start of `rest` (the bytes up
/// to the document's terminator), checking every length it reads.
#[inline]
fn value_size(kind: u8, rest: &[u8]) -> Result<usize, String> {
    let size = match kind {
        0x06 | 0x0A | 0x7F | 0xFF => 0, // undefined, null, maxKey, minKey
        0x08 => 1,                      // bool
        0x10 => 4,                      // int32
        0x01 | 0x09 | 0x11 | 0x12 => 8, // double, datetime, timestamp, int64
        0x07 => 12,                     // ObjectId
        0x13 => 16,                     // Decimal128
        0x02 | 0x0D | 0x0E => string_size(rest)?, // string, code, symbol
        0x03 | 0x04 => {
            let length = read_i32(rest, 0).ok_or("truncated document length")?;
            if length < 5 {
                return Err(format!("embedded document length {length} is too small"));
            }
            let length = length as usize;
            if rest.get(length - 1) != Some(&0) {
                return Err(format!(
                    "embedded document of {length} bytes overruns its parent or is not NUL-terminated"
                ));
            }
            length
        }
        0x05 => {
            let length = read_i32(rest, 0).ok_or("truncated binary length")?;
            usize::try_from(length)
                .map_err(|_| format!("binary length {length} is negative"))?
                .checked_add(5)
                .ok_or("binary length overflows")?
        }
        0x0B => {
            let pattern = memchr::memchr(0, rest).ok_or("regex pattern is not NUL-terminated")?;
            let options = memchr::memchr(0, &rest[pattern + 1..])
                .ok_or("regex options are not NUL-terminated")?;
            pattern + 1 + options + 1
        }
        0x0C => string_size(rest)? + 12, // DBPointer: namespace and ObjectId
        0x0F => {
            let length = read_i32(rest, 0).ok_or("truncated code with scope length")?;
            // Length, an empty string (length and NUL) and an empty document.
            if length < 14 {
                return Err(format!("code with scope length {length} is too small"));
            }
            length as usize
        }
        other => return Err(format!("invalid element type 0x{other:02x}")),
    };
    if size > rest.len() {
        return Err(format!(
            "value of {size} bytes overruns its document ({} bytes left)",
            rest.len()
        ));
    }
    Ok(size)
}

/// The size of a length-prefixed, NUL-terminated string.
#[inline]
fn string_size(rest: &[u8]) -> Result<usize, String> {
    let length = read_i32(rest, 0).ok_or("truncated string length")?;
    if length < 1 {
        return Err(format!("string length {length} is too small"));
    }
    let size = length as usize + 4;
    if rest.get(size - 1) != Some(&0) {
        return Err(format!(
            "string of {length} bytes overruns its document or is not NUL-terminated"
        ));
    }
    Ok(size)
}

/// The text of a length-prefixed string whose size the walk checked.
#[inline]
fn string_value(bytes: &[u8]) -> Result<&str, String> {
    let text = bytes.get(4..bytes.len() - 1).ok_or("truncated string")?;
    std::str::from_utf8(text).map_err(|e| format!("string is not valid UTF-8: {e}"))
}

impl<'a> Element<'a> {
    /// The element's BSON type byte.
    #[inline]
    pub fn kind(&self) -> u8 {
        self.kind
    }

    /// Exactly the value's bytes (for a document: length prefix through terminator).
    #[inline]
    pub fn value_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Absolute offset of the value's first byte: past the type byte, the key and its NUL.
    #[inline]
    pub fn value_offset(&self) -> usize {
        self.offset + 1 + self.key.len() + 1
    }

    /// The BSON type of the value.
    #[cfg(test)]
    pub fn element_type(&self) -> Option<bson::spec::ElementType> {
        bson::spec::ElementType::from(self.kind)
    }

    /// The key as text, checked for UTF-8 (for keys no schema name matched).
    pub fn key_str(&self) -> Result<&'a str, DecodeError> {
        std::str::from_utf8(self.key).map_err(|e| DecodeError::Invalid {
            offset: self.offset,
            message: format!("element key is not valid UTF-8: {e}"),
        })
    }

    /// Parses the value: fixed-size values are read directly, strings
    /// checked for UTF-8, nested documents and arrays only framed.
    #[inline]
    pub fn value(&self) -> Result<RawBsonRef<'a>, DecodeError> {
        self.parse().map_err(|problem| DecodeError::Invalid {
            offset: self.offset,
            message: format!("field '{}': {problem}", String::from_utf8_lossy(self.key)),
        })
    }

    #[inline]
    fn parse(&self) -> Result<RawBsonRef<'a>, String> {
        let bytes = self.bytes;
        Ok(match self.kind {
            0x01 => RawBsonRef::Double(f64::from_le_bytes(fixed(bytes)?)),
            0x02 => RawBsonRef::String(string_value(bytes)?),
            0x03 => {
                RawBsonRef::Document(RawDocument::from_bytes(bytes).map_err(|e| e.to_string())?)
            }
            0x04 => RawBsonRef::Array(array(bytes)?),
            0x05 => RawBsonRef::Binary(binary(bytes)?),
            0x06 => RawBsonRef::Undefined,
            0x07 => RawBsonRef::ObjectId(ObjectId::from_bytes(fixed(bytes)?)),
            0x08 => match bytes {
                [0] => RawBsonRef::Boolean(false),
                [1] => RawBsonRef::Boolean(true),
                _ => return Err(format!("boolean must be stored as 0 or 1, got {bytes:?}")),
            },
            0x09 => RawBsonRef::DateTime(DateTime::from_millis(i64::from_le_bytes(fixed(bytes)?))),
            0x0A => RawBsonRef::Null,
            0x0B => {
                let (pattern, options) = cstrings(bytes)?;
                RawBsonRef::RegularExpression(RawRegexRef {
                    pattern: pattern.try_into().map_err(|e| format!("{e}"))?,
                    options: options.try_into().map_err(|e| format!("{e}"))?,
                })
            }
            0x0C => db_pointer(bytes)?,
            0x0D => RawBsonRef::JavaScriptCode(string_value(bytes)?),
            0x0E => RawBsonRef::Symbol(string_value(bytes)?),
            0x0F => RawBsonRef::JavaScriptCodeWithScope(code_with_scope(bytes)?),
            0x10 => RawBsonRef::Int32(i32::from_le_bytes(fixed(bytes)?)),
            0x11 => {
                let [i0, i1, i2, i3, t0, t1, t2, t3] = fixed(bytes)?;
                RawBsonRef::Timestamp(Timestamp {
                    increment: u32::from_le_bytes([i0, i1, i2, i3]),
                    time: u32::from_le_bytes([t0, t1, t2, t3]),
                })
            }
            0x12 => RawBsonRef::Int64(i64::from_le_bytes(fixed(bytes)?)),
            0x13 => RawBsonRef::Decimal128(Decimal128::from_bytes(fixed(bytes)?)),
            0x7F => RawBsonRef::MaxKey,
            0xFF => RawBsonRef::MinKey,
            other => return Err(format!("invalid element type 0x{other:02x}")),
        })
    }
}

/// An array's bytes as the bson crate's [`RawArray`]. The crate offers no
/// public constructor from bytes, but its serde support builds a borrowed
/// array from borrowed bytes: safe, and it checks the framing again.
fn array(bytes: &[u8]) -> Result<&RawArray, String> {
    let deserializer =
        serde::de::value::BorrowedBytesDeserializer::<serde::de::value::Error>::new(bytes);
    <&RawArray>::deserialize(deserializer).map_err(|e| e.to_string())
}

/// Binary data, with the inner length of the old binary subtype (0x02)
/// checked and stripped as the bson crate does.
fn binary(bytes: &[u8]) -> Result<RawBinaryRef<'_>, String> {
    let subtype = BinarySubtype::from(*bytes.get(4).ok_or("truncated binary")?);
    let data = &bytes[5..];
    let data = if subtype == BinarySubtype::BinaryOld {
        let inner = read_i32(data, 0).ok_or("old binary subtype has no inner length")?;
        if usize::try_from(inner).ok().and_then(|n| n.checked_add(4)) != Some(data.len()) {
            return Err("old binary subtype has the wrong inner length".into());
        }
        &data[4..]
    } else {
        data
    };
    Ok(RawBinaryRef {
        subtype,
        bytes: data,
    })
}

/// The two NUL-terminated strings of a regex, checked for UTF-8.
fn cstrings(bytes: &[u8]) -> Result<(&str, &str), String> {
    let mut parts = bytes.split(|b| *b == 0);
    let mut next = || {
        std::str::from_utf8(parts.next().unwrap_or_default())
            .map_err(|e| format!("regex is not valid UTF-8: {e}"))
    };
    Ok((next()?, next()?))
}

fn code_with_scope(bytes: &[u8]) -> Result<RawJavaScriptCodeWithScopeRef<'_>, String> {
    let body = &bytes[4..];
    let code_size = string_size(body)?;
    let code = string_value(&body[..code_size])?;
    let scope =
        RawDocument::from_bytes(&body[code_size..]).map_err(|e| format!("code with scope: {e}"))?;
    Ok(RawJavaScriptCodeWithScopeRef { code, scope })
}

/// A DBPointer (deprecated). The bson crate keeps its fields private, so it
/// is built through the crate's serde support, as a borrowed value.
fn db_pointer(bytes: &[u8]) -> Result<RawBsonRef<'_>, String> {
    let split = bytes.len() - 12;
    let namespace = string_value(&bytes[..split])?;
    let id = ObjectId::from_bytes(fixed(&bytes[split..])?);
    let value =
        RawBsonRef::deserialize(db_pointer::Outer { namespace, id }).map_err(|e| e.to_string())?;
    match value {
        RawBsonRef::DbPointer(_) => Ok(value),
        _ => Err("DBPointer could not be read".into()),
    }
}

/// A serde deserializer of `{"$dbPointer": {"$ref": namespace, "$id": id}}`,
/// the form in which the bson crate's raw visitor accepts a borrowed DBPointer.
mod db_pointer {
    use bson::oid::ObjectId;
    use serde::de::value::{Error, StrDeserializer};
    use serde::de::{DeserializeSeed, MapAccess, Visitor};
    use serde::Deserializer;

    #[derive(Clone, Copy)]
    pub(super) struct Outer<'a> {
        pub namespace: &'a str,
        pub id: ObjectId,
    }

    struct Body<'a>(Outer<'a>);

    struct Entries<'a> {
        value: Outer<'a>,
        /// Keys handed out so far.
        step: usize,
        /// For the outer map: one `$dbPointer` entry; for the body: two.
        body: bool,
    }

    impl<'de> Deserializer<'de> for Outer<'de> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_map(Entries {
                value: self,
                step: 0,
                body: false,
            })
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    impl<'de> Deserializer<'de> for Body<'de> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_map(Entries {
                value: self.0,
                step: 0,
                body: true,
            })
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    /// A borrowed string that also reads as a newtype around itself, as
    /// the bson crate's `CowStr` asks.
    struct Text<'a>(&'a str);

    impl<'de> Deserializer<'de> for Text<'de> {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_borrowed_str(self.0)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visitor.visit_newtype_struct(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }

    impl<'de> MapAccess<'de> for Entries<'de> {
        type Error = Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Error> {
            let key = match (self.body, self.step) {
                (false, 0) => "$dbPointer",
                (true, 0) => "$ref",
                (true, 1) => "$id",
                _ => return Ok(None),
            };
            self.step += 1;
            seed.deserialize(Text(key)).map(Some)
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
            match (self.body, self.step) {
                (false, _) => seed.deserialize(Body(self.value)),
                (true, 1) => seed.deserialize(Text(self.value.namespace)),
                _ => seed.deserialize(StrDeserializer::new(&self.value.id.to_hex())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use bson::{rawdoc, Bson};

    use super::*;

    fn values(doc: &[u8]) -> Vec<(String, RawBsonRef<'_>)> {
        let mut elements = Elements::new(doc, 0).unwrap();
        let mut out = Vec::new();
        while let Some(element) = elements.next_element(None).unwrap() {
            out.push((
                element.key_str().unwrap().to_string(),
                element.value().unwrap(),
            ));
        }
        out
    }

    #[test]
    fn reads_every_type_as_the_bson_crate_does() {
        let regex = bson::Regex {
            pattern: "a.*b".try_into().unwrap(),
            options: "i".try_into().unwrap(),
        };
        let doc = bson::doc! {
            "d": 1.5, "s": "h\u{e9}llo", "o": { "x": 1 }, "a": [1, "two"],
            "b": bson::Binary { subtype: BinarySubtype::Generic, bytes: vec![1, 2] },
            "old": bson::Binary { subtype: BinarySubtype::BinaryOld, bytes: vec![3, 4, 5] },
            "u": Bson::Undefined, "id": ObjectId::from_bytes([7; 12]), "t": true,
            "dt": DateTime::from_millis(-5), "n": Bson::Null, "r": regex,
            "c": Bson::JavaScriptCode("f()".into()),
            "sy": Bson::Symbol("sym".into()),
            "cws": Bson::JavaScriptCodeWithScope(bson::JavaScriptCodeWithScope {
                code: "g()".into(), scope: bson::doc! { "v": 1 } }),
            "i": 7, "ts": Timestamp { time: 3, increment: 4 }, "l": i64::MIN,
            "dec": Decimal128::from_bytes([9; 16]), "max": Bson::MaxKey, "min": Bson::MinKey,
        };
        let bytes = bson::serialize_to_vec(&doc).unwrap();
        let expected: Vec<_> = RawDocument::from_bytes(&bytes)
            .unwrap()
            .iter()
            .map(|r| r.unwrap())
            .map(|(k, v)| (k.as_str().to_string(), v))
            .collect();
        assert_eq!(values(&bytes), expected);
    }

    /// A DBPointer's value bytes: namespace "db.c" and an ObjectId.
    fn db_pointer_bytes() -> Vec<u8> {
        let mut bytes = 5i32.to_le_bytes().to_vec();
        bytes.extend_from_slice(b"db.c\0");
        bytes.extend_from_slice(&[0xab; 12]);
        bytes
    }

    #[test]
    fn db_pointer_goes_through_serde() {
        let bytes = db_pointer_bytes();
        let value = db_pointer(&bytes).unwrap();
        let bson = Bson::try_from(value).unwrap();
        assert_eq!(
            bson.into_canonical_extjson().to_string(),
            r#"{"$dbPointer":{"$ref":"db.c","$id":{"$oid":"abababababababababababab"}}}"#
        );
    }

    #[test]
    fn array_goes_through_serde_and_borrows() {
        let doc = rawdoc! { "a": [1, 2] };
        let mut elements = Elements::new(doc.as_bytes(), 0).unwrap();
        let element = elements.next_element(None).unwrap().unwrap();
        assert_eq!(element.element_type(), Some(bson::spec::ElementType::Array));
        let RawBsonRef::Array(array) = element.value().unwrap() else {
            panic!("not an array");
        };
        assert!(std::ptr::eq(array.as_bytes(), element.bytes));
        assert_eq!(array.get_i32(1).unwrap(), 2);
    }

    #[test]
    fn long_variable_size_values_are_measured_not_looked_up() {
        // Longer than any fixed size, so a table slip would show.
        let long = "x".repeat(300);
        let doc = rawdoc! { "s": long.as_str(), "d": { "t": long.as_str() }, "a": [long.as_str()] };
        let values = values(doc.as_bytes());
        assert_eq!(values.len(), 3);
        assert_eq!(values[0].1, RawBsonRef::String(&long));
        let RawBsonRef::Document(d) = values[1].1 else {
            panic!("not a document")
        };
        assert_eq!(d.get_str("t").unwrap(), long);
    }

    #[test]
    fn an_expected_key_must_match_whole() {
        let doc = rawdoc! { "ab": 1, "a": 2 };
        let mut elements = Elements::new(doc.as_bytes(), 0).unwrap();
        let first = elements.next_element(Some(b"a")).unwrap().unwrap();
        assert_eq!((first.key, first.expected), (&b"ab"[..], false));
        let second = elements.next_element(Some(b"a")).unwrap().unwrap();
        assert_eq!((second.key, second.expected), (&b"a"[..], true));
        // An expected key longer than what is left must not reach the terminator.
        assert!(elements.next_element(Some(b"abc")).unwrap().is_none());
    }

    #[test]
    fn a_prepared_key_matches_exactly_the_key_and_its_terminator() {
        for name in [
            "a",
            "ab",
            "seven77",
            "fifteen_bytes_k",
            "sixteen_bytes_ke",
            "a longer key than 16",
        ] {
            let key = ExpectedKey::new(name.as_bytes());
            let mut doc = bson::Document::new();
            doc.insert(format!("{name}x"), 1);
            doc.insert(&name[..name.len() - 1], 2);
            doc.insert(name, 3);
            let bytes = bson::serialize_to_vec(&doc).unwrap();
            let mut elements = Elements::new(&bytes, 0).unwrap();
            for expected in [false, false, true] {
                let element = elements.next_expected(Some(&key)).unwrap().unwrap();
                assert_eq!(element.expected, expected, "{name}");
            }
        }
    }

    #[test]
    fn errors_carry_the_element_offset() {
        let doc = rawdoc! { "a": 1, "s": "x" };
        let mut bytes = doc.as_bytes().to_vec();
        // "s" starts at 4 + 7 (type, "a\0", int32); its length at + 3.
        bytes[14] = 9;
        let mut elements = Elements::new(&bytes, 100).unwrap();
        assert!(elements.next_element(None).unwrap().is_some());
        match elements.next_element(None) {
            Err(DecodeError::Invalid { offset, .. }) => assert_eq!(offset, 111),
            _ => panic!("expected an error"),
        }
    }
}
