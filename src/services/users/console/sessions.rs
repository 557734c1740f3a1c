//! The console's user sessions screen (`backendless-console-sdk` `src/security.js`
//! `loadUsers`, `loadUsersWithSessions`, `loadUserSessions`, `logoutUserSessions`), over the
//! sessions the User Service keeps (users.md §1.3). Cursors are offsets, as text.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::common::{self, UserRef};
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::users::{Session, UsersState};

fn user_row(user: &UserRef, sessions: &[Session]) -> Value {
    json!({
        "objectId": user.id,
        "userId": user.id,
        "identity": user.identity,
        "sessionsCount": sessions.len(),
        "lastActivity": sessions.iter().map(|s| s.last_seen).max(),
    })
}

fn session_row(s: &Session) -> Value {
    json!({
        "userToken": s.token,
        "userId": s.user_id,
        "guest": s.guest,
        "created": s.created,
        "lastActivity": s.last_seen,
    })
}

/// The page a cursor (an offset) and `pageSize` select, and the next cursor (`null` at the end).
fn cursor_page<T: Clone>(items: &[T], query: &QueryParams) -> Result<(Vec<T>, Value), ApiError> {
    let start = match query.get("cursor").filter(|c| !c.is_empty()) {
        Some(text) => usize::try_from(crate::extract::parse_whole("cursor", text)?).unwrap_or(0),
        None => 0,
    };
    let size =
        usize::try_from(query.whole("pageSize")?.unwrap_or(100).clamp(1, 1000)).unwrap_or(100);
    let page: Vec<T> = items.iter().skip(start).take(size).cloned().collect();
    let next = (start + size < items.len()).then(|| (start + size).to_string());
    Ok((page, Value::from(next)))
}

/// `GET .../user/sessions/users?identityOrUserId=&offset=&pageSize=&sortBy=`: the app's users
/// (matching the identity or objectId when given) with how many sessions each has open.
pub(super) async fn users(c: ConsoleApp, query: QueryParams) -> JsonResult {
    let sessions = c.services.get::<UsersState>();
    let needle = query.get("identityOrUserId").unwrap_or("").to_lowercase();
    let mut matching: Vec<UserRef> = common::users(&c.services)
        .into_iter()
        .filter(|u| {
            needle.is_empty()
                || u.id.to_lowercase() == needle
                || u.identity.to_lowercase().contains(&needle)
        })
        .collect();
    if let Some(sort) = query.get("sortBy") {
        let descending = sort.to_ascii_lowercase().ends_with("desc");
        matching.sort_by(|a, b| a.identity.cmp(&b.identity));
        if descending {
            matching.reverse();
        }
    }
    let (offset, size) = common::page(&query)?;
    let data: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(size)
        .map(|u| user_row(u, &sessions.sessions_of(&u.id)))
        .collect();
    Ok(Json(json!({"data": data, "totalRows": matching.len()})))
}

/// `GET .../user/sessions/users-with-sessions?cursor=&pageSize=`: the users with an open session.
pub(super) async fn users_with_sessions(c: ConsoleApp, query: QueryParams) -> JsonResult {
    let sessions = c.services.get::<UsersState>();
    let rows: Vec<Value> = common::users(&c.services)
        .iter()
        .filter_map(|u| {
            let open = sessions.sessions_of(&u.id);
            (!open.is_empty()).then(|| user_row(u, &open))
        })
        .collect();
    let (data, cursor) = cursor_page(&rows, &query)?;
    Ok(Json(json!({"data": data, "cursor": cursor})))
}

/// `GET .../user/sessions/{userId}?cursor=&pageSize=`: one user's open sessions, oldest first
/// (3030 for an unknown user).
pub(super) async fn user_sessions(
    c: ConsoleApp,
    Path((_, user)): Path<(String, String)>,
    query: QueryParams,
) -> JsonResult {
    let user = common::user(&c.services, &user)?;
    let rows: Vec<Value> = c
        .services
        .get::<UsersState>()
        .sessions_of(&user.id)
        .iter()
        .map(session_row)
        .collect();
    let (data, cursor) = cursor_page(&rows, &query)?;
    Ok(Json(json!({"data": data, "cursor": cursor})))
}

/// `PUT .../user/sessions/logout` with the userId (a JSON string, `{userId}`, or a list of
/// ids): every session of those users ends.
pub(super) async fn logout(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let ids: Vec<String> = match &body {
        Value::String(id) => vec![id.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Value::Object(o) => o
            .get("userId")
            .or_else(|| o.get("objectId"))
            .and_then(Value::as_str)
            .map(|id| vec![id.to_string()])
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    if ids.is_empty() {
        return Err(ApiError::missing_field("userId"));
    }
    let users = ids
        .iter()
        .map(|id| common::user(&c.services, id))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let state = c.services.get::<UsersState>();
    let count: usize = users
        .iter()
        .map(|u| state.close_sessions(Some(&u.id)))
        .sum();
    Ok(Json(json!({"success": true, "loggedOut": count})))
}
