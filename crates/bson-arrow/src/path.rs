//! Field paths in error messages: `a.b[2].c`.
//!
//! Keys are joined with `.` and array positions written `[i]`. A key that
//! could be misread (it contains `.`, `[`, `]` or `"`, or is empty) is written
//! as a JSON string in brackets: `a["x.y"]`. Paths are only built when an
//! error is reported, from segments collected while the error travels up the
//! decoder tree, so the happy path pays nothing for them.

use std::fmt::Write;

/// One step from a value to one of its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSegment {
    Key(Box<str>),
    Index(usize),
}

/// Renders segments stored innermost first (the order errors collect them in).
pub(crate) fn render_reversed(segments: &[PathSegment]) -> String {
    let mut out = String::new();
    for segment in segments.iter().rev() {
        match segment {
            PathSegment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            PathSegment::Key(key) if needs_quoting(key) => {
                let quoted = serde_json::to_string(&**key).unwrap_or_default();
                let _ = write!(out, "[{quoted}]");
            }
            PathSegment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
        }
    }
    out
}

fn needs_quoting(key: &str) -> bool {
    key.is_empty() || key.contains(['.', '[', ']', '"'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> PathSegment {
        PathSegment::Key(k.into())
    }

    #[test]
    fn renders_keys_and_indexes() {
        let segments = [key("c"), PathSegment::Index(2), key("b"), key("a")];
        assert_eq!(render_reversed(&segments), "a.b[2].c");
    }

    #[test]
    fn quotes_keys_with_dots() {
        let segments = [key("z"), key("x.y"), key("a")];
        assert_eq!(render_reversed(&segments), r#"a["x.y"].z"#);
        assert_eq!(render_reversed(&[key("")]), r#"[""]"#);
    }
}
