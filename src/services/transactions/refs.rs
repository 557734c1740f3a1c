//! Op-result references (transactions.md §4): `{"___ref": true, "opResultId", "resultIndex"?,
//! "propName"?}` anywhere in a payload is replaced by the value it points to in an earlier
//! operation's result.

use serde_json::{Map, Value};

use super::errors::bad_unit_of_work;
use crate::error::ApiError;

/// Results of the operations executed so far, by opResultId.
pub type Results = Map<String, Value>;

/// Whether a value is a reference object.
pub fn is_ref(value: &Value) -> bool {
    value.get("___ref").and_then(Value::as_bool) == Some(true)
}

/// Replace every reference inside `value`.
pub fn resolve_all(value: &Value, results: &Results) -> Result<Value, ApiError> {
    if is_ref(value) {
        return resolve(value, results);
    }
    Ok(match value {
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| Ok((k.clone(), resolve_all(v, results)?)))
                .collect::<Result<Map<_, _>, ApiError>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| resolve_all(v, results))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

/// The value one reference points to.
pub fn resolve(reference: &Value, results: &Results) -> Result<Value, ApiError> {
    let id = reference
        .get("opResultId")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("a reference without opResultId"))?;
    let result = results
        .get(id)
        .and_then(|r| r.get("result"))
        .ok_or_else(|| {
            bad(&format!(
                "the reference to '{id}' names no earlier operation of this transaction"
            ))
        })?;
    let element = match reference.get("resultIndex") {
        None | Some(Value::Null) => result,
        Some(index) => {
            let i = index
                .as_u64()
                .ok_or_else(|| bad("resultIndex must be a non-negative integer"))?;
            result
                .as_array()
                .and_then(|a| a.get(usize::try_from(i).unwrap_or(usize::MAX)))
                .ok_or_else(|| {
                    bad(&format!(
                        "resultIndex {i} is out of range for the result of '{id}'"
                    ))
                })?
        }
    };
    match reference.get("propName").and_then(Value::as_str) {
        None => Ok(element.clone()),
        Some(prop) => match element {
            Value::Object(o) => o
                .get(prop)
                .cloned()
                .ok_or_else(|| bad(&format!("the result of '{id}' has no property '{prop}'"))),
            // CREATE_BULK / UPSERT_BULK elements already are objectIds.
            Value::String(_) if prop == "objectId" => Ok(element.clone()),
            _ => Err(bad(&format!(
                "the result of '{id}' has no property '{prop}'"
            ))),
        },
    }
}

fn bad(reason: &str) -> ApiError {
    bad_unit_of_work(&format!("invalid op result reference: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn results() -> Results {
        json!({
            "createPerson1": {"operationType": "CREATE", "result": {"objectId": "A", "age": 3}},
            "create_bulkPerson1": {"operationType": "CREATE_BULK", "result": ["X", "Y"]},
            "findPerson1": {"operationType": "FIND", "result": [{"objectId": "F0"}, {"objectId": "F1"}]}
        })
        .as_object()
        .cloned()
        .unwrap_or_default()
    }

    #[test]
    fn references_resolve_as_the_sdk_sends_them() {
        let r = results();
        let obj = json!({"___ref": true, "opResultId": "createPerson1", "propName": "objectId"});
        assert_eq!(resolve(&obj, &r).expect("id"), json!("A"));
        let age = json!({"___ref": true, "opResultId": "createPerson1", "propName": "age"});
        assert_eq!(resolve(&age, &r).expect("age"), json!(3));
        let bulk = json!({"___ref": true, "opResultId": "create_bulkPerson1", "resultIndex": 1});
        assert_eq!(resolve(&bulk, &r).expect("elem"), json!("Y"));
        let find = json!({"___ref": true, "opResultId": "findPerson1", "resultIndex": 0, "propName": "objectId"});
        assert_eq!(resolve(&find, &r).expect("find elem"), json!("F0"));
        let whole = json!({"___ref": true, "opResultId": "findPerson1"});
        assert_eq!(
            resolve(&whole, &r).expect("whole").as_array().map(Vec::len),
            Some(2)
        );
        let nested = json!({"objectId": obj, "list": [bulk]});
        assert_eq!(
            resolve_all(&nested, &r).expect("nested"),
            json!({"objectId": "A", "list": ["Y"]})
        );
    }

    #[test]
    fn bad_references_fail() {
        let r = results();
        for bad in [
            json!({"___ref": true, "opResultId": "later1"}),
            json!({"___ref": true, "opResultId": "create_bulkPerson1", "resultIndex": 5}),
            json!({"___ref": true, "opResultId": "createPerson1", "propName": "nope"}),
        ] {
            assert_eq!(resolve(&bad, &r).expect_err("fails").code, 8002);
        }
    }
}
