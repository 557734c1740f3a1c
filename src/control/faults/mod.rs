//! Fault injection for client-API requests (`/_emulator/faults`), so the conformance runner can
//! prove that it notices a divergence: a rule makes matching requests fail with a Backendless error
//! code, alters one field of their JSON answer, or delays them. Rules are seeded, so a run with the
//! same rules and requests fires on the same requests.
//!
//! | Route | Does |
//! |---|---|
//! | `GET /_emulator/faults` | the rules with their `matched`/`fired` counters |
//! | `POST /_emulator/faults` | add a rule (body below), answer it with its `id` |
//! | `DELETE /_emulator/faults` | remove every rule |
//! | `DELETE /_emulator/faults/{id}` | remove one rule |
//!
//! A rule: `{"operation": "POST /users/login"}` (method + path template relative to the app root,
//! `{x}` or `*` = one segment, a trailing `**` = the rest) or `{"method": "GET", "path": "<regex
//! on the service path>"}`; optional `appId`; `probability` (0..=1, default 1) drawn from a ChaCha
//! generator seeded by `seed` (default 0); `count` (fire at most N times); and one action:
//! `"error": {"code": 3003, "status"?: 401, "message"?: ".."}` (status and message default to the
//! catalogue's), `"alter": {"pointer": "/email", "value": ..}` or `{"pointer": .., "remove": true}`
//! (2xx JSON answers only), or `"latencyMs": N` alone.

mod rule;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use parking_lot::Mutex;
use serde_json::{json, Value};

use crate::apps::AppCtx;
use crate::apps::CLIENT_API;
use crate::error::{ApiError, Code};
use crate::extract::JsonBody;
use rule::{Action, Rule};

/// Largest answer body a rule with `alter` rewrites (bigger answers pass through untouched).
const ALTER_LIMIT: usize = 16 * 1024 * 1024;

/// The fault rules of one emulator process; cloned handles share the rules.
#[derive(Clone, Default)]
pub struct Faults(Arc<Mutex<RuleSet>>);

#[derive(Default)]
struct RuleSet {
    next_id: u64,
    rules: Vec<Rule>,
}

impl Faults {
    /// Add a rule from its JSON form; answers the rule with its id.
    pub fn add(&self, spec: Value) -> Result<Value, ApiError> {
        let mut set = self.0.lock();
        set.next_id += 1;
        let rule = Rule::parse(set.next_id, spec)?;
        let shown = rule.describe();
        set.rules.push(rule);
        Ok(shown)
    }

    /// Every rule with its counters.
    pub fn list(&self) -> Value {
        Value::from(
            self.0
                .lock()
                .rules
                .iter()
                .map(Rule::describe)
                .collect::<Vec<_>>(),
        )
    }

    /// Remove every rule; answers how many there were.
    pub fn clear(&self) -> usize {
        let mut set = self.0.lock();
        let n = set.rules.len();
        set.rules.clear();
        n
    }

    /// Remove one rule; false when no rule has that id.
    pub fn remove(&self, id: u64) -> bool {
        let mut set = self.0.lock();
        let before = set.rules.len();
        set.rules.retain(|r| r.id != id);
        set.rules.len() != before
    }

    /// The first rule that fires on this request (counters and generators advance here).
    fn decide(&self, app_id: &str, method: &str, path: &str) -> Option<(Action, u64)> {
        let mut set = self.0.lock();
        set.rules
            .iter_mut()
            .find_map(|rule| rule.fire(app_id, method, path))
    }
}

/// Middleware: hands the rules to the control-plane handlers and applies them to client-API
/// requests.
pub async fn apply(State(faults): State<Faults>, mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(faults.clone());
    // Nothing armed (the usual case): no app id or path is copied for a rule lookup.
    if faults.0.lock().rules.is_empty() {
        return next.run(req).await;
    }
    // Client-API requests arrive resolved: the app in their `AppCtx`, the service path mounted
    // under the router's client-API prefix.
    let Some(app_id) = req.extensions().get::<AppCtx>().map(|c| c.app.id()) else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    let service_path = path.strip_prefix(CLIENT_API).unwrap_or(path).to_string();
    let Some((action, latency_ms)) = faults.decide(&app_id, req.method().as_str(), &service_path)
    else {
        return next.run(req).await;
    };
    if latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency_ms)).await;
    }
    match action {
        Action::Error {
            code,
            status,
            message,
        } => ApiError::new(code, message)
            .with_status(status)
            .into_response(),
        Action::Alter { pointer, value } => alter(next.run(req).await, &pointer, value).await,
        Action::Latency => next.run(req).await,
    }
}

/// Rewrite one field of a successful JSON answer.
async fn alter(response: Response, pointer: &str, value: Option<Value>) -> Response {
    if !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ALTER_LIMIT).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "fault rule could not read the body",
        )
            .into_response();
    };
    let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    set_pointer(&mut doc, pointer, value);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Response::from_parts(parts, Body::from(doc.to_string()))
}

