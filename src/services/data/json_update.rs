//! JSON column update operators (data.md §7): a property value
//! `{"___operation": "JSON_SET", "args": {...}}` edits the stored document in place with the
//! semantics of the MySQL function of the same name; args apply left to right.

use serde_json::{Map, Value};

use crate::error::{ApiError, Code};
use crate::query::{ArrayIndex, JsonPath, Leg};

/// The key marking an update operator object.
pub const OPERATION: &str = "___operation";

/// Which MySQL JSON function an update applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Set,
    Insert,
    Replace,
    Remove,
    ArrayAppend,
    ArrayInsert,
}

/// Apply an operator object to the current document (SQL NULL stays NULL, as in MySQL).
pub fn apply(current: &Value, operation: &Map<String, Value>) -> Result<Value, ApiError> {
    let name = operation
        .get(OPERATION)
        .and_then(Value::as_str)
        .unwrap_or_default();
    let op = match name.to_ascii_uppercase().as_str() {
        "JSON_SET" => Op::Set,
        "JSON_INSERT" => Op::Insert,
        "JSON_REPLACE" => Op::Replace,
        "JSON_REMOVE" => Op::Remove,
        "JSON_ARRAY_APPEND" => Op::ArrayAppend,
        "JSON_ARRAY_INSERT" => Op::ArrayInsert,
        _ => return Err(bad(&format!("unknown JSON operation '{name}'"))),
    };
    if current.is_null() {
        return Ok(Value::Null);
    }
    let mut doc = current.clone();
    let args = operation.get("args").unwrap_or(&Value::Null);
    match (op, args) {
        (Op::Remove, Value::Array(paths)) => {
            for path in paths {
                let text = path
                    .as_str()
                    .ok_or_else(|| bad("JSON_REMOVE args must be paths"))?;
                remove(&mut doc, &legs(text)?, text)?;
            }
        }
        (Op::Remove, _) => return Err(bad("JSON_REMOVE args must be an array of paths")),
        (_, Value::Object(pairs)) => {
            for (text, value) in pairs {
                let path = legs(text)?;
                match op {
                    Op::ArrayAppend => array_append(&mut doc, &path, value.clone()),
                    Op::ArrayInsert => array_insert(&mut doc, &path, value.clone(), text)?,
                    _ => write(&mut doc, &path, value.clone(), op),
                }
            }
        }
        _ => {
            return Err(bad(&format!(
                "{name} args must be an object of path: value"
            )))
        }
    }
    Ok(doc)
}

fn bad(reason: &str) -> ApiError {
    ApiError::templated(Code::UNPARSABLE_REQUEST, &[reason])
}

/// The legs of a path; wildcards are refused as MySQL does for modifying functions.
fn legs(text: &str) -> Result<Vec<Leg>, ApiError> {
    let path =
        JsonPath::parse(text).map_err(|e| bad(&format!("invalid JSON path '{text}': {e}")))?;
    if path.has_wildcard()
        || path
            .legs()
            .iter()
            .any(|l| !matches!(l, Leg::Member(_) | Leg::Index(_)))
    {
        return Err(bad(&format!(
            "the path '{text}' may not contain wildcards or ranges here"
        )));
    }
    Ok(path.legs().to_vec())
}

fn index_of(index: &ArrayIndex, len: usize) -> Option<usize> {
    match *index {
        ArrayIndex::FromStart(n) => usize::try_from(n).ok(),
        ArrayIndex::FromEnd(off) => len.checked_sub(1)?.checked_sub(usize::try_from(off).ok()?),
    }
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Leg]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for leg in path {
        cur = match (leg, cur) {
            (Leg::Member(k), Value::Object(o)) => o.get_mut(k)?,
            (Leg::Index(i), Value::Array(a)) => {
                let at = index_of(i, a.len())?;
                a.get_mut(at)?
            }
            // MySQL treats a scalar as a one-element array for `[0]`.
            (Leg::Index(i), other) if index_of(i, 1) == Some(0) => other,
            _ => return None,
        };
    }
    Some(cur)
}

/// JSON_SET / JSON_INSERT / JSON_REPLACE of one path.
fn write(doc: &mut Value, path: &[Leg], value: Value, op: Op) {
    let Some((last, parent_path)) = path.split_last() else {
        // `$` itself: SET and REPLACE replace the whole document, INSERT keeps it.
        if op != Op::Insert {
            *doc = value;
        }
        return;
    };
    let Some(parent) = get_mut(doc, parent_path) else {
        return;
    };
    match (last, parent) {
        (Leg::Member(k), Value::Object(o)) => {
            let exists = o.contains_key(k);
            if (exists && op != Op::Insert) || (!exists && op != Op::Replace) {
                o.insert(k.clone(), value);
            }
        }
        (Leg::Index(i), Value::Array(a)) => match index_of(i, a.len()) {
            Some(at) if at < a.len() => {
                if op != Op::Insert {
                    a[at] = value;
                }
            }
            _ => {
                if op != Op::Replace {
                    a.push(value);
                }
            }
        },
        (Leg::Index(i), scalar) => {
            let at = index_of(i, 1);
            if at == Some(0) {
                if op != Op::Insert {
                    *scalar = value;
                }
            } else if op != Op::Replace {
                let old = std::mem::take(scalar);
                *scalar = Value::Array(vec![old, value]);
            }
        }
        _ => {}
    }
}

