//! Control-plane routes of timers: list timers (after firing what is due), fire what is due on
//! the app's clock now, and read the firing log.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::console::logs_json;
use super::fire::fire_due;
use crate::apps::Shared;
use crate::error::JsonResult;
use crate::extract::QueryParams;
use crate::services::timers::TimersState;

/// `GET /_emulator/apps/{id}/timers`.
pub(super) async fn timers(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let app = shared.app(&id)?;
    let services = app.services();
    fire_due(&app, &services).await;
    Ok(Json(Value::from(services.get::<TimersState>().list(&[]))))
}

/// `POST /_emulator/apps/{id}/timers/run-due`: fire every timer due now; returns the firings.
pub(super) async fn run_due(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let app = shared.app(&id)?;
    let services = app.services();
    let fired = fire_due(&app, &services).await;
    Ok(Json(json!({"fired": fired})))
}

/// `GET /_emulator/apps/{id}/timers/logs?timername=&offset=&pageSize=`.
pub(super) async fn logs(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let app = shared.app(&id)?;
    let services = app.services();
    fire_due(&app, &services).await;
    Ok(Json(logs_json(&services, &query)?))
}