/// Set (or with `None` remove) the value at a JSON pointer whose parent exists.
fn set_pointer(doc: &mut Value, pointer: &str, value: Option<Value>) {
    if pointer.is_empty() {
        *doc = value.unwrap_or(Value::Null);
        return;
    }
    let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => match value {
            Some(v) => {
                map.insert(last, v);
            }
            None => {
                map.remove(&last);
            }
        },
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>() {
                match value {
                    Some(v) if i < items.len() => items[i] = v,
                    None if i < items.len() => {
                        items.remove(i);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// `GET /_emulator/faults`.
pub async fn list(Extension(faults): Extension<Faults>) -> Json<Value> {
    Json(faults.list())
}

/// `POST /_emulator/faults`.
pub async fn add(
    Extension(faults): Extension<Faults>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(faults.add(body)?))
}

/// `DELETE /_emulator/faults`.
pub async fn clear(Extension(faults): Extension<Faults>) -> Json<Value> {
    Json(json!({ "removed": faults.clear() }))
}

/// `DELETE /_emulator/faults/{id}`.
pub async fn remove(
    Extension(faults): Extension<Faults>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let found = id.parse::<u64>().ok().is_some_and(|id| faults.remove(id));
    if !found {
        return Err(ApiError::templated(
            Code::UNKNOWN_ENDPOINT,
            &["DELETE", &format!("/_emulator/faults/{id}")],
        )
        .with_status(StatusCode::NOT_FOUND));
    }
    Ok(Json(json!({ "removed": 1 })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::catalog;

    fn faults_with(spec: Value) -> Faults {
        let f = Faults::default();
        f.add(spec).expect("valid rule");
        f
    }

    #[test]
    fn operation_templates_match_one_segment_per_placeholder() {
        let f =
            faults_with(json!({"operation": "GET /data/{table}/{id}", "error": {"code": 1000}}));
        assert!(f.decide("A", "GET", "/data/Person/X1").is_some());
        assert!(f.decide("A", "GET", "/data/Person").is_none());
        assert!(f.decide("A", "DELETE", "/data/Person/X1").is_none());
        assert!(f.decide("A", "GET", "/data/Person/X1/rel").is_none());
    }

    #[test]
    fn a_trailing_double_star_matches_the_rest() {
        let f = faults_with(json!({"operation": "* /users/**", "latencyMs": 1}));
        assert!(f.decide("A", "PUT", "/users/X/status").is_some());
        assert!(f.decide("A", "GET", "/data/Users/X").is_none());
    }

    #[test]
    fn count_limits_how_often_a_rule_fires() {
        let f = faults_with(json!({"path": "^/users/login$", "count": 2, "error": {"code": 3003}}));
        let fired: Vec<bool> = (0..4)
            .map(|_| f.decide("A", "POST", "/users/login").is_some())
            .collect();
        assert_eq!(fired, [true, true, false, false]);
        assert_eq!(f.list()[0]["matched"], 4);
        assert_eq!(f.list()[0]["fired"], 2);
    }

    #[test]
    fn probability_is_reproducible_from_the_seed() {
        let run = || {
            let f = faults_with(
                json!({"path": ".", "probability": 0.5, "seed": 9, "error": {"code": 3003}}),
            );
            (0..64)
                .map(|_| f.decide("A", "GET", "/x").is_some())
                .collect::<Vec<_>>()
        };
        let first = run();
        assert_eq!(first, run());
        let fired = first.iter().filter(|b| **b).count();
        assert!((16..=48).contains(&fired), "fired {fired} of 64");
    }

    #[test]
    fn error_defaults_come_from_the_catalogue() {
        let f = faults_with(json!({"path": ".", "error": {"code": 3003}}));
        let Some((
            Action::Error {
                status, message, ..
            },
            _,
        )) = f.decide("A", "GET", "/x")
        else {
            panic!("rule did not fire");
        };
        let entry = &catalog()[&3003];
        assert_eq!(status.as_u16(), entry.http);
        assert_eq!(message, entry.message);
    }

    #[test]
    fn app_filter_limits_a_rule_to_one_app() {
        let f = faults_with(json!({"appId": "A", "path": ".", "error": {"code": 3003}}));
        assert!(f.decide("B", "GET", "/x").is_none());
        assert!(f.decide("A", "GET", "/x").is_some());
    }

    #[test]
    fn bad_rules_are_refused_with_8002() {
        for spec in [
            json!([]),
            json!({"error": {"code": 1}}),
            json!({"path": "(", "error": {"code": 1}}),
            json!({"path": ".", "probability": 2, "error": {"code": 1}}),
            json!({"path": "."}),
            json!({"path": ".", "error": {"code": 1, "status": 200}}),
            json!({"path": ".", "alter": {"pointer": "x", "value": 1}}),
            json!({"operation": "nospace", "error": {"code": 1}}),
        ] {
            let err = Faults::default().add(spec.clone()).expect_err("refused");
            assert_eq!(err.code, 8002, "{spec}");
        }
    }

    #[test]
    fn set_pointer_replaces_and_removes() {
        let mut doc = json!({"a": {"b": 1}, "l": [1, 2]});
        set_pointer(&mut doc, "/a/b", Some(json!(2)));
        set_pointer(&mut doc, "/l/0", None);
        set_pointer(&mut doc, "/missing/x", Some(json!(3)));
        assert_eq!(doc, json!({"a": {"b": 2}, "l": [2]}));
    }
}
