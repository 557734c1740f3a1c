//! The normaliser: generated values (ids, tokens, timestamps, URLs, per-run names) become
//! placeholders so two targets' answers can be compared. Ids and tokens are numbered by first
//! appearance (`<objectId:1>`), so "the ownerId of step 3 is the objectId of step 1" survives.
//! Object keys are visited in sorted order, so numbering never depends on a target's key order.
//! Each target gets its own [`Normalizer`] (its raw values differ) built from the same [`RULES`].

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;
use serde_json::{Map, Value};

/// One normalisation rule, as listed in every report.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// Short name.
    pub name: &'static str,
    /// What it replaces, and with what.
    pub description: &'static str,
}

/// Every rule, in the order they apply.
pub const RULES: &[Rule] = &[
    Rule { name: "credentials", description: "the target's base URL, app id and API keys inside any string → <base>, <appId>, <apiKey>, <cloudCodeKey>" },
    Rule { name: "run-token", description: "the run's unique token (from {{run}}/{{unique}}) inside any string → <run>" },
    Rule { name: "id-fields", description: "whole string values of objectId, ownerId, messageId, subscriptionId, registrationId → <objectId:N> (numbered by first appearance, shared with guid)" },
    Rule { name: "token-fields", description: "whole string values of user-token / userToken → <token:N>" },
    Rule { name: "timestamps", description: "numbers under created, updated, lastLogin, deletionTime, publishedAt, timestamp, expiresAt → <time> (null and non-numbers are kept)" },
    Rule { name: "file-urls", description: "http(s) URLs containing /files/ → <fileRoot>/files/<rest> (host and key prefix dropped)" },
    Rule { name: "urls", description: "any other whole http(s) URL value → <url:N>" },
    Rule { name: "guid", description: "any remaining GUID (8-4-4-4-12 hex) inside a string → the placeholder it already has, else <objectId:N>" },
];

const ID_FIELDS: &[&str] = &[
    "objectId",
    "ownerId",
    "messageId",
    "subscriptionId",
    "registrationId",
];
const TOKEN_FIELDS: &[&str] = &["user-token", "userToken"];
/// Fields whose numeric values are times (normalised to `<time>`).
pub const TIME_FIELDS: &[&str] = &[
    "created",
    "updated",
    "lastLogin",
    "deletionTime",
    "publishedAt",
    "timestamp",
    "expiresAt",
];

fn guid_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b").ok()
    })
    .as_ref()
}

/// Maps one target's generated values to placeholders.
#[derive(Debug, Clone)]
pub struct Normalizer {
    secrets: Vec<(String, &'static str)>,
    run: String,
    seen: HashMap<String, String>,
    counters: HashMap<&'static str, usize>,
}

impl Normalizer {
    /// A normaliser for one target: its secrets and the run token.
    pub fn new(mut secrets: Vec<(String, &'static str)>, run: &str) -> Self {
        // Longest first, so a base URL is replaced before a key it happens to contain.
        secrets.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        Normalizer {
            secrets,
            run: run.to_string(),
            seen: HashMap::new(),
            counters: HashMap::new(),
        }
    }

    fn placeholder(&mut self, raw: &str, kind: &'static str) -> String {
        if let Some(p) = self.seen.get(raw) {
            return p.clone();
        }
        let n = self.counters.entry(kind).or_insert(0);
        *n += 1;
        let p = format!("<{kind}:{n}>");
        self.seen.insert(raw.to_string(), p.clone());
        p
    }

    /// Hide credentials and the run token in free text (error messages, paths, reports).
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (secret, name) in &self.secrets {
            out = out.replace(secret.as_str(), name);
        }
        if !self.run.is_empty() {
            out = out.replace(self.run.as_str(), "<run>");
        }
        out
    }

