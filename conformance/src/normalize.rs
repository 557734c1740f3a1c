//! The normaliser: generated values (ids, tokens, timestamps, URLs, per-run names) become
//! placeholders so two targets' answers can be compared. Which fields are generated comes from
//! the response schemas' `x-generated` marks ([`crate::generated`]), not from a list here. Ids and
//! tokens are numbered by first appearance (`<id:1>`), so "the ownerId of step 3 is the objectId
//! of step 1" survives, and a generated value met again inside a path or a message is replaced by
//! its placeholder. Times become `<time>`; [`crate::relations`] checks them by relation instead.
//! Object keys are visited in sorted order, so numbering never depends on a target's key order.
//! Each target gets its own [`Normalizer`] (its raw values differ) built from the same [`RULES`].

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::diff::escape;
use crate::generated::{marks, Kind};

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
    Rule { name: "credentials", description: "the target's base URL, app id, API keys and control token inside any string → <base>, <appId>, <apiKey>, <cloudCodeKey>, <controlToken>" },
    Rule { name: "run-token", description: "the run's unique token (from {{run}}/{{unique}}) inside any string → <run>" },
    Rule { name: "generated-ids", description: "values the response schemas mark x-generated: id (by property name anywhere, or by place in the operation's schema) → <id:N> (<id-number:N> for a number), numbered by first appearance" },
    Rule { name: "generated-tokens", description: "values marked x-generated: token → <token:N> (<token-number:N> for a number), numbered by first appearance" },
    Rule { name: "generated-times", description: "numbers marked x-generated: time → <time>; each is checked by relation instead (not before the scenario began on the target's clock, not before a time an earlier step generated, an object's created never changes)" },
    Rule { name: "seen-values", description: "a generated id or token met again as a whole word in a path or message (a number only as a whole path segment) → its placeholder" },
    Rule { name: "file-urls", description: "http(s) URLs containing /files/ → <fileRoot>/files/<rest> (host and key prefix dropped)" },
    Rule { name: "urls", description: "any other whole http(s) URL value → <url:N>" },
    Rule { name: "guid", description: "any remaining GUID (8-4-4-4-12 hex) inside a string → the placeholder it already has, else <id:N>" },
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
    /// Raw value (upper-cased) → placeholder.
    seen: HashMap<String, String>,
    /// Seen raw values, longest first, for replacement inside text.
    words: Vec<String>,
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
            words: Vec::new(),
            counters: HashMap::new(),
        }
    }

    fn placeholder(&mut self, raw: &str, kind: &'static str) -> String {
        let key = raw.to_ascii_uppercase();
        if let Some(p) = self.seen.get(&key) {
            return p.clone();
        }
        let n = self.counters.entry(kind).or_insert(0);
        *n += 1;
        let p = format!("<{kind}:{n}>");
        self.seen.insert(key.clone(), p.clone());
        if !key.is_empty() {
            let at = self
                .words
                .iter()
                .position(|w| w.len() < key.len())
                .unwrap_or(self.words.len());
            self.words.insert(at, key);
        }
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

    /// Normalise a string that is not a generated value itself (a path, a message, a name).
    pub fn string(&mut self, s: &str) -> String {
        let text = self.redact(s);
        let is_url = text.starts_with("http://")
            || text.starts_with("https://")
            || text.starts_with("<base>");
        if is_url {
            let text = self.replace_seen(&text);
            if let Some(i) = text.find("/files/") {
                return format!("<fileRoot>{}", &text[i..]);
            }
            return self.placeholder(&text, "url");
        }
        let text = self.replace_seen(&text);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let matches: Vec<(usize, usize)> = guid_regex()
            .map(|re| re.find_iter(&text).map(|m| (m.start(), m.end())).collect())
            .unwrap_or_default();
        for (start, end) in matches {
            out.push_str(&text[last..start]);
            let p = self.placeholder(&text[start..end], "id");
            out.push_str(&p);
            last = end;
        }
        out.push_str(&text[last..]);
        out
    }

    /// Replace generated values seen before that stand as whole words in `text` (a number only
    /// as a whole path segment, so `3` in "3 items" stays).
    fn replace_seen(&self, text: &str) -> String {
        if self.words.is_empty() {
            return text.to_string();
        }
        let upper = text.to_ascii_uppercase();
        let bytes = upper.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'scan: while i < bytes.len() {
            let word_start = i == 0 || !is_word_byte(bytes[i - 1]);
            if word_start {
                for w in &self.words {
                    let end = i + w.len();
                    if end > bytes.len() || &bytes[i..end] != w.as_bytes() {
                        continue;
                    }
                    if end < bytes.len() && is_word_byte(bytes[end]) {
                        continue;
                    }
                    let numeric = w.bytes().all(|b| b.is_ascii_digit());
                    let segment = (i > 0 && bytes[i - 1] == b'/')
                        && (end == bytes.len() || matches!(bytes[end], b'/' | b'?'));
                    if numeric && !segment {
                        continue;
                    }
                    out.push_str(&self.seen[w]);
                    i = end;
                    continue 'scan;
                }
            }
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
        out
    }

    /// Normalise a JSON value, with the fields marked by name only.
    pub fn value(&mut self, v: &Value) -> Value {
        let found = marks().find(None, v);
        self.answer(v, &found)
    }

    /// Normalise an answer whose generated values were found at `found` (JSON pointer → kind,
    /// see [`crate::generated::Marks::find`]).
    pub fn answer(&mut self, v: &Value, found: &BTreeMap<String, Kind>) -> Value {
        self.value_at(String::new(), v, found)
    }

    fn value_at(&mut self, pointer: String, v: &Value, found: &BTreeMap<String, Kind>) -> Value {
        let generated = match (found.get(&pointer), v) {
            (Some(Kind::Time), Value::Number(_)) => return Value::from("<time>"),
            (Some(Kind::Id), Value::String(s)) => Some((s.clone(), "id")),
            (Some(Kind::Id), Value::Number(n)) => Some((n.to_string(), "id-number")),
            (Some(Kind::Token), Value::String(s)) => Some((s.clone(), "token")),
            (Some(Kind::Token), Value::Number(n)) => Some((n.to_string(), "token-number")),
            _ => None,
        };
        if let Some((raw, kind)) = generated {
            return Value::String(self.placeholder(&raw, kind));
        }
        match v {
            Value::String(s) => Value::String(self.string(s)),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.value_at(format!("{pointer}/{i}"), item, found))
                    .collect(),
            ),
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    let nk = self.string(k);
                    let child = format!("{pointer}/{}", escape(k));
                    out.insert(nk, self.value_at(child, &map[k], found));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
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
            json!({"friends": ["<id:1>", "<id:2>"], "objectId": "<id:2>", "ownerId": "<id:2>"})
        );
    }

    #[test]
    fn tokens_times_urls_and_secrets_are_replaced() {
        let mut n = norm();
        let out = n.value(&json!({
            "user-token": "T1", "created": 17, "updated": null, "createdOn": 18,
            "fileURL": "http://127.0.0.1:9/APP/KEY-1/files/a/b.txt",
            "confirmationURL": "https://x.test/c?t=9", "email": "a-r7x@x.test",
            "message": "Not existing user token - t1. Relogin"
        }));
        assert_eq!(out["user-token"], "<token:1>");
        assert_eq!(out["created"], "<time>");
        assert_eq!(out["createdOn"], "<time>");
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
            "Entity with ID <id:1> not found"
        );
    }

    #[test]
    fn seen_values_are_replaced_as_whole_words_and_numbers_only_as_segments() {
        let mut n = norm();
        let found = BTreeMap::from([("/id".to_string(), Kind::Id), ("/m".to_string(), Kind::Id)]);
        n.answer(&json!({"id": 3, "m": "message:x1"}), &found);
        assert_eq!(
            n.string("DELETE /_emulator/faults/3"),
            "DELETE /_emulator/faults/<id-number:1>"
        );
        assert_eq!(n.string("/faults/3?x=1"), "/faults/<id-number:1>?x=1");
        assert_eq!(n.string("3 rules, rule 33"), "3 rules, rule 33");
        assert_eq!(n.string("/messaging/message:X1"), "/messaging/<id:1>");
        assert_eq!(n.string("no message:x12"), "no message:x12");
    }

    #[test]
    fn key_order_does_not_change_numbering() {
        let a = json!({"x": {"objectId": "AAAAAAAA-0000-0000-0000-000000000001"}, "y": {"objectId": "BBBBBBBB-0000-0000-0000-000000000002"}});
        let b: Value = serde_json::from_str(r#"{"y": {"objectId": "BBBBBBBB-0000-0000-0000-000000000002"}, "x": {"objectId": "AAAAAAAA-0000-0000-0000-000000000001"}}"#).unwrap_or_default();
        assert_eq!(norm().value(&a), norm().value(&b));
    }
}
