//! The request journal: a bounded record of recent requests (app, method, path, status, time),
//! with the reason for every rejected one. Bodies and headers are never recorded, so no password
//! or token reaches it.

use std::collections::VecDeque;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use parking_lot::Mutex;
use serde::Serialize;
use serde_json::{json, Value};

use super::Control;
use crate::apps::AppUrl;
use crate::ctx::QueryParams;
use crate::error::RejectedBecause;
use crate::server::Shared;

/// Default number of entries kept.
pub const JOURNAL_CAPACITY: usize = 10_000;

/// One recorded request.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Sequence number since start.
    pub seq: u64,
    /// Wall-clock time, epoch ms.
    pub time: i64,
    /// App id from the URL (`/api` → the default app), if any.
    pub app: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// Response status.
    pub status: u16,
    /// Handling time in microseconds.
    pub micros: u64,
    /// Why the request was refused (the error message), for non-2xx answers.
    pub reason: Option<String>,
}

/// A bounded ring of [`Entry`]s.
#[derive(Debug)]
pub struct Journal {
    entries: Mutex<(u64, VecDeque<Entry>)>,
    capacity: usize,
}

impl Journal {
    /// An empty journal keeping at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Journal {
            entries: Mutex::new((0, VecDeque::with_capacity(capacity.min(1024)))),
            capacity,
        }
    }

    /// Record an entry, dropping the oldest beyond the cap.
    pub fn record(&self, mut entry: Entry) {
        if self.capacity == 0 {
            return;
        }
        let mut g = self.entries.lock();
        g.0 += 1;
        entry.seq = g.0;
        if g.1.len() >= self.capacity {
            g.1.pop_front();
        }
        g.1.push_back(entry);
    }

    /// Entries matching a filter, newest last, at most `limit`.
    pub fn query(&self, filter: &Filter) -> Vec<Entry> {
        let g = self.entries.lock();
        let mut hits: Vec<Entry> =
            g.1.iter()
                .rev()
                .filter(|e| filter.matches(e))
                .take(filter.limit)
                .cloned()
                .collect();
        hits.reverse();
        hits
    }

    /// Number of entries held.
    pub fn len(&self) -> usize {
        self.entries.lock().1.len()
    }

    /// Whether the journal is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drop every entry.
    pub fn clear(&self) {
        self.entries.lock().1.clear();
    }
}

/// What `GET /_emulator/journal` selects.
#[derive(Debug, Clone)]
pub struct Filter {
    /// Only this app.
    pub app: Option<String>,
    /// Only paths containing this text.
    pub path: Option<String>,
    /// Only this status, or a class like `4xx`.
    pub status: Option<String>,
    /// At most this many (newest).
    pub limit: usize,
}

impl Filter {
    fn matches(&self, e: &Entry) -> bool {
        self.app
            .as_ref()
            .is_none_or(|a| e.app.as_deref() == Some(a.as_str()))
            && self
                .path
                .as_ref()
                .is_none_or(|p| e.path.contains(p.as_str()))
            && self
                .status
                .as_ref()
                .is_none_or(|s| status_matches(s, e.status))
    }
}

fn status_matches(pattern: &str, status: u16) -> bool {
    match pattern.strip_suffix("xx") {
        Some(class) => class.parse::<u16>().is_ok_and(|c| status / 100 == c),
        None => pattern.parse::<u16>().is_ok_and(|s| s == status),
    }
}

/// Middleware: record every request except the control plane's own.
pub async fn record(State(control): State<Control>, req: Request, next: Next) -> Response {
    let shared = &control.shared;
    let path = req.uri().path().to_string();
    if path.starts_with("/_emulator/") {
        return next.run(req).await;
    }
    let method = req.method().to_string();
    let app = app_in_path(
        shared,
        req.uri()
            .path_and_query()
            .map_or(path.as_str(), |p| p.as_str()),
    );
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status();
    let reason = (!status.is_success()).then(|| {
        response
            .extensions()
            .get::<RejectedBecause>()
            .map(|r| r.0.clone())
            .unwrap_or_else(|| status.to_string())
    });
    control.journal.record(Entry {
        seq: 0,
        time: chrono::Utc::now().timestamp_millis(),
        app,
        method,
        path,
        status: status.as_u16(),
        micros: started.elapsed().as_micros() as u64,
        reason,
    });
    response
}

/// The app a request path names (for `/api/...` the default app), whether or not its key is right.
fn app_in_path(shared: &Shared, path: &str) -> Option<String> {
    let id = match AppUrl::parse(path) {
        AppUrl::Keyed { app_id, .. }
        | AppUrl::EngineIo { app_id }
        | AppUrl::Console {
            app_id: Some(app_id),
        } => app_id,
        AppUrl::Api { .. } => return shared.registry.default_app().map(|a| a.id()),
        AppUrl::Control | AppUrl::Console { app_id: None } | AppUrl::Other => return None,
    };
    shared.registry.app(id).map(|a| a.id())
}

/// `GET /_emulator/journal?app=&path=&status=&limit=`.
pub async fn list(State(control): State<Control>, query: QueryParams) -> Json<Value> {
    let filter = Filter {
        app: query.get("app").map(str::to_string),
        path: query.get("path").map(str::to_string),
        status: query.get("status").map(str::to_string),
        limit: query
            .get("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(100),
    };
    let journal = &control.journal;
    let entries = journal.query(&filter);
    Json(json!({"size": journal.len(), "capacity": journal.capacity, "entries": entries}))
}

/// `DELETE /_emulator/journal`.
pub async fn clear(State(control): State<Control>) -> Json<Value> {
    control.journal.clear();
    Json(json!({"cleared": true}))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(app: &str, status: u16) -> Entry {
        Entry {
            seq: 0,
            time: 0,
            app: Some(app.into()),
            method: "GET".into(),
            path: "/x".into(),
            status,
            micros: 1,
            reason: None,
        }
    }

    #[test]
    fn journal_stays_under_its_cap_and_filters() {
        let j = Journal::new(3);
        for i in 0..10 {
            j.record(entry(
                if i % 2 == 0 { "a" } else { "b" },
                if i < 5 { 200 } else { 404 },
            ));
        }
        assert_eq!(j.len(), 3);
        let all = j.query(&Filter {
            app: None,
            path: None,
            status: None,
            limit: 10,
        });
        assert_eq!(
            all.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![8, 9, 10]
        );
        let a = j.query(&Filter {
            app: Some("a".into()),
            path: None,
            status: Some("4xx".into()),
            limit: 10,
        });
        assert_eq!(a.len(), 1);
        assert!(status_matches("404", 404) && !status_matches("5xx", 404));
    }
}
