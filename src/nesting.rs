//! How deep JSON may nest: one limit for what the API accepts, and the matching bound for the
//! documents the emulator writes itself (exports, `state.json`, in-memory snapshots).
//!
//! A stored value sits a few levels down inside those documents (a JSON column is
//! `snapshot → apps → export → services → data → tables → rows → cell`), and serde_json refuses
//! documents nested deeper than 127 levels. So the door accepts at most [`MAX_DEPTH`] levels and
//! a document may hold [`DOCUMENT_DEPTH`]: every value the API accepts is saved and loads again.

use serde_json::Value;

/// Deepest nesting of a request body, and of any value stored from one (`[[1]]` is 2).
pub const MAX_DEPTH: usize = 64;
/// Levels the emulator's own documents add around a stored value (the data service's export
/// adds 7, a `state.json` 3 more; the rest is headroom for new services).
pub const DOCUMENT_ENVELOPE: usize = 32;
/// Deepest nesting of an export or snapshot the emulator loads.
pub const DOCUMENT_DEPTH: usize = MAX_DEPTH + DOCUMENT_ENVELOPE;

/// serde_json's own recursion limit: documents nested deeper fail to parse.
const SERDE_LIMIT: usize = 127;
const _: () = assert!(DOCUMENT_DEPTH <= SERDE_LIMIT);

/// How deep `bytes` nest, counting `[` and `{` outside strings, without parsing them (so a
/// nesting bomb costs one pass and no recursion).
pub fn depth_of_text(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// How deep a value nests (a scalar is 0), without recursion.
pub fn depth_of(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match v {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        deepest = deepest.max(depth + 1);
        stack.extend(children.map(|c| (c, depth + 1)));
    }
    deepest
}

/// Parse a request body: at most [`MAX_DEPTH`] levels.
pub fn parse_request(bytes: &[u8]) -> Result<Value, String> {
    parse_bounded(bytes, MAX_DEPTH, "JSON")
}

/// Parse an export or snapshot the emulator wrote: at most [`DOCUMENT_DEPTH`] levels.
pub fn parse_document(bytes: &[u8]) -> Result<Value, String> {
    parse_bounded(bytes, DOCUMENT_DEPTH, "the document")
}

fn parse_bounded(bytes: &[u8], limit: usize, what: &str) -> Result<Value, String> {
    if depth_of_text(bytes) > limit {
        return Err(too_deep(what, limit));
    }
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

/// The message for a value nested deeper than `limit`.
pub fn too_deep(what: &str, limit: usize) -> String {
    format!("{what} is nested deeper than the emulator's limit of {limit} levels")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> String {
        format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert_eq!(depth_of_text(b"1"), 0);
        assert_eq!(depth_of_text(br#"{"a": [1, {"b": "[[[[\"]]"}]}"#), 3);
        assert_eq!(depth_of(&json!({"a": [1, {"b": "[[[["}]})), 3);
        assert_eq!(depth_of(&json!([])), 1);
        let deep: Value = serde_json::from_str(&nested(100)).expect("parses");
        assert_eq!(depth_of(&deep), 100);
    }

    #[test]
    fn requests_stop_at_max_depth_and_documents_at_their_own_bound() {
        assert!(parse_request(nested(MAX_DEPTH).as_bytes()).is_ok());
        let refused = parse_request(nested(MAX_DEPTH + 1).as_bytes()).expect_err("too deep");
        assert!(refused.contains("64 levels"), "{refused}");
        assert!(parse_document(nested(DOCUMENT_DEPTH).as_bytes()).is_ok());
        assert!(parse_document(nested(DOCUMENT_DEPTH + 1).as_bytes()).is_err());
        assert!(parse_request(nested(200_000).as_bytes()).is_err());
    }
}
