//! Parsing of publish bodies (messaging.md §2.1) into a [`Publish`], and the small field readers
//! the other messaging bodies share. Bad types give 8002, absent required fields 8010.

use crate::services::realtime::message::headers_as_strings;
use serde_json::{Map, Value};

use super::errors::{bad_field, missing};
use super::model::{PublishPolicy, PushTarget, PLATFORMS};

/// A validated publish request (M1).
#[derive(Debug, Clone, PartialEq)]
pub struct Publish {
    /// The payload.
    pub message: Value,
    /// `publisherId`.
    pub publisher_id: Option<String>,
    /// Headers, values converted to strings (subscribers receive strings).
    pub headers: Map<String, Value>,
    /// `subtopic`.
    pub subtopic: Option<String>,
    /// `publishAt`, epoch ms.
    pub publish_at: Option<i64>,
    /// `repeatEvery`, seconds.
    pub repeat_every_secs: i64,
    /// `repeatExpiresAt`, epoch ms.
    pub repeat_expires_at: Option<i64>,
    /// Delivery policy.
    pub policy: PublishPolicy,
    /// Push targeting.
    pub push: PushTarget,
}

impl Publish {
    /// Parse an M1 body. Unknown keys are ignored (the JS SDK passes extra options through).
    pub fn parse(body: &Value) -> Result<Self, crate::error::ApiError> {
        let obj = body
            .as_object()
            .ok_or_else(|| bad_field("the publish body must be a JSON object"))?;
        let message = obj
            .get("message")
            .cloned()
            .ok_or_else(|| missing("message"))?;
        // A segment query is a where clause over the devices' registrations (1017 if it does
        // not parse), as the console's pushes use it.
        let segment_query =
            opt_string(obj.get("segmentQuery"), "segmentQuery")?.filter(|q| !q.trim().is_empty());
        crate::services::realtime::filter::Where::parse(segment_query.as_deref())?;
        let push = PushTarget {
            broadcast: broadcast_mask(obj.get("pushBroadcast"))?,
            singlecast: string_list(obj.get("pushSinglecast"), "pushSinglecast")?,
            segment_query,
        };
        let policy = match non_null(obj.get("publishPolicy")) {
            Some(Value::String(s)) => match s.to_ascii_uppercase().as_str() {
                "PUBSUB" => PublishPolicy::Pubsub,
                "PUSH" => PublishPolicy::Push,
                "BOTH" => PublishPolicy::Both,
                _ => return Err(bad_field("publishPolicy must be PUBSUB, PUSH or BOTH")),
            },
            Some(_) => return Err(bad_field("publishPolicy must be a string")),
            // Push targeting without a policy means a push: otherwise the targeting would be
            // silently ignored.
            None if push.broadcast != 0
                || !push.singlecast.is_empty()
                || push.segment_query.is_some() =>
            {
                PublishPolicy::Push
            }
            None => PublishPolicy::Pubsub,
        };
        let repeat_every_secs = match non_null(obj.get("repeatEvery")) {
            None => 0,
            Some(v) => v
                .as_f64()
                .filter(|s| *s >= 0.0 && *s <= 1e9)
                .map(|s| s as i64)
                .ok_or_else(|| bad_field("repeatEvery must be a positive number of seconds"))?,
        };
        Ok(Publish {
            message,
            publisher_id: opt_string(obj.get("publisherId"), "publisherId")?,
            headers: headers(obj.get("headers"))?,
            subtopic: opt_string(obj.get("subtopic"), "subtopic")?,
            publish_at: instant(obj.get("publishAt"), "publishAt")?,
            repeat_every_secs,
            repeat_expires_at: instant(obj.get("repeatExpiresAt"), "repeatExpiresAt")?,
            policy,
            push,
        })
    }
}

/// `None` for an absent or `null` value.
pub fn non_null(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// An optional string field.
pub fn opt_string(
    v: Option<&Value>,
    field: &str,
) -> Result<Option<String>, crate::error::ApiError> {
    match non_null(v) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad_field(&format!("{field} must be a string"))),
    }
}

/// A required, non-empty string field.
pub fn required_string(obj: &Value, field: &str) -> Result<String, crate::error::ApiError> {
    match opt_string(obj.get(field), field)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(missing(field)),
    }
}

/// A list of strings: an array, a single string, or absent (empty).
pub fn string_list(v: Option<&Value>, field: &str) -> Result<Vec<String>, crate::error::ApiError> {
    match non_null(v) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad_field(&format!("{field} must be an array of strings")))
            })
            .collect(),
        Some(_) => Err(bad_field(&format!("{field} must be an array of strings"))),
    }
}

