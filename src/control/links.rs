//! Control plane: the outbox and the one-time links its emails carry.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::ctx::JsonBody;
use crate::error::ApiError;
use crate::server::Shared;
use crate::services::users::UserOps;

type JsonResult = Result<Json<Value>, ApiError>;

fn ops_for<'a>(
    shared: &Shared,
    services: &'a crate::services::Services,
    app: &'a crate::apps::App,
) -> UserOps<'a> {
    UserOps {
        services,
        settings: app.settings.read().clone(),
        now: app.clock.now_ms(),
        ids: &app.ids,
        links_base: format!("{}/_emulator/apps/{}", shared.public_url(), app.id()),
    }
}

fn app(shared: &Shared, id: &str) -> Result<std::sync::Arc<crate::apps::App>, ApiError> {
    shared
        .registry
        .app(id)
        .ok_or_else(crate::apps::wrong_app_info)
}

/// `GET /_emulator/apps/{id}/outbox`.
pub async fn outbox(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let list = app(&shared, &id)?.services().outbox.list();
    Ok(Json(serde_json::to_value(list).unwrap_or(Value::Null)))
}

/// `DELETE /_emulator/apps/{id}/outbox`.
pub async fn clear_outbox(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    app(&shared, &id)?.services().outbox.clear();
    Ok(Json(json!({"cleared": true})))
}

/// `GET /_emulator/apps/{id}/confirm-email/{token}`: what clicking a confirmation link does.
pub async fn confirm_email(
    State(shared): State<Shared>,
    Path((id, token)): Path<(String, String)>,
) -> JsonResult {
    let a = app(&shared, &id)?;
    let services = a.services();
    let user = ops_for(&shared, &services, &a).confirm_email(&token)?;
    Ok(Json(json!({"confirmed": true, "user": user})))
}

/// `POST /_emulator/apps/{id}/password-reset/{token}` with `{password}`.
pub async fn reset_password(
    State(shared): State<Shared>,
    Path((id, token)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let a = app(&shared, &id)?;
    let services = a.services();
    ops_for(&shared, &services, &a).reset_password(&token, &body)?;
    Ok(Json(json!({"passwordChanged": true})))
}
