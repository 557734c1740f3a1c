//! Control plane: disk snapshots (`--data-dir`), in-memory snapshots of one app, and forks.
//!
//! A fork is a new app id (with its own keys) holding a copy of another app's state: cheap enough
//! to give every test its own copy of a seeded fixture.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use parking_lot::Mutex;

use super::apps::describe;
use super::Control;
use crate::apps::NewApp;
use crate::apps::Shared;
use crate::ctx::JsonBody;
use crate::error::ApiError;

type JsonResult = Result<Json<Value>, ApiError>;

/// In-memory snapshots: (app id, snapshot id, export), in the order taken.
#[derive(Debug, Default)]
pub struct Snapshots(Mutex<Vec<(String, String, Value)>>);

impl Snapshots {
    /// Keep a copy of an app's export; returns its id.
    pub fn keep(&self, app_id: &str, export: Value) -> String {
        let mut g = self.0.lock();
        let id = format!("{}", g.len() + 1);
        g.push((app_id.to_string(), id.clone(), export));
        id
    }

    /// Ids of an app's snapshots.
    pub fn ids(&self, app_id: &str) -> Vec<String> {
        self.0
            .lock()
            .iter()
            .filter(|(a, _, _)| a == app_id)
            .map(|(_, id, _)| id.clone())
            .collect()
    }

    /// One snapshot of an app.
    pub fn get(&self, app_id: &str, id: &str) -> Option<Value> {
        self.0
            .lock()
            .iter()
            .find(|(a, s, _)| a == app_id && s == id)
            .map(|(_, _, e)| e.clone())
    }
}

/// `POST /_emulator/snapshot`: write the `--data-dir` snapshot now.
pub async fn save_to_disk(State(control): State<Control>) -> JsonResult {
    let data_dir = control
        .data_dir
        .clone()
        .ok_or_else(|| ApiError::templated(99005, &[]))?;
    let dir = data_dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || data_dir.save(&control.shared.registry))
        .await
        .map_err(|e| ApiError::new(99006, format!("Snapshot failed: {e}")))?
        .map_err(|e| ApiError::new(99006, format!("Snapshot failed: {e}")))?;
    Ok(Json(
        json!({"saved": dir.join(crate::persistence::SNAPSHOT_FILE)}),
    ))
}

/// `POST /_emulator/apps/{id}/snapshots`: keep a copy of the app's state in memory.
pub async fn take(State(control): State<Control>, Path(id): Path<String>) -> JsonResult {
    let export = control.shared.app(&id)?.export();
    let snapshot_id = control.snapshots.keep(&id, export);
    Ok(Json(json!({"snapshotId": snapshot_id, "app": id})))
}

/// `GET /_emulator/apps/{id}/snapshots`.
pub async fn list(State(control): State<Control>, Path(id): Path<String>) -> JsonResult {
    control.shared.app(&id)?;
    Ok(Json(Value::from(control.snapshots.ids(&id))))
}

/// `POST /_emulator/apps/{id}/snapshots/{snapshotId}/restore`.
pub async fn restore(
    State(control): State<Control>,
    Path((id, snapshot_id)): Path<(String, String)>,
) -> JsonResult {
    let target = control.shared.app(&id)?;
    let export = control.snapshots.get(&id, &snapshot_id).ok_or_else(|| {
        ApiError::new(
            99007,
            format!("Snapshot {snapshot_id} of app {id} does not exist"),
        )
    })?;
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
    Ok(Json(describe(&shared, &copy)))
}
