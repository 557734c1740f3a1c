//! Expectations: check one answer against a step's `expect` (already rendered with variables).

use regex::Regex;
use serde_json::Value;

use crate::scenario::{Expect, Range};
use crate::target::Answer;

/// Every way `answer` fails `expect` (empty = pass). A 5xx fails, except a gateway status
/// (502-504: the target relays the failure of something it calls, like a custom-service webhook)
/// that `status` names exactly.
pub fn check(expect: &Expect, answer: &Answer) -> Vec<String> {
    let mut fails = Vec::new();
    let body = &answer.body;
    let expected_gateway =
        (502..=504).contains(&answer.status) && expect.status == Some(answer.status);
    if answer.status >= 500 && !expected_gateway {
        fails.push(format!("server error {}", answer.status));
    }
    if let Some(status) = expect.status {
        if answer.status != status {
            fails.push(format!("status {} (expected {status})", answer.status));
        }
    }
    if let Some(code) = expect.error {
        if (200..300).contains(&answer.status) {
            fails.push(format!(
                "status {} is a success (expected error {code})",
                answer.status
            ));
        }
        if body["code"].as_u64() != Some(u64::from(code)) {
            fails.push(format!("error code {} (expected {code})", body["code"]));
        }
        if !body["message"].is_string() || !body["errorData"].is_object() {
            fails.push("error body lacks message (string) or errorData (object)".into());
        }
    } else if expect.status.is_none() && !(200..300).contains(&answer.status) {
        fails.push(format!(
            "status {} (expected success), body {}",
            answer.status, body
        ));
    }
    if let Some(exact) = &expect.body {
        if !json_equal(body, exact) {
            fails.push(format!("body {body} (expected exactly {exact})"));
        }
    }
    if let Some(subset) = &expect.subset {
        if let Some(path) = first_mismatch("", subset, body) {
            fails.push(format!(
                "subset differs at '{path}': got {}",
                body.pointer(&path).unwrap_or(&Value::Null)
            ));
        }
    }
    for (pointer, ty) in &expect.types {
        match body.pointer(pointer) {
            Some(v) if type_name_matches(ty, v) => {}
            Some(v) => fails.push(format!("'{pointer}' is {v} (expected type {ty})")),
            None => fails.push(format!("'{pointer}' is missing (expected type {ty})")),
        }
    }
    for (pointer, pattern) in &expect.regex {
        let re = match Regex::new(pattern) {
            Ok(re) => re,
            Err(e) => {
                fails.push(format!("bad regex for '{pointer}': {e}"));
                continue;
            }
        };
        match body.pointer(pointer).and_then(Value::as_str) {
            Some(s) if re.is_match(s) => {}
            other => fails.push(format!(
                "'{pointer}' = {other:?} does not match /{pattern}/"
            )),
        }
    }
    for (pointer, len) in &expect.length {
        match body.pointer(pointer).and_then(Value::as_array) {
            Some(items) if items.len() == *len => {}
            Some(items) => fails.push(format!(
                "'{pointer}' has {} items (expected {len})",
                items.len()
            )),
            None => fails.push(format!(
                "'{pointer}' is not an array (expected {len} items)"
            )),
        }
    }
    for pointer in &expect.absent {
        if body.pointer(pointer).is_some() {
            fails.push(format!("'{pointer}' is present (expected absent)"));
        }
    }
    for (pointer, range) in &expect.range {
        fails.extend(check_range(pointer, range, body));
    }
    fails
}

fn check_range(pointer: &str, range: &Range, body: &Value) -> Option<String> {
    let bound = |b: &Option<Value>| -> Result<Option<f64>, String> {
        match b {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("range of '{pointer}': bound {v} is not a number")),
        }
    };
    let (min, max) = match (bound(&range.min), bound(&range.max)) {
        (Ok(min), Ok(max)) => (min, max),
        (Err(e), _) | (_, Err(e)) => return Some(e),
    };
    let shown = |b: Option<f64>| b.map_or(String::new(), |b| b.to_string());
    match body.pointer(pointer).and_then(Value::as_f64) {
        Some(n) if min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m) => None,
        Some(n) => Some(format!(
            "'{pointer}' = {n} is not within {}..={}",
            shown(min),
            shown(max)
        )),
        None => Some(format!("'{pointer}' is not a number (expected a range)")),
    }
}

