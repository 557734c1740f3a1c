//! The guard's side of a target: what a request may touch here ([`super::safety`]), and what
//! the run's own writes produced (what it may later delete).

use serde_json::Value;

use super::safety::{refusal, Planned, Scope};
use super::{probe, url_path, Answer, Body, HttpRequest, Target};
use crate::generated::{marks, Kind as Generated};
use crate::scenario::Root;

impl Target {
    /// Why the guard would refuse `req` on this target (`None` = it may be sent). Values that
    /// still hold a `{{variable}}` stand for something the run captured, so made by it.
    pub fn refusal(&self, req: &HttpRequest) -> Option<String> {
        let created = |v: &str| {
            v.contains("{{")
                || self
                    .created
                    .lock()
                    .map(|c| c.contains(&v.to_ascii_uppercase()))
                    .unwrap_or(false)
        };
        let scope = Scope {
            kind: self.kind,
            allow_destructive: self.allow_destructive,
            run: &self.run,
            app_id: &self.app_id,
            created: &created,
        };
        let json = match &req.body {
            Body::Json(v) => Some(v),
            _ => None,
        };
        let path = match req.root {
            Root::Server => url_path(&req.path),
            Root::App => req.path.as_str(),
        };
        refusal(
            &scope,
            &Planned {
                method: &req.method.to_ascii_uppercase(),
                server: req.root == Root::Server,
                path,
                where_query: req.query.get("where").map(String::as_str),
                json,
            },
        )
    }

    /// Remember the ids a write of this run produced (what it may delete later).
    pub(super) fn remember(&self, req: &HttpRequest, answer: &Answer) {
        if req.method.eq_ignore_ascii_case("GET") || !(200..300).contains(&answer.status) {
            return;
        }
        let found = marks().find(None, &answer.body);
        let mut values: Vec<String> = found
            .iter()
            .filter(|(_, k)| matches!(k, Generated::Id | Generated::Token))
            .filter_map(|(p, _)| answer.body.pointer(p))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect();
        collect_guids(&answer.body, &mut values);
        if let Ok(mut created) = self.created.lock() {
            created.extend(values.into_iter().map(|v| v.to_ascii_uppercase()));
        }
    }
}

fn collect_guids(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if probe::is_guid(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| collect_guids(i, out)),
        Value::Object(map) => map.values().for_each(|i| collect_guids(i, out)),
        _ => {}
    }
}
