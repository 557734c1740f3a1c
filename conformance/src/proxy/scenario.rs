//! One session of proxied exchanges → an ordinary scenario and a raw transcript.
//!
//! Each exchange becomes a step: the request relative to the app root (app id and key become
//! the target's own, the key kind kept: REST/JS → `rest`, the Cloud Code key → `cloudCode`, a
//! key the upstream refused → `invalid`), every generated id or token an earlier answer produced
//! becomes a `{{variable}}` captured from that answer, and the expectation is the answer itself:
//! status, error code and the whole body as the normaliser shows it (`normalized`), so a replay
//! reports every difference. Credentials are replaced (the app id by `{{appId}}`, keys by the
//! key kind, session tokens nobody captured by `<redacted>`) here and in the transcript.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{json, Map, Value};

use super::apps::{Addressed, Apps};
use super::captures::{
    date_header, learn, replace_app, substitute_json, substitute_str, Captured, TimeRefs,
    SECRET_HEADERS,
};
use super::transcript::transcript_line;
use crate::generated::marks;
use crate::normalize::Normalizer;
use crate::operations::describe;
use crate::scenario::KeyChoice;

/// One request and its answer, as the proxy saw them.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    /// Arrival order.
    pub seq: u64,
    /// Arrival time (epoch ms).
    pub started: i64,
    /// Arrival and completion on the proxy's monotonic clock (µs), to find concurrent requests.
    pub span: (u64, u64),
    /// Method.
    pub method: String,
    /// Path and query as received.
    pub target: String,
    /// Request headers (lower-case names).
    pub request_headers: Vec<(String, String)>,
    /// Request body.
    pub request_body: Vec<u8>,
    /// Answer status.
    pub status: u16,
    /// Answer headers (lower-case names).
    pub response_headers: Vec<(String, String)>,
    /// Answer body.
    pub response_body: Vec<u8>,
}

/// A written session.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The scenario (JSON, in the scenario format).
    pub scenario: Value,
    /// The raw transcript, one JSON object per line.
    pub transcript: String,
    /// Exchanges left out of the scenario (addressed to another app).
    pub left_out: usize,
}

/// What is known about the upstream.
#[derive(Debug, Clone, Default)]
pub struct Upstream {
    /// Base URL.
    pub base: String,
    /// Host (what the scenario's provenance names).
    pub host: String,
    /// Whether it is a real Backendless app (not an emulator).
    pub real: bool,
    /// The control-plane token, if any (never written).
    pub control_token: Option<String>,
}

/// Request headers never written: transport, browser noise, credentials the runner sends itself.
const DROPPED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "te",
    "expect",
    "accept",
    "accept-encoding",
    "accept-language",
    "user-agent",
    "origin",
    "referer",
    "cookie",
    "authorization",
    "x-emulator-token",
    "x-conform-session",
    "pragma",
    "cache-control",
    "content-type",
];

/// Error codes of a wrong application id or API key.
const CREDENTIAL_CODES: &[u64] = &[2002, 3001, 3007];

