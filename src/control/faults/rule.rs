//! One fault rule: parsing its JSON form, matching a request (operation template or path
//! regex, app filter), and deciding with its seeded generator and count whether it fires.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use regex::Regex;
use serde_json::{json, Value};

use crate::error::{catalog, ApiError, Code};

/// What a rule does to a request it fires on.
#[derive(Debug, Clone)]
pub(super) enum Action {
    Error {
        code: u32,
        status: StatusCode,
        message: String,
    },
    Alter {
        pointer: String,
        value: Option<Value>,
    },
    Latency,
}

/// Which requests a rule applies to.
#[derive(Debug, Clone)]
pub(super) enum Matcher {
    Operation {
        method: String,
        segments: Vec<String>,
    },
    Path {
        method: Option<String>,
        regex: Regex,
    },
}

pub(super) struct Rule {
    pub(super) id: u64,
    spec: Value,
    app_id: Option<String>,
    matcher: Matcher,
    probability: f64,
    count: Option<u64>,
    latency_ms: u64,
    action: Action,
    rng: ChaCha8Rng,
    matched: AtomicU64,
    fired: AtomicU64,
}

impl Rule {
    pub(super) fn parse(id: u64, spec: Value) -> Result<Rule, ApiError> {
        let bad = |why: &str| {
            ApiError::new(
                Code::UNPARSABLE_REQUEST,
                format!("Could not parse request with message: fault rule: {why}"),
            )
        };
        let obj = spec
            .as_object()
            .ok_or_else(|| bad("expected a JSON object"))?;
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        let method = text("method").map(|m| m.to_ascii_uppercase());
        let matcher = match (text("operation"), text("path")) {
            (Some(op), None) => {
                let (m, p) = op
                    .split_once(' ')
                    .ok_or_else(|| bad("operation must be 'METHOD /path'"))?;
                Matcher::Operation {
                    method: m.trim().to_ascii_uppercase(),
                    segments: segments(p.trim()),
                }
            }
            (None, Some(p)) => Matcher::Path {
                method,
                regex: Regex::new(&p).map_err(|e| bad(&format!("path regex: {e}")))?,
            },
            _ => return Err(bad("give exactly one of 'operation' and 'path'")),
        };
        let probability = obj.get("probability").map_or(Some(1.0), Value::as_f64);
        let probability = probability
            .filter(|p| (0.0..=1.0).contains(p))
            .ok_or_else(|| bad("probability must be a number from 0 to 1"))?;
        let count = match obj.get("count") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .ok_or_else(|| bad("count must be a whole number"))?,
            ),
        };
        let seed = match obj.get("seed") {
            None | Some(Value::Null) => 0,
            Some(v) => v
                .as_u64()
                .ok_or_else(|| bad("seed must be a whole number"))?,
        };
        let latency_ms = match obj.get("latencyMs") {
            None | Some(Value::Null) => 0,
            Some(v) => v
                .as_u64()
                .filter(|ms| *ms <= 60_000)
                .ok_or_else(|| bad("latencyMs must be 0..=60000"))?,
        };
        let action = match (obj.get("error"), obj.get("alter")) {
            (Some(e), None) => parse_error(e).ok_or_else(|| {
                bad("error must be {code: int, status?: 400..=599, message?: string}")
            })?,
            (None, Some(a)) => {
                let pointer = a
                    .get("pointer")
                    .and_then(Value::as_str)
                    .filter(|p| p.is_empty() || p.starts_with('/'))
                    .ok_or_else(|| bad("alter.pointer must be a JSON pointer"))?;
                let remove = a.get("remove").and_then(Value::as_bool).unwrap_or(false);
                let value = match (a.get("value"), remove) {
                    (Some(v), false) => Some(v.clone()),
                    (None, true) => None,
                    _ => return Err(bad("alter needs exactly one of value and remove: true")),
                };
                Action::Alter {
                    pointer: pointer.to_string(),
                    value,
                }
            }
            (None, None) if latency_ms > 0 => Action::Latency,
            _ => return Err(bad("give exactly one of 'error', 'alter' or 'latencyMs'")),
        };
        let app_id = text("appId");
        Ok(Rule {
            id,
            spec,
            app_id,
            matcher,
            probability,
            count,
            latency_ms,
            action,
            rng: ChaCha8Rng::seed_from_u64(seed),
            matched: AtomicU64::new(0),
            fired: AtomicU64::new(0),
        })
    }

    pub(super) fn describe(&self) -> Value {
        let mut shown = self.spec.clone();
        if let Some(obj) = shown.as_object_mut() {
            obj.insert("id".into(), json!(self.id));
            obj.insert(
                "matched".into(),
                json!(self.matched.load(Ordering::Relaxed)),
            );
            obj.insert("fired".into(), json!(self.fired.load(Ordering::Relaxed)));
        }
        shown
    }

    pub(super) fn fire(&mut self, app_id: &str, method: &str, path: &str) -> Option<(Action, u64)> {
        if self.app_id.as_deref().is_some_and(|a| a != app_id)
            || !self.matcher.matches(method, path)
        {
            return None;
        }
        self.matched.fetch_add(1, Ordering::Relaxed);
        let fired = self.fired.load(Ordering::Relaxed);
        if self.count.is_some_and(|n| fired >= n) {
            return None;
        }
        // Draw even when probability is 1 so adding a rule never shifts another rule's sequence.
        let draw: f64 = self.rng.gen();
        if draw >= self.probability && self.probability < 1.0 {
            return None;
        }
        self.fired.fetch_add(1, Ordering::Relaxed);
        Some((self.action.clone(), self.latency_ms))
    }
}

impl Matcher {
    fn matches(&self, method: &str, path: &str) -> bool {
        match self {
            Matcher::Operation {
                method: m,
                segments: pattern,
            } => {
                if m != "*" && m != method {
                    return false;
                }
                let actual = segments(path);
                let mut i = 0;
                for (k, p) in pattern.iter().enumerate() {
                    if p == "**" && k + 1 == pattern.len() {
                        return true;
                    }
                    let Some(a) = actual.get(i) else { return false };
                    let wildcard = p == "*" || (p.starts_with('{') && p.ends_with('}'));
                    if !wildcard && p != a {
                        return false;
                    }
                    i += 1;
                }
                i == actual.len()
            }
            Matcher::Path { method: m, regex } => {
                m.as_deref().is_none_or(|m| m == method) && regex.is_match(path)
            }
        }
    }
}

fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_error(e: &Value) -> Option<Action> {
    let code = u32::try_from(e.get("code")?.as_u64()?).ok()?;
    let entry = catalog().get(&code);
    let status = match e.get("status") {
        Some(s) => StatusCode::from_u16(u16::try_from(s.as_u64()?).ok()?).ok()?,
        None => entry
            .and_then(|c| StatusCode::from_u16(c.http).ok())
            .unwrap_or(StatusCode::BAD_REQUEST),
    };
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let message = match e.get("message") {
        Some(m) => m.as_str()?.to_string(),
        None => entry.map_or_else(|| format!("Injected fault {code}"), |c| c.message.clone()),
    };
    Some(Action::Error {
        code,
        status,
        message,
    })
}
