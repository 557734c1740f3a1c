//! The request journal: a bounded record of recent requests (app, method, path, status, time),
//! with the reason for every rejected one (the error message, and for a permission refusal the
//! rule that refused). Bodies and headers are never recorded, so no password or token reaches it.
//! New entries are also broadcast to live readers (`GET /_emulator/journal/stream`).

use std::collections::VecDeque;
use std::time::Instant;

use std::convert::Infallible;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::Response;
use axum::Json;
use futures_util::{Stream, StreamExt};
use parking_lot::Mutex;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::broadcast;

use super::Control;
use crate::apps::AppUrl;
use crate::apps::Shared;
use crate::error::RejectedBecause;
use crate::extract::QueryParams;

/// Default number of entries kept.
pub const JOURNAL_CAPACITY: usize = 10_000;
/// Longest text (path, reason) an entry keeps, in bytes: with [`JOURNAL_CAPACITY`] entries the
/// journal stays under ~15 MB however long the refused requests were.
pub const MAX_TEXT_BYTES: usize = 512;
/// Longest method an entry keeps, in bytes.
const MAX_METHOD_BYTES: usize = 32;

/// `text` cut to at most `max` bytes on a character boundary, marked with `…` when cut.
pub fn truncate(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    text
}

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
    /// Which permission and which rule refused it, when a permission check did.
    pub rule: Option<String>,
}

/// A bounded ring of [`Entry`]s.
#[derive(Debug)]
pub struct Journal {
    entries: Mutex<Ring>,
    capacity: usize,
}

#[derive(Debug)]
struct Ring {
    seq: u64,
    entries: VecDeque<Entry>,
    /// Live readers; `None` once the server shuts down, which ends their streams.
    live: Option<broadcast::Sender<Entry>>,
}

/// How many entries a slow live reader may fall behind before it skips ahead.
const LIVE_BACKLOG: usize = 1024;

impl Journal {
    /// An empty journal keeping at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Journal {
            entries: Mutex::new(Ring {
                seq: 0,
                entries: VecDeque::with_capacity(capacity.min(1024)),
                live: Some(broadcast::channel(LIVE_BACKLOG).0),
            }),
            capacity,
        }
    }

    /// Record an entry, dropping the oldest beyond the cap, and pass it to live readers.
    pub fn record(&self, mut entry: Entry) {
        if self.capacity == 0 {
            return;
        }
        let mut g = self.entries.lock();
        g.seq += 1;
        entry.seq = g.seq;
        if g.entries.len() >= self.capacity {
            g.entries.pop_front();
        }
        if let Some(live) = g.live.as_ref().filter(|l| l.receiver_count() > 0) {
            let _ = live.send(entry.clone());
        }
        g.entries.push_back(entry);
    }

    /// Entries matching a filter, newest last, at most `limit`.
    pub fn query(&self, filter: &Filter) -> Vec<Entry> {
        let g = self.entries.lock();
        let mut hits: Vec<Entry> = g
            .entries
            .iter()
            .rev()
            .filter(|e| filter.matches(e))
            .take(filter.limit)
            .cloned()
            .collect();
        hits.reverse();
        hits
    }

    /// The held entries after `since` that match `filter` (at most its `limit`, newest kept),
    /// and every entry recorded from then on, with no gap between the two; `None` once the
    /// journal is closed.
    pub fn follow(
        &self,
        since: u64,
        filter: &Filter,
    ) -> Option<(Vec<Entry>, broadcast::Receiver<Entry>)> {
        let g = self.entries.lock();
        let live = g.live.as_ref()?.subscribe();
        let mut backlog: Vec<Entry> = g
            .entries
            .iter()
            .rev()
            .take_while(|e| e.seq > since)
            .filter(|e| filter.matches(e))
            .take(filter.limit)
            .cloned()
            .collect();
        backlog.reverse();
        Some((backlog, live))
    }

    /// End every live stream (the server is shutting down and waits for open connections).
    pub fn close(&self) {
        self.entries.lock().live = None;
    }

    /// Number of entries held.
    pub fn len(&self) -> usize {
        self.entries.lock().entries.len()
    }

    /// Whether the journal is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drop every entry.
    pub fn clear(&self) {
        self.entries.lock().entries.clear();
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
    /// The filter of `?app=&path=&status=&limit=` (limit 100 by default).
    pub fn from_query(query: &QueryParams) -> Self {
        Filter {
            app: query
                .get("app")
                .filter(|a| !a.is_empty())
                .map(str::to_string),
            path: query
                .get("path")
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            status: query
                .get("status")
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            limit: query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(100),
        }
    }

    /// Whether an entry passes the filter.
    pub fn matches(&self, e: &Entry) -> bool {
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
    if path.starts_with("/_emulator/") || control.journal.capacity == 0 {
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
    let rejected = response.extensions().get::<RejectedBecause>();
    let reason = (!status.is_success()).then(|| {
        rejected
            .map(|r| r.message.clone())
            .unwrap_or_else(|| status.to_string())
    });
    let rule = rejected.and_then(|r| r.rule.clone());
    control.journal.record(Entry {
        seq: 0,
        time: chrono::Utc::now().timestamp_millis(),
        app,
        method: truncate(method, MAX_METHOD_BYTES),
        path: truncate(path, MAX_TEXT_BYTES),
        status: status.as_u16(),
        micros: started.elapsed().as_micros() as u64,
        reason: reason.map(|r| truncate(r, MAX_TEXT_BYTES)),
        rule,
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
    let filter = Filter::from_query(&query);
    let journal = &control.journal;
    let entries = journal.query(&filter);
    Json(json!({"size": journal.len(), "capacity": journal.capacity, "entries": entries}))
}

/// `GET /_emulator/journal/stream?app=&path=&status=&since=&limit=`: server-sent events, one
/// `entry` event (the entry's JSON, its `seq` as the event id) per matching request: first the
/// held ones after `since` (or the `Last-Event-ID` a reconnecting browser sends), then each new
/// one, until the client leaves or the server stops.
pub async fn stream(
    State(control): State<Control>,
    headers: HeaderMap,
    query: QueryParams,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let filter = Filter::from_query(&query);
    let since = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or_else(|| query.get("since"))
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0);
    let followed = control.journal.follow(since, &filter);
    let (backlog, live) = match followed {
        Some((backlog, live)) => (backlog, Some(live)),
        None => (Vec::new(), None),
    };
    let held = futures_util::stream::iter(backlog.into_iter().map(|e| Ok(entry_event(&e))));
    let new = futures_util::stream::unfold(live, move |live| {
        let filter = filter.clone();
        async move {
            let mut live = live?;
            loop {
                match live.recv().await {
                    Ok(entry) if filter.matches(&entry) => {
                        return Some((Ok(entry_event(&entry)), Some(live)))
                    }
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Lagged(skipped)) => {
                        let event = Event::default().event("lagged").data(skipped.to_string());
                        return Some((Ok(event), Some(live)));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        }
    });
    Sse::new(held.chain(new)).keep_alive(KeepAlive::default())
}

fn entry_event(entry: &Entry) -> Event {
    Event::default()
        .event("entry")
        .id(entry.seq.to_string())
        .json_data(entry)
        .unwrap_or_default()
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
            rule: None,
        }
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        assert_eq!(truncate("short".into(), 512), "short");
        let cut = truncate("é".repeat(1000), 512);
        assert!(cut.len() <= 512 && cut.ends_with('…'), "{}", cut.len());
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
