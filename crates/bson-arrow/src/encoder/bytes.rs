//! Low-level BSON writing: little-endian integers, length-prefixed strings,
//! documents whose length is patched in once their end is known.

use bson::spec::ElementType;
use bson::Bson;

/// Appends a key that was checked for NUL bytes when the encoder was built,
/// and its terminator.
pub(crate) fn put_key(out: &mut Vec<u8>, key: &[u8]) {
    out.extend_from_slice(key);
    out.push(0);
}

/// Appends a BSON cstring (a regex pattern or options), which cannot hold NUL.
pub(crate) fn put_cstring(out: &mut Vec<u8>, text: &str) -> Result<(), String> {
    if text.contains('\0') {
        return Err(format!(
            "{text:?} contains a NUL byte, which BSON cannot store here"
        ));
    }
    out.extend_from_slice(text.as_bytes());
    out.push(0);
    Ok(())
}

/// Appends a BSON string: int32 length including the terminator, bytes, NUL.
/// NUL bytes inside are kept: the length says where the string ends.
pub(crate) fn put_string(out: &mut Vec<u8>, text: &str) -> Result<(), String> {
    let length = length_i32(text.len() + 1)?;
    out.extend_from_slice(&length.to_le_bytes());
    out.extend_from_slice(text.as_bytes());
    out.push(0);
    Ok(())
}

/// Appends binary data with its subtype. The deprecated subtype 2 repeats the
/// length inside the payload, which readers strip again.
pub(crate) fn put_binary(out: &mut Vec<u8>, subtype: u8, data: &[u8]) -> Result<(), String> {
    if subtype == 2 {
        out.extend_from_slice(&length_i32(data.len() + 4)?.to_le_bytes());
        out.push(subtype);
        out.extend_from_slice(&length_i32(data.len())?.to_le_bytes());
    } else {
        out.extend_from_slice(&length_i32(data.len())?.to_le_bytes());
        out.push(subtype);
    }
    out.extend_from_slice(data);
    Ok(())
}

/// Starts a document or array; returns where it starts for [`end_document`].
pub(crate) fn begin_document(out: &mut Vec<u8>) -> usize {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    start
}

/// Ends the document begun at `start`: terminator, then its length in front.
pub(crate) fn end_document(out: &mut Vec<u8>, start: usize) -> Result<(), String> {
    out.push(0);
    let length = length_i32(out.len() - start)?;
    out[start..start + 4].copy_from_slice(&length.to_le_bytes());
    Ok(())
}

/// Appends any value of the `bson` crate's model, for values that arrive as
/// Extended JSON. The value is serialized inside a one-field document whose
/// key is empty, then cut out of it: the crate has no public writer for a
/// bare value.
pub(crate) fn put_bson(out: &mut Vec<u8>, value: Bson) -> Result<ElementType, String> {
    let wrapper = bson::doc! { "": value };
    let bytes = wrapper.to_vec().map_err(|e| e.to_string())?;
    // Length (4), type (1), empty key's terminator (1), value, document terminator (1).
    let element_type = ElementType::from(bytes[4])
        .ok_or_else(|| format!("unknown BSON element type {}", bytes[4]))?;
    out.extend_from_slice(&bytes[6..bytes.len() - 1]);
    Ok(element_type)
}

/// BSON lengths are signed 32-bit: larger values cannot be written.
fn length_i32(length: usize) -> Result<i32, String> {
    i32::try_from(length).map_err(|_| format!("{length} bytes exceed BSON's 2 GiB limit"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_get_their_length_and_terminator() {
        let mut out = vec![0xff];
        let start = begin_document(&mut out);
        out.push(ElementType::String as u8);
        put_key(&mut out, b"s");
        put_string(&mut out, "a\0b").unwrap();
        end_document(&mut out, start).unwrap();
        let expected = bson::rawdoc! { "s": "a\0b" };
        assert_eq!(&out[1..], expected.as_bytes());
    }

    #[test]
    fn bson_values_are_cut_out_whole() {
        let mut out = Vec::new();
        let t = put_bson(&mut out, Bson::Int64(-2)).unwrap();
        assert_eq!(t, ElementType::Int64);
        assert_eq!(out, (-2i64).to_le_bytes());
    }

    #[test]
    fn cstrings_refuse_nul() {
        assert!(put_cstring(&mut Vec::new(), "a\0").is_err());
    }
}