fn type_name_matches(ty: &str, v: &Value) -> bool {
    match ty {
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        _ => false,
    }
}

/// The first path where `actual` does not contain `expected` (objects: subset of keys; arrays:
/// same length, element-wise subset; scalars: equal).
fn first_mismatch(path: &str, expected: &Value, actual: &Value) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, ev)| {
            let p = format!("{path}/{}", crate::diff::escape(k));
            match a.get(k) {
                Some(av) => first_mismatch(&p, ev, av),
                None => Some(p),
            }
        }),
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => e
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (ev, av))| first_mismatch(&format!("{path}/{i}"), ev, av)),
        (e, a) if json_equal(e, a) => None,
        _ => Some(path.to_string()),
    }
}

/// JSON equality where numbers compare by value (`2` equals `2.0`): scenario authors write
/// numbers, not their representation. Target-vs-target diffs stay strict (see `diff`).
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(l, r)| json_equal(l, r))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(status: u16, body: Value) -> Answer {
        Answer {
            status,
            body,
            ..Answer::default()
        }
    }

    #[test]
    fn error_expectation_checks_code_status_and_shape() {
        let expect = Expect {
            error: Some(3003),
            ..Expect::default()
        };
        let ok = answer(401, json!({"code": 3003, "message": "m", "errorData": {}}));
        assert!(check(&expect, &ok).is_empty());
        let wrong = answer(200, json!({"code": 3004}));
        assert_eq!(check(&expect, &wrong).len(), 3);
    }

    #[test]
    fn subset_types_regex_length_absent() {
        let body = json!({"a": {"b": 1, "c": 2}, "l": [1, 2], "s": "abc"});
        let mut expect = Expect {
            subset: Some(json!({"a": {"b": 1}})),
            ..Expect::default()
        };
        expect.types.insert("/s".into(), "string".into());
        expect.regex.insert("/s".into(), "^a".into());
        expect.length.insert("/l".into(), 2);
        expect.absent.push("/password".into());
        assert!(check(&expect, &answer(200, body.clone())).is_empty());
        expect.subset = Some(json!({"a": {"b": 2}}));
        expect.length.insert("/l".into(), 3);
        expect.absent.push("/s".into());
        assert_eq!(check(&expect, &answer(200, body)).len(), 3);
    }

    #[test]
    fn numbers_match_by_value() {
        let a = answer(200, json!({"score": 2.0, "list": [1, 2.5]}));
        let e = Expect {
            body: Some(json!({"score": 2, "list": [1.0, 2.5]})),
            ..Expect::default()
        };
        assert!(check(&e, &a).is_empty());
        let e = Expect {
            body: Some(json!({"score": 3})),
            ..Expect::default()
        };
        assert!(!check(&e, &a).is_empty());
    }

    #[test]
    fn a_gateway_status_passes_only_when_named() {
        let failed = answer(
            502,
            json!({"code": 99024, "message": "Webhook failed", "errorData": {}}),
        );
        let named = Expect {
            status: Some(502),
            error: Some(99024),
            ..Expect::default()
        };
        assert!(check(&named, &failed).is_empty());
        let unnamed = Expect {
            error: Some(99024),
            ..Expect::default()
        };
        assert!(!check(&unnamed, &failed).is_empty());
    }

    #[test]
    fn ranges_are_inclusive_and_name_what_is_outside() {
        let mut e = Expect::default();
        e.range.insert(
            "/now".into(),
            Range {
                min: Some(json!(10)),
                max: Some(json!(20)),
            },
        );
        assert!(check(&e, &answer(200, json!({"now": 10}))).is_empty());
        assert!(check(&e, &answer(200, json!({"now": 20}))).is_empty());
        let out = check(&e, &answer(200, json!({"now": 21})));
        assert!(out[0].contains("not within 10..=20"), "{out:?}");
        assert_eq!(check(&e, &answer(200, json!({}))).len(), 1);
        e.range.insert(
            "/x".into(),
            Range {
                min: Some(json!("{{unset}}")),
                max: None,
            },
        );
        assert!(check(&e, &answer(200, json!({"now": 15, "x": 1})))[0].contains("not a number"));
    }

    #[test]
    fn any_5xx_fails_even_without_expectations() {
        assert!(!check(
            &Expect {
                status: Some(500),
                ..Expect::default()
            },
            &answer(500, Value::Null)
        )
        .is_empty());
    }
}