    /// Normalise a string that is not under a special key.
    pub fn string(&mut self, s: &str) -> String {
        let text = self.redact(s);
        let is_url = text.starts_with("http://")
            || text.starts_with("https://")
            || text.starts_with("<base>");
        if is_url {
            if let Some(i) = text.find("/files/") {
                return format!("<fileRoot>{}", &text[i..]);
            }
            return self.placeholder(&text, "url");
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let matches: Vec<(usize, usize)> = guid_regex()
            .map(|re| re.find_iter(&text).map(|m| (m.start(), m.end())).collect())
            .unwrap_or_default();
        for (start, end) in matches {
            out.push_str(&text[last..start]);
            let p = self.placeholder(&text[start..end].to_ascii_uppercase(), "objectId");
            out.push_str(&p);
            last = end;
        }
        out.push_str(&text[last..]);
        out
    }

    /// Normalise a JSON value.
    pub fn value(&mut self, v: &Value) -> Value {
        self.value_at(None, v)
    }

    fn value_at(&mut self, key: Option<&str>, v: &Value) -> Value {
        match (key, v) {
            (Some(k), Value::String(s)) if ID_FIELDS.contains(&k) => {
                Value::String(self.placeholder(&s.to_ascii_uppercase(), "objectId"))
            }
            (Some(k), Value::String(s)) if TOKEN_FIELDS.contains(&k) => {
                Value::String(self.placeholder(&s.to_ascii_uppercase(), "token"))
            }
            (Some(k), Value::Number(_)) if TIME_FIELDS.contains(&k) => Value::from("<time>"),
            (_, Value::String(s)) => Value::String(self.string(s)),
            (_, Value::Array(items)) => {
                Value::Array(items.iter().map(|i| self.value_at(None, i)).collect())
            }
            (_, Value::Object(map)) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    let nk = self.string(k);
                    out.insert(nk, self.value_at(Some(k), &map[k]));
                }
                Value::Object(out)
            }
            (_, other) => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm() -> Normalizer {
        Normalizer::new(
            vec![
                ("http://127.0.0.1:9".into(), "<base>"),
                ("KEY-1".into(), "<apiKey>"),
                ("APP".into(), "<appId>"),
            ],
            "r7x",
        )
    }

    #[test]
    fn ids_are_numbered_by_first_appearance_and_keep_identity() {
        let mut n = norm();
        let a = "AAAAAAAA-0000-0000-0000-000000000001";
        let b = "BBBBBBBB-0000-0000-0000-000000000002";
        let out = n.value(&json!({"objectId": a, "ownerId": a, "friends": [b, a]}));
        // Keys are visited sorted: `friends` first, so b is 1 and a is 2.
        assert_eq!(
            out,
            json!({"friends": ["<objectId:1>", "<objectId:2>"], "objectId": "<objectId:2>", "ownerId": "<objectId:2>"})
        );
    }

    #[test]
    fn tokens_times_urls_and_secrets_are_replaced() {
        let mut n = norm();
        let out = n.value(&json!({
            "user-token": "T1", "created": 17, "updated": null,
            "fileURL": "http://127.0.0.1:9/APP/KEY-1/files/a/b.txt",
            "confirmationURL": "https://x.test/c?t=9", "email": "a-r7x@x.test",
            "message": "Not existing user token - t1. Relogin"
        }));
        assert_eq!(out["user-token"], "<token:1>");
        assert_eq!(out["created"], "<time>");
        assert_eq!(out["updated"], Value::Null);
        assert_eq!(out["fileURL"], "<fileRoot>/files/a/b.txt");
        assert_eq!(out["confirmationURL"], "<url:1>");
        assert_eq!(out["email"], "a-<run>@x.test");
    }

    #[test]
    fn guids_inside_text_reuse_their_placeholder() {
        let mut n = norm();
        let id = "AAAAAAAA-0000-0000-0000-000000000001";
        n.value(&json!({"objectId": id}));
        assert_eq!(
            n.string(&format!("Entity with ID {id} not found")),
            "Entity with ID <objectId:1> not found"
        );
    }

    #[test]
    fn key_order_does_not_change_numbering() {
        let a = json!({"x": {"objectId": "AAAAAAAA-0000-0000-0000-000000000001"}, "y": {"objectId": "BBBBBBBB-0000-0000-0000-000000000002"}});
        let b: Value = serde_json::from_str(r#"{"y": {"objectId": "BBBBBBBB-0000-0000-0000-000000000002"}, "x": {"objectId": "AAAAAAAA-0000-0000-0000-000000000001"}}"#).unwrap_or_default();
        assert_eq!(norm().value(&a), norm().value(&b));
    }
}
