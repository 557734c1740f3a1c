//! [`AuditLog`]: the changes developers made to an app through the console API. Every
//! successful `POST`/`PUT`/`PATCH`/`DELETE` under `/{appId}/console/` is recorded by
//! [`record`] (a layer over the console routes) with who, when, what and the answer's status;
//! the console's Security screen lists, downloads and clears them (`security.js`
//! `loadAuditLogs`, `downloadAuditLogs`, `deleteAuditLogs`). Backendless documents neither the
//! entries' fields nor what it records; these are the emulator's.
//!
//! | SDK method | Route (`/{appId}/console/security/...`) |
//! |---|---|
//! | `loadAuditLogs` | `GET audit-logs`: newest first |
//! | `downloadAuditLogs` | `GET audit-logs/download?fromDate=&toDate=`: CSV, oldest first |
//! | `deleteAuditLogs` | `DELETE audit-logs` |

use std::collections::VecDeque;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::apps::developers::{console_app, ConsoleApp, Dev};
use crate::apps::{ServiceState, Shared};
use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::services::messaging::parse::instant;

/// How many entries an app keeps; the oldest go first.
pub(crate) const AUDIT_CAPACITY: usize = 1000;

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuditEntry {
    /// When the answer was sent, epoch ms.
    pub(crate) timestamp: i64,
    /// The developer's account id.
    pub(crate) developer_id: String,
    /// The developer's login email.
    pub(crate) developer: String,
    /// `POST`, `PUT`, `PATCH` or `DELETE`.
    pub(crate) method: String,
    /// The request path, from `/{appId}/console/`.
    pub(crate) path: String,
    /// The answer's HTTP status.
    pub(crate) status: u16,
}

/// The audit log of one app (saved with it, emptied by a reset like the rest of its state).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct AuditLog {
    entries: RwLock<VecDeque<AuditEntry>>,
}

impl ServiceState for AuditLog {
    const KEY: &'static str = "auditLog";
}

impl AuditLog {
    fn push(&self, entry: AuditEntry) {
        let mut entries = self.entries.write();
        if entries.len() == AUDIT_CAPACITY {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The entries recorded between `from` and `to` (epoch ms, inclusive), oldest first.
    fn between(&self, from: Option<i64>, to: Option<i64>) -> Vec<AuditEntry> {
        self.entries
            .read()
            .iter()
            .filter(|e| from.is_none_or(|f| e.timestamp >= f))
            .filter(|e| to.is_none_or(|t| e.timestamp <= t))
            .cloned()
            .collect()
    }

    fn clear(&self) -> usize {
        let mut entries = self.entries.write();
        let n = entries.len();
        entries.clear();
        n
    }
}

/// The layer over the console routes: a successful change to an app is recorded in its log.
pub(crate) async fn record(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let changes = [Method::POST, Method::PUT, Method::PATCH, Method::DELETE];
    let app_id = console_app(request.uri().path()).map(str::to_string);
    let (Some(app_id), true) = (app_id, changes.contains(request.method())) else {
        return next.run(request).await;
    };
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let (mut parts, body) = request.into_parts();
    let dev = Dev::from_request_parts(&mut parts, &shared).await.ok();
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    if let (Some(dev), true, Ok(app)) = (dev, status.is_success(), shared.app(&app_id)) {
        app.services().get::<AuditLog>().push(AuditEntry {
            timestamp: app.clock.now_ms(),
            developer_id: dev.developer.id.clone(),
            developer: dev.developer.email.clone(),
            method,
            path,
            status: status.as_u16(),
        });
    }
    response
}

/// `loadAuditLogs`: every entry, newest first.
pub(super) async fn list(c: ConsoleApp) -> Json<Value> {
    let mut entries = c.services.get::<AuditLog>().between(None, None);
    entries.reverse();
    Json(serde_json::to_value(entries).unwrap_or_default())
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// `downloadAuditLogs`: the entries between `fromDate` and `toDate` (epoch ms or ISO-8601) as
/// CSV, oldest first.
pub(super) async fn download(c: ConsoleApp, query: QueryParams) -> Result<Response, ApiError> {
    let bound = |name: &str| {
        let raw = query.get(name).filter(|v| !v.is_empty());
        let value = raw.map(|v| {
            v.parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(v))
        });
        instant(value.as_ref(), name)
    };
    let (from, to) = (bound("fromDate")?, bound("toDate")?);
    let mut csv = String::from("timestamp,developerId,developer,method,path,status\n");
    for e in c.services.get::<AuditLog>().between(from, to) {
        let row = [
            e.timestamp.to_string(),
            csv_field(&e.developer_id),
            csv_field(&e.developer),
            e.method,
            csv_field(&e.path),
            e.status.to_string(),
        ];
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let headers = [
        (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"audit-logs.csv\"",
        ),
    ];
    Ok((headers, csv).into_response())
}

/// `deleteAuditLogs`: how many entries went (the deletion itself is then recorded).
pub(super) async fn clear(c: ConsoleApp) -> Json<Value> {
    Json(Value::from(c.services.get::<AuditLog>().clear()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};

    fn entry(timestamp: i64) -> AuditEntry {
        AuditEntry {
            timestamp,
            developer_id: "d".into(),
            developer: "dev@example.com".into(),
            method: "PUT".into(),
            path: "/A/console/x".into(),
            status: 200,
        }
    }

    #[test]
    fn the_log_keeps_the_newest_entries_and_filters_by_time() {
        let log = AuditLog::default();
        for t in 0..(AUDIT_CAPACITY as i64 + 5) {
            log.push(entry(t));
        }
        let all = log.between(None, None);
        assert_eq!(all.len(), AUDIT_CAPACITY);
        assert_eq!(all[0].timestamp, 5);
        let some = log.between(Some(10), Some(12));
        assert_eq!(
            some.iter().map(|e| e.timestamp).collect::<Vec<_>>(),
            [10, 11, 12]
        );
        let back = loaded::<AuditLog>(&saved(&log)).expect("loads");
        assert_eq!(back.between(None, None).len(), AUDIT_CAPACITY);
        assert_eq!(log.clear(), AUDIT_CAPACITY);
        assert!(log.between(None, None).is_empty());
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
