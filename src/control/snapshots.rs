//! Control plane: disk snapshots (`--data-dir`), in-memory snapshots of one app, and forks.
//!
//! A fork is a new app id (with its own keys) holding a copy of another app's state, without its
//! live sessions: cheap enough to give every test its own copy of a seeded fixture.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::apps::describe;
use super::Control;
use crate::apps::NewApp;
use crate::apps::Shared;
use crate::error::{ApiError, Code, JsonResult};
use crate::extract::JsonBody;

/// `POST /_emulator/snapshot`: write the `--data-dir` snapshot now.
pub(super) async fn save_to_disk(State(control): State<Control>) -> JsonResult {
    let data_dir = control
        .data_dir
        .clone()
        .ok_or_else(|| ApiError::templated(Code::PERSISTENCE_OFF, &[]))?;
    let dir = data_dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || data_dir.save(&control.shared.registry))
        .await
        .map_err(|e| ApiError::new(Code::SNAPSHOT_FAILED, format!("Snapshot failed: {e}")))?
        .map_err(|e| ApiError::new(Code::SNAPSHOT_FAILED, format!("Snapshot failed: {e}")))?;
    Ok(Json(
        json!({"saved": dir.join(crate::persistence::SNAPSHOT_FILE)}),
    ))
}

/// `POST /_emulator/apps/{id}/snapshots`: keep a copy of the app's state in memory.
pub(super) async fn take(State(control): State<Control>, Path(id): Path<String>) -> JsonResult {
    let app = control.shared.app(&id)?;
    let snapshot_id = control.snapshots.keep(&app, app.freeze()?)?;
    Ok(Json(json!({"snapshotId": snapshot_id, "app": id})))
}

/// `GET /_emulator/apps/{id}/snapshots`.
pub(super) async fn list(State(control): State<Control>, Path(id): Path<String>) -> JsonResult {
    let app = control.shared.app(&id)?;
    Ok(Json(Value::from(control.snapshots.ids(&app))))
}

/// `DELETE /_emulator/apps/{id}/snapshots/{snapshotId}`.
pub(super) async fn remove(
    State(control): State<Control>,
    Path((id, snapshot_id)): Path<(String, String)>,
) -> JsonResult {
    let app = control.shared.app(&id)?;
    if !control.snapshots.remove(&app, &snapshot_id) {
        return Err(ApiError::templated(
            Code::SNAPSHOT_NOT_FOUND,
            &[&snapshot_id, &id],
        ));
    }
    Ok(Json(json!({"deleted": snapshot_id, "app": id})))
}

/// `POST /_emulator/apps/{id}/snapshots/{snapshotId}/restore`.
pub(super) async fn restore(
    State(control): State<Control>,
    Path((id, snapshot_id)): Path<(String, String)>,
) -> JsonResult {
    let target = control.shared.app(&id)?;
    let frozen = control
        .snapshots
        .get(&target, &snapshot_id)
        .ok_or_else(|| ApiError::templated(Code::SNAPSHOT_NOT_FOUND, &[&snapshot_id, &id]))?;
    target.thaw(&frozen)?;
    Ok(Json(json!({"restored": snapshot_id, "app": id})))
}

/// `POST /_emulator/apps/{id}/fork` with optional `{id, apiKey, name}`: a new app with a copy.
pub(super) async fn fork(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let source = shared.app(&id)?;
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let copy = shared.registry.create(NewApp {
        name: text("name").or_else(|| Some(format!("{} (fork)", source.meta().name))),
        id: text("id"),
        api_key: text("apiKey"),
    })?;
    if let Err(e) = copy.fork_from(&source) {
        let _ = shared.registry.delete(&copy.id());
        return Err(e.into());
    }
    // A fork starts logged out: a session token belongs to the app that issued it, so logging
    // out (or expiring) in the source must not leave a live copy in the fork.
    copy.services()
        .get::<crate::services::users::UsersState>()
        .close_sessions(None);
    Ok(Json(describe(&shared, &copy)))
}