/// Turn a session into a scenario and a transcript.
pub fn record(
    exchanges: &[Exchange],
    apps: &mut Apps,
    upstream: &Upstream,
    date: &str,
) -> Recording {
    let mut ordered: Vec<&Exchange> = exchanges.iter().collect();
    ordered.sort_by_key(|e| e.seq);
    let app = ordered
        .iter()
        .find_map(|e| match apps.address(path_of(&e.target)) {
            Addressed::App { app, .. } => Some(app),
            Addressed::Server => None,
        });
    let secrets = secrets_of(apps, app.as_deref(), upstream);
    let mut norm = Normalizer::new(secrets.clone(), "");
    let redactor = Normalizer::new(secrets, "");
    let mut captured: Vec<Captured> = Vec::new();
    let mut steps: Vec<Value> = Vec::new();
    let mut transcript = String::new();
    let mut left_out = 0;
    let mut requires = std::collections::BTreeSet::new();
    let mut concurrent = 0;
    // Writes that were in flight, by arrival and completion: an answer that overlaps one of them
    // may or may not show its effect.
    let writes: Vec<(u64, u64, u64)> = ordered
        .iter()
        .filter(|e| !matches!(e.method.as_str(), "GET" | "HEAD" | "OPTIONS"))
        .map(|e| (e.seq, e.span.0, e.span.1))
        .collect();
    let mut latest_time: Option<i64> = None;
    for e in ordered {
        // A real app's `Date` header is its clock; an emulator's is the host's, while its apps
        // keep clocks of their own (virtual, moved by tests), so only their answers count there.
        let times = TimeRefs {
            latest: latest_time,
            now: date_header(&e.response_headers).filter(|_| upstream.real),
        };
        let overlaps = writes
            .iter()
            .any(|(seq, start, end)| *seq != e.seq && *start < e.span.1 && e.span.0 < *end);
        let (path, query) = split_target(&e.target);
        let answer = parse_body(&e.response_body);
        let (root, template_path, key) = match apps.address(&path) {
            Addressed::App { app: a, key, rest } if Some(&a) == app.as_ref() => {
                let key = key.unwrap_or_else(|| {
                    if answer["code"]
                        .as_u64()
                        .is_some_and(|c| CREDENTIAL_CODES.contains(&c))
                    {
                        KeyChoice::Invalid
                    } else {
                        if let Some(k) = key_segment(&path) {
                            apps.learn_key(&a, k);
                        }
                        KeyChoice::Rest
                    }
                });
                ("app", rest, key)
            }
            Addressed::App { .. } => {
                left_out += 1;
                transcript.push_str(&transcript_line(e, &redactor, Some("another app")));
                continue;
            }
            Addressed::Server => ("server", path.clone(), KeyChoice::Rest),
        };
        transcript.push_str(&transcript_line(e, &redactor, None));
        let app_id = app.as_deref().unwrap_or("\u{0}");
        let shown_path = norm.string(&template_path);
        let template = substitute_str(&replace_app(&template_path, app_id), &mut captured, false);
        requires.extend(service_of(root, &template));
        let mut request = Map::new();
        request.insert("method".into(), Value::from(e.method.to_ascii_uppercase()));
        request.insert("path".into(), Value::from(template.clone()));
        if root == "server" {
            request.insert("root".into(), Value::from("server"));
        }
        if key != KeyChoice::Rest {
            request.insert("key".into(), serde_json::to_value(key).unwrap_or_default());
        }
        if !query.is_empty() {
            let q: Map<String, Value> = query
                .iter()
                .map(|(k, v)| {
                    let v = substitute_str(&replace_app(v, app_id), &mut captured, true);
                    (k.clone(), Value::from(times.text(&v)))
                })
                .collect();
            request.insert("query".into(), Value::Object(q));
        }
        let content_type = header(&e.request_headers, "content-type").unwrap_or("");
        let mut headers = Map::new();
        let mut redacted: Vec<&str> = Vec::new();
        for (k, v) in &e.request_headers {
            if DROPPED_HEADERS.contains(&k.as_str()) {
                continue;
            }
            let value = substitute_str(v, &mut captured, false);
            let value = if SECRET_HEADERS.contains(&k.as_str()) && !value.contains("{{") {
                redacted.push(v);
                "<redacted>".to_string()
            } else {
                value
            };
            headers.insert(k.clone(), Value::from(value));
        }
        body_of(
            e,
            content_type,
            app_id,
            &mut captured,
            &mut request,
            &mut headers,
        );
        if let Some(json) = request.get_mut("json") {
            *json = times.json(json);
        }
        if !headers.is_empty() {
            request.insert("headers".into(), Value::Object(headers));
        }
        let schema = describe(&e.method, &template).1.and_then(|op| op.schema);
        let found = marks().find(schema.filter(|_| e.status < 300), &answer);
        let mut expect = Map::new();
        expect.insert("status".into(), Value::from(e.status));
        if e.status >= 400 {
            if let Some(code) = answer["code"].as_u64() {
                expect.insert("error".into(), Value::from(code));
            }
        }
        let index = steps.len();
        let name = format!(
            "{:03} {} {}",
            index + 1,
            e.method.to_ascii_uppercase(),
            shown_path
        );
        let mut step = json!({"name": name, "request": request});
        if overlaps {
            // Sent while a write was in flight: the order the upstream ran them in is unknown,
            // so a replay can only be held to the status. (Not normalised, like the
            // replay, so the placeholders of later steps stay in step.)
            concurrent += 1;
            step["compare"] = Value::from("status");
        } else {
            let normalized = norm.answer(&answer, &found);
            expect.insert("normalized".into(), hide_echoes(normalized, &redacted));
        }
        step["expect"] = Value::Object(expect);
        steps.push(step);
        if let Some(t) = crate::exec::latest_time(&answer, &found) {
            latest_time = Some(t);
        }
        learn(
            &answer,
            &found,
            &e.response_headers,
            index,
            apps,
            app_id,
            &mut captured,
        );
    }
    for c in captured.iter().filter(|c| c.used) {
        if let Some(step) = steps.get_mut(c.step) {
            step["capture"][&c.pointer] = Value::from(c.var.clone());
        }
    }
    let provenance = if upstream.real {
        json!({"validated": date, "host": upstream.host})
    } else {
        json!("emulator-only")
    };
    let mut description = format!(
        "Recorded by backendless-conform proxy from {} on {date}: {} exchanges",
        upstream.host,
        steps.len()
    );
    if left_out > 0 {
        description.push_str(&format!(
            "; {left_out} to other apps left out (see the transcript)"
        ));
    }
    if concurrent > 0 {
        description.push_str(&format!(
            "; {concurrent} overlapped a write in flight, so only their status is expected"
        ));
    }
    let scenario = json!({
        "description": description,
        "requires": requires.into_iter().collect::<Vec<_>>(),
        "provenance": provenance,
        "steps": steps,
    });
    Recording {
        scenario,
        transcript,
        left_out,
    }
}