fn remove(doc: &mut Value, path: &[Leg], text: &str) -> Result<(), ApiError> {
    let Some((last, parent_path)) = path.split_last() else {
        return Err(bad(&format!(
            "the path '{text}' cannot remove the whole document"
        )));
    };
    match (last, get_mut(doc, parent_path)) {
        (Leg::Member(k), Some(Value::Object(o))) => {
            o.shift_remove(k);
        }
        (Leg::Index(i), Some(Value::Array(a))) => {
            if let Some(at) = index_of(i, a.len()).filter(|at| *at < a.len()) {
                a.remove(at);
            }
        }
        _ => {}
    }
    Ok(())
}

fn array_append(doc: &mut Value, path: &[Leg], value: Value) {
    let Some(target) = get_mut(doc, path) else {
        return;
    };
    match target {
        Value::Array(a) => a.push(value),
        other => {
            let old = std::mem::take(other);
            *other = Value::Array(vec![old, value]);
        }
    }
}

fn array_insert(doc: &mut Value, path: &[Leg], value: Value, text: &str) -> Result<(), ApiError> {
    let Some((Leg::Index(i), parent_path)) = path.split_last() else {
        return Err(bad(&format!(
            "the path '{text}' must end with an array index"
        )));
    };
    if let Some(Value::Array(a)) = get_mut(doc, parent_path) {
        let at = index_of(i, a.len()).unwrap_or(0).min(a.len());
        a.insert(at, value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"letter": "a", "number": 10, "decimals": [12.3, 43.28, 56.89],
               "colours": ["red", "green", "blue"], "timeMarks": {"date": "x", "time": "y"}})
    }

    fn run(op: &str, args: Value) -> Value {
        let o = json!({"___operation": op, "args": args});
        apply(&doc(), o.as_object().expect("object")).expect("applies")
    }

    #[test]
    fn set_insert_and_replace_follow_mysql() {
        let set = run(
            "JSON_SET",
            json!({"$.letter": "b", "$.state": "on", "$.colours[0]": null}),
        );
        assert_eq!(set["letter"], "b");
        assert_eq!(set["state"], "on");
        assert_eq!(set["colours"][0], Value::Null);
        let ins = run(
            "JSON_INSERT",
            json!({"$.number": 11, "$.decimals[2]": 1, "$.decimals[3]": 25, "$.state": "s"}),
        );
        assert_eq!(ins["number"], 10);
        assert_eq!(ins["decimals"], json!([12.3, 43.28, 56.89, 25]));
        assert_eq!(ins["state"], "s");
        let rep = run(
            "JSON_REPLACE",
            json!({"$.number": 11, "$.decimals[2]": 20, "$.decimals[3]": 1, "$.state": "s"}),
        );
        assert_eq!(rep["number"], 11);
        assert_eq!(rep["decimals"], json!([12.3, 43.28, 20]));
        assert!(rep.get("state").is_none());
    }

    #[test]
    fn remove_and_array_functions() {
        let rem = run("JSON_REMOVE", json!(["$.timeMarks.date", "$.colours[1]"]));
        assert_eq!(rem["colours"], json!(["red", "blue"]));
        assert_eq!(rem["timeMarks"], json!({"time": "y"}));
        let app = run(
            "JSON_ARRAY_APPEND",
            json!({"$.colours": "yellow", "$.letter": "z"}),
        );
        assert_eq!(app["colours"][3], "yellow");
        assert_eq!(app["letter"], json!(["a", "z"]));
        let ins = run("JSON_ARRAY_INSERT", json!({"$.decimals[2]": 60}));
        assert_eq!(ins["decimals"], json!([12.3, 43.28, 60, 56.89]));
    }

    #[test]
    fn bad_operations_are_refused() {
        let o = json!({"___operation": "JSON_NOPE", "args": {}});
        assert_eq!(
            apply(&doc(), o.as_object().expect("o"))
                .expect_err("bad")
                .code,
            8002
        );
        let o = json!({"___operation": "JSON_SET", "args": {"$.a[*]": 1}});
        assert!(apply(&doc(), o.as_object().expect("o")).is_err());
        let o = json!({"___operation": "JSON_SET", "args": {"$.a": 1}});
        assert_eq!(
            apply(&Value::Null, o.as_object().expect("o")).expect("null"),
            Value::Null
        );
    }
}
