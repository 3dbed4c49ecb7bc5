//! Values as canonical Extended JSON text: the form of conflicts under
//! [`crate::ConflictPolicy::String`], of `extendedJson` columns and of a code
//! scope.

use bson::raw::RawIter;
use bson::{Bson, RawBsonRef};

use crate::decode_context::DecodeContext;
use crate::decode_error::DecodeError;
use crate::limits::MAX_NESTING_DEPTH;

/// Renders one value as canonical Extended JSON (`{"$numberInt":"1"}`).
pub(crate) fn render_canonical(
    value: RawBsonRef<'_>,
    ctx: &DecodeContext,
) -> Result<String, DecodeError> {
    Ok(to_bson(value, ctx)?.into_canonical_extjson().to_string())
}

/// The value as the bson crate's document model, for its Extended JSON
/// writers; its depth is bounded first, as the crate converts recursively.
pub(crate) fn to_bson(value: RawBsonRef<'_>, ctx: &DecodeContext) -> Result<Bson, DecodeError> {
    let nested = match value {
        RawBsonRef::Document(doc) => Some(doc.iter_elements()),
        RawBsonRef::Array(array) => Some(array.iter_elements()),
        RawBsonRef::JavaScriptCodeWithScope(code) => Some(code.scope.iter_elements()),
        _ => None,
    };
    if let Some(elements) = nested {
        check_depth(elements, ctx)?;
    }
    Bson::try_from(value).map_err(|e| DecodeError::Invalid {
        offset: 0,
        message: e.to_string(),
    })
}

/// Fails if `doc` nests documents or arrays deeper than
/// [`MAX_NESTING_DEPTH`]. Iterative, so hostile input cannot overflow the
/// stack while it is measured.
pub(crate) fn check_depth(elements: RawIter<'_>, ctx: &DecodeContext) -> Result<(), DecodeError> {
    let mut stack = vec![elements];
    while let Some(top) = stack.last_mut() {
        let Some(element) = top.next() else {
            stack.pop();
            continue;
        };
        let invalid = |message: String| DecodeError::Invalid { offset: 0, message };
        let element = element.map_err(|e| invalid(e.to_string()))?;
        let (child, bytes) = match element.value().map_err(|e| invalid(e.to_string()))? {
            RawBsonRef::Document(d) => (d.iter_elements(), d.as_bytes()),
            RawBsonRef::Array(a) => (a.iter_elements(), a.as_bytes()),
            RawBsonRef::JavaScriptCodeWithScope(c) => (c.scope.iter_elements(), c.scope.as_bytes()),
            _ => continue,
        };
        if stack.len() >= MAX_NESTING_DEPTH {
            return Err(DecodeError::Invalid {
                offset: ctx.offset_of(bytes),
                message: format!("documents nest deeper than {MAX_NESTING_DEPTH} levels"),
            });
        }
        stack.push(child);
    }
    Ok(())
}
