//! Captures inferred from traffic: a generated id or token an answer produced (a field the schemas
//! mark, any GUID, an `auth-key` or `user-token` answer header) that a later request uses becomes
//! a `{{variable}}` captured from that answer. A time a request sends (epoch ms within a day of
//! the server's clock) becomes relative: `{{time+N}}` to the latest time an answer generated,
//! else `{{now+N}}` to a real app's clock (its `Date` header); epoch seconds likewise
//! (`{{timeSeconds+N}}`, `{{nowSeconds+N}}`), so a replay on a target whose clock
//! is elsewhere (a seeded emulator starts at 2026-01-01) sends the same distance in time.

use std::collections::BTreeMap;

use serde_json::Value;

use super::apps::Apps;
use crate::generated::Kind;
use crate::target::is_guid;

/// Headers whose values are credentials: kept only as a captured variable.
pub(super) const SECRET_HEADERS: &[&str] = &["user-token", "auth-key"];

/// A value an answer produced, and whether a later request used it.
pub(super) struct Captured {
    /// The value.
    pub raw: String,
    /// Its variable.
    pub var: String,
    /// The step whose answer holds it.
    pub step: usize,
    /// Where in that answer (or `header:<name>`).
    pub pointer: String,
    /// A later request used it (only used captures are written).
    pub used: bool,
}

/// The session's app id in text becomes `{{appId}}`.
pub(super) fn replace_app(text: &str, app_id: &str) -> String {
    text.replace(app_id, "{{appId}}")
}

/// Replace captured values (and the app id) in every string and number of a JSON body.
pub(super) fn substitute_json(v: &Value, app_id: &str, captured: &mut [Captured]) -> Value {
    match v {
        Value::String(s) => {
            let s = replace_app(s, app_id);
            if let Some(c) = captured.iter_mut().rev().find(|c| c.raw == s) {
                c.used = true;
                return Value::from(format!("{{{{{}}}}}", c.var));
            }
            Value::from(substitute_str(&s, captured, false))
        }
        Value::Number(n) => {
            let raw = n.to_string();
            match captured.iter_mut().rev().find(|c| c.raw == raw) {
                Some(c) => {
                    c.used = true;
                    Value::from(format!("{{{{{}}}}}", c.var))
                }
                None => v.clone(),
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| substitute_json(i, app_id, captured))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute_json(v, app_id, captured)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Replace captured values in text: a whole value always; inside longer text only values of
/// eight characters or more (a short number inside text is not an id).
pub(super) fn substitute_str(text: &str, captured: &mut [Captured], whole_only: bool) -> String {
    if let Some(c) = captured.iter_mut().rev().find(|c| c.raw == text) {
        c.used = true;
        return format!("{{{{{}}}}}", c.var);
    }
    if whole_only {
        return text.to_string();
    }
    let mut out = text.to_string();
    let mut order: Vec<usize> = (0..captured.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(captured[*i].raw.len()));
    for i in order {
        let c = &mut captured[i];
        let segment_match = out.split('/').any(|s| s == c.raw);
        if (c.raw.len() >= 8 || segment_match) && out.contains(&c.raw) {
            if c.raw.len() < 8 {
                out = out
                    .split('/')
                    .map(|s| {
                        if s == c.raw {
                            format!("{{{{{}}}}}", c.var)
                        } else {
                            s.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("/");
            } else {
                out = out.replace(&c.raw, &format!("{{{{{}}}}}", c.var));
            }
            c.used = true;
        }
    }
    out
}

/// Remember the generated ids and tokens of an answer as values later requests may use.
pub(super) fn learn(
    answer: &Value,
    found: &BTreeMap<String, Kind>,
    headers: &[(String, String)],
    step: usize,
    apps: &Apps,
    app_id: &str,
    captured: &mut Vec<Captured>,
) {
    let mut candidates: Vec<(String, String)> = found
        .iter()
        .filter(|(_, k)| matches!(k, Kind::Id | Kind::Token))
        .filter_map(|(p, _)| {
            let v = answer.pointer(p)?;
            let raw = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            Some((p.clone(), raw))
        })
        .collect();
    guids(answer, String::new(), &mut candidates);
    for (name, value) in headers {
        if SECRET_HEADERS.contains(&name.as_str()) {
            candidates.push((format!("header:{name}"), value.clone()));
        }
    }
    let is_credential = |raw: &str| {
        raw.eq_ignore_ascii_case(app_id)
            || apps
                .all()
                .iter()
                .any(|a| a.keys.iter().any(|(k, _)| k == raw))
    };
    for (pointer, raw) in candidates {
        if raw.is_empty() || is_credential(&raw) || captured.iter().any(|c| c.raw == raw) {
            continue;
        }
        let base = var_base(&pointer);
        let n = captured.iter().filter(|c| c.var.starts_with(&base)).count() + 1;
        captured.push(Captured {
            raw,
            var: format!("{base}{n}"),
            step,
            pointer,
            used: false,
        });
    }
}

fn guids(v: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) if is_guid(s) && !out.iter().any(|(p, _)| *p == pointer) => {
            out.push((pointer, s.clone()))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, x)| guids(x, format!("{pointer}/{i}"), out)),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, x)| guids(x, format!("{pointer}/{}", crate::diff::escape(k)), out)),
        _ => {}
    }
}

/// A variable name from a pointer's last segment: `/user-token` → `userToken`, `/0` → `value`.
pub(super) fn var_base(pointer: &str) -> String {
    let last = pointer
        .rsplit(['/', ':'])
        .find(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
        .unwrap_or("value");
    let mut out = String::new();
    let mut upper = false;
    for c in last.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(if upper { c.to_ascii_uppercase() } else { c });
            upper = false;
        } else {
            upper = !out.is_empty();
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'v');
    }
    out
}