/// An instant: epoch milliseconds, or an ISO-8601 date (a JS `Date` serialises to one).
pub fn instant(v: Option<&Value>, field: &str) -> Result<Option<i64>, crate::error::ApiError> {
    match non_null(v) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.is_finite() && f.abs() < 1e16)
            .map(|f| Some(f as i64))
            .ok_or_else(|| bad_field(&format!("{field} must be a timestamp in epoch ms"))),
        Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|d| Some(d.timestamp_millis()))
            .map_err(|_| bad_field(&format!("{field} must be a timestamp in epoch ms"))),
        Some(_) => Err(bad_field(&format!(
            "{field} must be a timestamp in epoch ms"
        ))),
    }
}

/// Headers as an object of strings: `{foo: 20}` is delivered as `{foo: "20"}` (messaging.md §2.2).
fn headers(v: Option<&Value>) -> Result<Map<String, Value>, crate::error::ApiError> {
    match non_null(v) {
        None => Ok(Map::new()),
        Some(object @ Value::Object(_)) => Ok(headers_as_strings(Some(object))),
        Some(_) => Err(bad_field("headers must be an object")),
    }
}

/// `pushBroadcast`: `"FOR_IOS|FOR_ANDROID"`, `"FOR_ALL"`, an array of those names, or a bit mask.
fn broadcast_mask(v: Option<&Value>) -> Result<u8, crate::error::ApiError> {
    let names: Vec<String> = match non_null(v) {
        None => return Ok(0),
        Some(Value::Number(n)) => {
            return n
                .as_u64()
                .filter(|m| *m <= 15)
                .map(|m| m as u8)
                .ok_or_else(|| bad_field("pushBroadcast mask must be between 0 and 15"))
        }
        Some(Value::String(s)) => s.split('|').map(|p| p.trim().to_string()).collect(),
        Some(Value::Array(_)) => string_list(v, "pushBroadcast")?,
        Some(_) => return Err(bad_field("pushBroadcast must be a string")),
    };
    let mut mask = 0;
    for name in names.iter().filter(|n| !n.is_empty()) {
        let upper = name.to_ascii_uppercase();
        if upper == "FOR_ALL" || upper == "ALL" {
            mask |= 15;
            continue;
        }
        let bit = PLATFORMS
            .iter()
            .find(|(flag, os, _)| *flag == upper || *os == upper)
            .map(|(_, _, bit)| *bit)
            .ok_or_else(|| bad_field(&format!("unknown pushBroadcast platform {name}")))?;
        mask |= bit;
    }
    Ok(mask)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minimal_publish_is_pubsub_now() {
        let p = Publish::parse(&json!({"message": "hi"})).expect("parses");
        assert_eq!(p.message, json!("hi"));
        assert_eq!(p.policy, PublishPolicy::Pubsub);
        assert_eq!((p.publish_at, p.repeat_every_secs), (None, 0));
    }

    #[test]
    fn headers_become_strings_and_extra_keys_are_ignored() {
        let p = Publish::parse(&json!({
            "message": {"a": 1}, "headers": {"foo": 20, "bar": "x", "ok": true}, "foo": 1,
            "publishAt": "2030-01-01T00:00:00.000Z", "repeatEvery": 60
        }))
        .expect("parses");
        assert_eq!(
            p.headers,
            *json!({"foo": "20", "bar": "x", "ok": "true"})
                .as_object()
                .expect("obj")
        );
        assert_eq!(p.publish_at, Some(1_893_456_000_000));
        assert_eq!(p.repeat_every_secs, 60);
    }

    #[test]
    fn push_targeting_implies_push_policy() {
        let p = Publish::parse(&json!({"message": "m", "pushBroadcast": "FOR_IOS|FOR_ANDROID"}))
            .expect("parses");
        assert_eq!((p.policy, p.push.broadcast), (PublishPolicy::Push, 3));
        let p = Publish::parse(
            &json!({"message": "m", "pushBroadcast": "FOR_ALL", "publishPolicy": "both"}),
        )
        .expect("parses");
        assert_eq!((p.policy, p.push.broadcast), (PublishPolicy::Both, 15));
    }

    #[test]
    fn bad_bodies_get_documented_codes() {
        let code = |b: Value| Publish::parse(&b).expect_err("rejected").code;
        assert_eq!(code(json!([1])), 8002);
        assert_eq!(code(json!({"headers": {}})), 8010);
        assert_eq!(code(json!({"message": 1, "headers": [1]})), 8002);
        assert_eq!(code(json!({"message": 1, "publishAt": true})), 8002);
        assert_eq!(code(json!({"message": 1, "repeatEvery": -5})), 8002);
        assert_eq!(code(json!({"message": 1, "publishPolicy": "EMAIL"})), 8002);
        assert_eq!(
            code(json!({"message": 1, "pushBroadcast": "FOR_MARS"})),
            8002
        );
        assert_eq!(code(json!({"message": 1, "segmentQuery": "a = = 1"})), 1017);
        assert_eq!(code(json!({"message": 1, "segmentQuery": 3})), 8002);
    }
}
