//! An [`Exchange`] the proxy saw, and the raw transcript: one JSON object per exchange, with the app id, keys, the control token and
//! session tokens replaced by their names.

use base64::Engine;
use serde_json::{json, Value};

use super::captures::SECRET_HEADERS;
use crate::generated::{marks, Kind};
use crate::normalize::Normalizer;

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

/// One transcript line: the exchange with credentials and session tokens replaced.
pub(super) fn transcript_line(
    e: &Exchange,
    redactor: &Normalizer,
    left_out: Option<&str>,
) -> String {
    let headers = |list: &[(String, String)]| -> Value {
        Value::Object(
            list.iter()
                .map(|(k, v)| {
                    let secret = SECRET_HEADERS.contains(&k.as_str())
                        || matches!(
                            k.as_str(),
                            "authorization" | "cookie" | "set-cookie" | "x-emulator-token"
                        );
                    let v = if secret {
                        "<redacted>".to_string()
                    } else {
                        redactor.redact(v)
                    };
                    (k.clone(), Value::from(v))
                })
                .collect(),
        )
    };
    let body = |bytes: &[u8]| -> Value {
        if bytes.is_empty() {
            return Value::Null;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => match serde_json::from_str::<Value>(text) {
                Ok(v) => redact_tokens(&v, redactor),
                Err(_) => Value::from(redactor.redact(text)),
            },
            Err(_) => json!({"base64": base64::engine::general_purpose::STANDARD.encode(bytes)}),
        }
    };
    let mut line = json!({
        "seq": e.seq,
        "started": e.started,
        "span": [e.span.0, e.span.1],
        "request": {
            "method": e.method,
            "path": redactor.redact(&e.target),
            "headers": headers(&e.request_headers),
            "body": body(&e.request_body),
        },
        "response": {
            "status": e.status,
            "headers": headers(&e.response_headers),
            "body": body(&e.response_body),
        },
    });
    if let Some(reason) = left_out {
        line["leftOut"] = Value::from(reason);
    }
    line.to_string() + "\n"
}

fn redact_tokens(v: &Value, redactor: &Normalizer) -> Value {
    let found = marks().find(None, v);
    let mut out = v.clone();
    for (pointer, kind) in found {
        if kind == Kind::Token {
            if let Some(slot) = out.pointer_mut(&pointer) {
                *slot = Value::from("<redacted>");
            }
        }
    }
    redact_strings(&out, redactor)
}

fn redact_strings(v: &Value, redactor: &Normalizer) -> Value {
    match v {
        Value::String(s) => Value::from(redactor.redact(s)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|i| redact_strings(i, redactor)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), redact_strings(v, redactor)))
                .collect(),
        ),
        other => other.clone(),
    }
}