/// How far from a server time a request's number may be to count as a time (ms).
const TIME_SPAN: i64 = 24 * 3600 * 1000;

/// What a request's times are relative to: the latest time an answer generated, and the
/// server's clock when the request was answered.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TimeRefs {
    /// `{{time}}`.
    pub latest: Option<i64>,
    /// `{{now}}`.
    pub now: Option<i64>,
}

impl TimeRefs {
    /// `{{time+N}}` / `{{now+N}}` for a number that is a time near one of them, in epoch ms or
    /// (`{{timeSeconds+N}}`, `{{nowSeconds+N}}`) epoch seconds.
    fn relative(&self, n: i64) -> Option<String> {
        let near = |r: i64, span: i64| (n - r).abs() <= span;
        let seconds = TIME_SPAN / 1000;
        let (name, base) = match (self.latest, self.now) {
            (Some(l), _) if near(l, TIME_SPAN) => ("time", l),
            (_, Some(w)) if near(w, TIME_SPAN) => ("now", w),
            (Some(l), _) if near(l / 1000, seconds) => ("timeSeconds", l / 1000),
            (_, Some(w)) if near(w / 1000, seconds) => ("nowSeconds", w / 1000),
            _ => return None,
        };
        let d = n - base;
        Some(if d < 0 {
            format!("{{{{{name}{d}}}}}")
        } else {
            format!("{{{{{name}+{d}}}}}")
        })
    }

    /// A JSON body with its times made relative.
    pub(super) fn json(&self, v: &Value) -> Value {
        match v {
            Value::Number(n) => n
                .as_i64()
                .and_then(|n| self.relative(n))
                .map_or_else(|| v.clone(), Value::from),
            Value::Array(items) => Value::Array(items.iter().map(|i| self.json(i)).collect()),
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), self.json(v))).collect())
            }
            other => other.clone(),
        }
    }

    /// A query value with its time made relative (a whole number only).
    pub(super) fn text(&self, s: &str) -> String {
        s.parse::<i64>()
            .ok()
            .and_then(|n| self.relative(n))
            .unwrap_or_else(|| s.to_string())
    }
}

/// The server's clock from an answer's `Date` header (epoch ms).
pub(super) fn date_header(headers: &[(String, String)]) -> Option<i64> {
    let (_, v) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("date"))?;
    chrono::DateTime::parse_from_rfc2822(v)
        .ok()
        .map(|d| d.timestamp_millis())
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_near_a_server_time_become_relative() {
        let refs = TimeRefs {
            latest: Some(1_767_225_600_000),
            now: Some(1_796_000_000_000),
        };
        assert_eq!(
            refs.json(&json!({"at": 1_767_225_605_000_i64, "past": 1_767_225_599_000_i64, "n": 5})),
            json!({"at": "{{time+5000}}", "past": "{{time-1000}}", "n": 5})
        );
        assert_eq!(refs.text("1796000003600"), "{{now+3600}}");
        assert_eq!(refs.text("1796003600"), "{{nowSeconds+3600}}");
        assert_eq!(
            refs.json(&json!(1_767_225_660)),
            json!("{{timeSeconds+60}}")
        );
        assert_eq!(refs.text("42"), "42");
        assert_eq!(TimeRefs::default().text("1796000003600"), "1796000003600");
        assert_eq!(
            date_header(&[("date".into(), "Wed, 02 Dec 2026 12:00:00 GMT".into())]),
            Some(1_796_212_800_000)
        );
    }
}
