//! The message object `PUB_SUB_MESSAGES` subscribers receive (messaging.md §2.2), built from a
//! publish body (messaging.md §2.1). The messaging service and the control plane's event
//! injection both build it here, so every subscriber sees one shape.

use serde_json::{json, Map, Value};

/// The §2.2 message object for a publish body: fields the publisher left out get the values the
/// JS e2e suite asserts (`null`, or `0` for the schedule fields), header values become strings.
pub fn message_object(publish_body: &Value, message_id: &str, now_ms: i64) -> Value {
    let field = |name: &str, default: Value| {
        publish_body
            .get(name)
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or(default)
    };
    json!({
        "messageId": message_id,
        "timestamp": now_ms,
        "message": field("message", Value::Null),
        "publisherId": field("publisherId", Value::Null),
        "subtopic": field("subtopic", Value::Null),
        "pushSinglecast": field("pushSinglecast", Value::Null),
        "pushBroadcast": field("pushBroadcast", Value::Null),
        "publishPolicy": field("publishPolicy", Value::Null),
        "templateValues": field("templateValues", Value::Null),
        "query": field("query", Value::Null),
        "publishAt": field("publishAt", json!(0)),
        "repeatEvery": field("repeatEvery", json!(0)),
        "repeatExpiresAt": field("repeatExpiresAt", json!(0)),
        "headers": Value::Object(headers_as_strings(publish_body.get("headers"))),
    })
}

/// Headers with every value as a string (`{foo: 20}` → `{"foo": "20"}`); a missing or
/// non-object `headers` is `{}`.
pub fn headers_as_strings(headers: Option<&Value>) -> Map<String, Value> {
    let Some(Value::Object(headers)) = headers else {
        return Map::new();
    };
    headers
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), Value::String(text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_what_the_sdk_e2e_suite_asserts() {
        let m = message_object(&json!({"message": "hi"}), "m1", 5);
        assert_eq!(
            m,
            json!({
                "messageId": "m1", "timestamp": 5, "message": "hi", "publisherId": null,
                "subtopic": null, "pushSinglecast": null, "pushBroadcast": null,
                "publishPolicy": null, "templateValues": null, "query": null, "publishAt": 0,
                "repeatEvery": 0, "repeatExpiresAt": 0, "headers": {},
            })
        );
    }

    #[test]
    fn headers_are_delivered_as_strings_and_given_fields_kept() {
        let body = json!({"message": {"a": 1}, "publisherId": "me",
                          "headers": {"foo": 20, "s": "x", "b": true, "f": 2.5}});
        let m = message_object(&body, "m", 0);
        assert_eq!(m["publisherId"], "me");
        assert_eq!(m["message"], json!({"a": 1}));
        assert_eq!(
            m["headers"],
            json!({"foo": "20", "s": "x", "b": "true", "f": "2.5"})
        );
        assert!(headers_as_strings(Some(&json!("nope"))).is_empty());
    }
}
