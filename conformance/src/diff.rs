//! Structural JSON diff: every path (JSON pointer) where two normalised values differ.

use serde::Serialize;
use serde_json::Value;

/// One difference between the left and right value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// JSON pointer of the difference.
    pub path: String,
    /// Left value (`null` when missing, see `missing`).
    pub left: Value,
    /// Right value.
    pub right: Value,
    /// `left` or `right` when the key exists on one side only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<&'static str>,
}

/// Every difference between `left` and `right`, below `prefix`.
pub fn diff(prefix: &str, left: &Value, right: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(prefix.to_string(), left, right, &mut out);
    out
}

/// A key as one JSON-pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(path: String, left: &Value, right: &Value, out: &mut Vec<Difference>) {
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => {
            for (k, lv) in l {
                let p = format!("{path}/{}", escape(k));
                match r.get(k) {
                    Some(rv) => walk(p, lv, rv, out),
                    None => out.push(Difference {
                        path: p,
                        left: lv.clone(),
                        right: Value::Null,
                        missing: Some("right"),
                    }),
                }
            }
            for (k, rv) in r {
                if !l.contains_key(k) {
                    let p = format!("{path}/{}", escape(k));
                    out.push(Difference {
                        path: p,
                        left: Value::Null,
                        right: rv.clone(),
                        missing: Some("left"),
                    });
                }
            }
        }
        (Value::Array(l), Value::Array(r)) if l.len() == r.len() => {
            for (i, (lv, rv)) in l.iter().zip(r).enumerate() {
                walk(format!("{path}/{i}"), lv, rv, out);
            }
        }
        (l, r) if l == r => {}
        (l, r) => out.push(Difference {
            path,
            left: l.clone(),
            right: r.clone(),
            missing: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_changed_missing_and_extra_fields_with_pointers() {
        let d = diff(
            "/s",
            &json!({"a": 1, "b": {"c": [1, 2]}, "x": 0}),
            &json!({"a": 2, "b": {"c": [1, 3]}, "y": 0}),
        );
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/s/a", "/s/b/c/1", "/s/x", "/s/y"]);
        assert_eq!(d[2].missing, Some("right"));
    }

    #[test]
    fn arrays_of_different_length_differ_as_a_whole() {
        let d = diff("", &json!([1]), &json!([1, 2]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "");
    }

    #[test]
    fn equal_values_have_no_difference() {
        assert!(diff(
            "",
            &json!({"a": [1, {"b": null}]}),
            &json!({"a": [1, {"b": null}]})
        )
        .is_empty());
    }
}
