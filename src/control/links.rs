//! Control plane: the outbox and the one-time links its emails carry.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::apps::Shared;
use crate::error::JsonResult;
use crate::extract::JsonBody;
use crate::services::messaging::outbox::Outbox;
use crate::services::users::UserOps;

/// `GET /_emulator/apps/{id}/outbox`.
pub(super) async fn outbox(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let list = shared.app(&id)?.services().get::<Outbox>().list();
    Ok(Json(serde_json::to_value(list).unwrap_or(Value::Null)))
}

/// `DELETE /_emulator/apps/{id}/outbox`.
pub(super) async fn clear_outbox(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> JsonResult {
    shared.app(&id)?.services().get::<Outbox>().clear();
    Ok(Json(json!({"cleared": true})))
}

/// `GET /_emulator/apps/{id}/confirm-email/{token}`: what clicking a confirmation link does.
pub(super) async fn confirm_email(
    State(shared): State<Shared>,
    Path((id, token)): Path<(String, String)>,
) -> JsonResult {
    let a = shared.app(&id)?;
    let services = a.services();
    let user = UserOps::new(&a, &services, &shared.public_url()).confirm_email(&token)?;
    Ok(Json(json!({"confirmed": true, "user": user})))
}

/// `POST /_emulator/apps/{id}/password-reset/{token}` with `{password}`.
pub(super) async fn reset_password(
    State(shared): State<Shared>,
    Path((id, token)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let a = shared.app(&id)?;
    let services = a.services();
    UserOps::new(&a, &services, &shared.public_url()).reset_password(&token, &body)?;
    Ok(Json(json!({"passwordChanged": true})))
}
