//! Control plane: disk snapshots (`--data-dir`), in-memory snapshots of one app, and forks.
//!
//! A fork is a new app id (with its own keys) holding a copy of another app's state, without its
//! live sessions: cheap enough to give every test its own copy of a seeded fixture.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::apps::describe;
use crate::apps::NewApp;
use crate::ctx::JsonBody;
use crate::error::ApiError;
use crate::server::Shared;

type JsonResult = Result<Json<Value>, ApiError>;

/// `POST /_emulator/snapshot`: write the `--data-dir` snapshot now.
pub async fn save_to_disk(State(shared): State<Shared>) -> JsonResult {
    let dir = shared
        .config
        .data_dir
        .clone()
        .ok_or_else(|| ApiError::templated(99005, &[]))?;
    let registry_shared = shared.clone();
    let target = dir.clone();
    tokio::task::spawn_blocking(move || {
        crate::persistence::save(&registry_shared.registry, &target)
    })
    .await
    .map_err(|e| ApiError::new(99006, format!("Snapshot failed: {e}")))?
    .map_err(|e| ApiError::new(99006, format!("Snapshot failed: {e}")))?;
    Ok(Json(
        json!({"saved": dir.join(crate::persistence::SNAPSHOT_FILE)}),
    ))
}

/// `POST /_emulator/apps/{id}/snapshots`: keep a copy of the app's state in memory.
pub async fn take(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let export = shared.app(&id)?.export();
    let snapshot_id = shared.snapshots.keep(&id, &export)?;
    Ok(Json(json!({"snapshotId": snapshot_id, "app": id})))
}

/// `GET /_emulator/apps/{id}/snapshots`.
pub async fn list(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    shared.app(&id)?;
    Ok(Json(Value::from(shared.snapshots.ids(&id))))
}

/// `DELETE /_emulator/apps/{id}/snapshots/{snapshotId}`.
pub async fn remove(
    State(shared): State<Shared>,
    Path((id, snapshot_id)): Path<(String, String)>,
) -> JsonResult {
    shared.app(&id)?;
    if !shared.snapshots.remove(&id, &snapshot_id) {
        return Err(ApiError::templated(99007, &[&snapshot_id, &id]));
    }
    Ok(Json(json!({"deleted": snapshot_id, "app": id})))
}

/// `POST /_emulator/apps/{id}/snapshots/{snapshotId}/restore`.
pub async fn restore(
    State(shared): State<Shared>,
    Path((id, snapshot_id)): Path<(String, String)>,
) -> JsonResult {
    let target = shared.app(&id)?;
    let export = shared
        .snapshots
        .get(&id, &snapshot_id)
        .ok_or_else(|| ApiError::templated(99007, &[&snapshot_id, &id]))?;
    target.import(&export)?;
    Ok(Json(json!({"restored": snapshot_id, "app": id})))
}

/// `POST /_emulator/apps/{id}/fork` with optional `{id, apiKey, name}`: a new app with a copy.
pub async fn fork(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let source = shared.app(&id)?;
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let export = source.export();
    let copy = shared.registry.create(NewApp {
        name: text("name").or_else(|| Some(format!("{} (fork)", source.meta().name))),
        id: text("id"),
        api_key: text("apiKey"),
    })?;
    if let Err(e) = copy.import(&export) {
        let _ = shared.registry.delete(&copy.id());
        return Err(e);
    }
    // A fork starts logged out: a session token belongs to the app that issued it, so logging
    // out (or expiring) in the source must not leave a live copy in the fork.
    copy.services().users.close_sessions(None);
    Ok(Json(describe(&shared, &copy)))
}
