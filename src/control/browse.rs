//! Control plane: read-only views the emulator UI shows where no Backendless route gives them
//! without a console login: every table with its schema and row count, the users with their
//! roles and sessions, what Hive, Counters and Cache hold, and the file tree.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::apps::{KeyKind, Shared};
use crate::error::JsonResult;
use crate::extract::QueryParams;
use crate::services::cache::CacheState;
use crate::services::counters::CountersState;
use crate::services::data::console::shape;
use crate::services::data::DataStore;
use crate::services::files::model::{Depth, Found};
use crate::services::files::path::FilePath;
use crate::services::files::pattern::Pattern;
use crate::services::files::{Actor as FileActor, FilesState};
use crate::services::hive::HiveState;
use crate::services::users::schema::{scrub, USERS};
use crate::services::users::{UserOps, UsersState};

/// `GET /_emulator/apps/{id}/tables`: the console's table objects, each with its `count`.
pub(super) async fn tables(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let app = shared.app(&id)?;
    let tables = app.services().get::<DataStore>().read(|t| {
        t.iter()
            .map(|table| {
                let mut described = shape::table_json(t, table);
                described["count"] = Value::from(table.len());
                described
            })
            .collect::<Vec<_>>()
    });
    Ok(Json(Value::from(tables)))
}

/// `GET /_emulator/apps/{id}/users?offset=&pageSize=`: users (without passwords) in created
/// order, each with `roles` and open `sessions` (tokens shortened).
pub(super) async fn users(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let app = shared.app(&id)?;
    let services = app.services();
    let number = |name: &str, default: usize| {
        query
            .get(name)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(default)
    };
    let (offset, page_size) = (number("offset", 0), number("pageSize", 100).min(1000));
    let (total, page) = services.get::<DataStore>().read(|t| match t.table(USERS) {
        Ok(table) => (
            table.len(),
            table
                .rows()
                .skip(offset)
                .take(page_size)
                .map(|row| scrub(table.to_object(row)))
                .collect::<Vec<_>>(),
        ),
        Err(_) => (0, Vec::new()),
    });
    let ops = UserOps::new(&app, &services, &shared.public_url());
    let users: Vec<Value> = page
        .into_iter()
        .map(|user| {
            let user_id = user
                .get("objectId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let roles = ops.roles_of_user(&user_id).unwrap_or_default();
            let sessions: Vec<Value> = services
                .get::<UsersState>()
                .sessions_of(&user_id)
                .iter()
                .map(|s| {
                    json!({"token": shorten(&s.token), "guest": s.guest, "created": s.created,
                           "lastSeen": s.last_seen})
                })
                .collect();
            json!({"user": user, "roles": roles, "sessions": sessions})
        })
        .collect();
    Ok(Json(
        json!({"total": total, "offset": offset, "users": users}),
    ))
}

/// A session token's first characters: enough to tell sessions apart, not to use one.
fn shorten(token: &str) -> String {
    let head: String = token.chars().take(8).collect();
    format!("{head}…")
}

/// `GET /_emulator/apps/{id}/stores`: every hive, counter and cache entry.
pub(super) async fn stores(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let app = shared.app(&id)?;
    let services = app.services();
    Ok(Json(json!({
        "hive": saved(&*services.get::<HiveState>()),
        "counters": saved(&*services.get::<CountersState>()),
        "cache": saved(&*services.get::<CacheState>()),
    })))
}

/// A state as it is saved (the same JSON an export holds).
fn saved(state: &impl serde::Serialize) -> Value {
    serde_json::to_value(state).unwrap_or(Value::Null)
}

/// `GET /_emulator/apps/{id}/files?path=dir`: the children of a directory (the root by default),
/// each FileInfo with a `directory` flag, which the client API's listing does not carry. URLs
/// are the default REST key's.
pub(super) async fn files(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let app = shared.app(&id)?;
    let services = app.services();
    let dir = FilePath::parse(query.get("path").unwrap_or(""))?;
    let root_url = format!(
        "{}/{}/{}",
        shared.public_url(),
        app.id(),
        app.meta().key(KeyKind::Rest)
    );
    let state = services.get::<FilesState>();
    let items = state.list(
        FileActor::Console,
        &dir,
        &Pattern::parse(None)?,
        Depth::Children,
    )?;
    let listed: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut info = item.to_json(&root_url);
            let directory = matches!(
                state.get(FileActor::Console, &item.path),
                Ok(Found::Directory)
            );
            info["directory"] = Value::from(directory);
            info
        })
        .collect();
    Ok(Json(json!({"path": dir.as_str(), "items": listed})))
}