/// Names of the run's secrets as the runner's normaliser writes them.
fn secrets_of(apps: &Apps, app: Option<&str>, upstream: &Upstream) -> Vec<(String, &'static str)> {
    let mut secrets = vec![(upstream.base.trim_end_matches('/').to_string(), "<base>")];
    if let Some(a) = app.and_then(|id| apps.get(id)) {
        secrets.push((a.id.clone(), "<appId>"));
        secrets.extend(a.keys.iter().map(|(k, kind)| {
            let name = if *kind == KeyChoice::CloudCode {
                "<cloudCodeKey>"
            } else {
                "<apiKey>"
            };
            (k.clone(), name)
        }));
    }
    if let Some(t) = &upstream.control_token {
        secrets.push((t.clone(), "<controlToken>"));
    }
    secrets.retain(|(s, _)| !s.is_empty());
    secrets
}

fn path_of(target: &str) -> &str {
    target.split('?').next().unwrap_or(target)
}

fn key_segment(path: &str) -> Option<&str> {
    path.trim_start_matches('/').split('/').nth(1)
}

/// The path as sent (still percent-encoded, so a replay sends the same bytes) and the decoded
/// query parameters (the runner encodes them again). A query the parameter map cannot hold stays
/// in the path as sent: a parameter given twice (`?property=a&property=b`), or a `?` followed by
/// a path (`/counters/a?/list`, the counters glob the SDK sends unencoded).
fn split_target(target: &str) -> (String, BTreeMap<String, String>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if query.starts_with('/') && !query.contains('=') {
        return (target.to_string(), BTreeMap::new());
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let map: BTreeMap<String, String> = pairs.iter().cloned().collect();
    if map.len() < pairs.len() {
        return (target.to_string(), BTreeMap::new());
    }
    (path.to_string(), map)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A body as the runner reads answers: JSON, else text, `null` when empty.
pub fn parse_body(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

/// The service a step needs (scenario `requires` names).
fn service_of(root: &str, path: &str) -> Option<String> {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let name = match (root, first) {
        ("server", "_emulator") => "control",
        ("server", _) if path.contains("/console") || first == "console" => "console",
        ("app", "users") => "users",
        ("app", "data") => "data",
        ("app", "transaction") => "transactions",
        ("app", "files") => "files",
        ("app", "hive") => "hive",
        ("app", "counters") => "counters",
        ("app", "cache") => "cache",
        ("app", "messaging") => "messaging",
        ("app", "log") => "logging",
        _ => return None,
    };
    Some(name.to_string())
}

fn body_of(
    e: &Exchange,
    content_type: &str,
    app_id: &str,
    captured: &mut [Captured],
    request: &mut Map<String, Value>,
    headers: &mut Map<String, Value>,
) {
    if e.request_body.is_empty() {
        return;
    }
    let text = std::str::from_utf8(&e.request_body).ok();
    if content_type.contains("json") {
        if let Some(v) = text.and_then(|t| serde_json::from_str::<Value>(t).ok()) {
            request.insert("json".into(), substitute_json(&v, app_id, captured));
            return;
        }
    }
    match text {
        Some(t) if content_type.is_empty() || content_type.starts_with("text/") => {
            let t = substitute_str(&replace_app(t, app_id), captured, false);
            if !content_type.is_empty() && !content_type.starts_with("text/plain") {
                headers.insert("content-type".into(), Value::from(content_type));
            }
            request.insert("text".into(), Value::from(t));
        }
        _ => {
            headers.insert("content-type".into(), Value::from(content_type));
            let encoded = base64::engine::general_purpose::STANDARD.encode(&e.request_body);
            request.insert("base64".into(), Value::from(encoded));
        }
    }
}

/// The answer with every echo of a redacted request secret (an error message quoting the
/// `user-token` sent) shown as `<redacted>`, as the replay sends and the target echoes it.
fn hide_echoes(answer: Value, secrets: &[&str]) -> Value {
    match answer {
        Value::String(s) => Value::from(
            secrets
                .iter()
                .filter(|secret| secret.len() >= 4)
                .fold(s, |s, secret| s.replace(secret, "<redacted>")),
        ),
        Value::Array(items) => items.into_iter().map(|i| hide_echoes(i, secrets)).collect(),
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| (k, hide_echoes(v, secrets)))
            .collect(),
        other => other,
    }
}

#[cfg(test)]
mod tests;
