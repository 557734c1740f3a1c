//! Control-plane routes of messaging: inspect messages and deliveries, trigger delivery of due
//! scheduled messages, and manage the email and push templates the client API uses.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::json;

use super::state::Env;
use super::MessagingState;
use crate::apps::App;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

fn run<R>(
    shared: &Shared,
    id: &str,
    f: impl FnOnce(&MessagingState, Env<'_>) -> R,
) -> Result<R, ApiError> {
    let app: std::sync::Arc<App> = shared.app(id)?;
    let services = app.services();
    let env = Env {
        now: app.clock.now_ms(),
        ids: &app.ids,
        services: &services,
    };
    Ok(f(&services.get::<MessagingState>(), env))
}

/// `GET /_emulator/apps/{id}/messaging`: messages, deliveries, subscriptions and devices.
pub(super) async fn overview(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, env| s.overview(env))?))
}

/// `POST /_emulator/apps/{id}/messaging/deliver`: deliver what is due on the app's clock now.
pub(super) async fn deliver(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let delivered = run(&shared, &id, |s, env| s.deliver_due(env))?;
    Ok(Json(json!({"delivered": delivered})))
}

/// `GET /_emulator/apps/{id}/email-templates`.
pub(super) async fn email_templates(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, _| s.email_templates())?))
}

/// `PUT /_emulator/apps/{id}/email-templates/{name}` with `{subject, textmessage?, htmlmessage?}`.
pub(super) async fn put_email_template(
    State(shared): State<Shared>,
    Path((id, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, _| {
        s.put_email_template(&name, &body)
    })??))
}

/// `DELETE /_emulator/apps/{id}/email-templates/{name}`.
pub(super) async fn delete_email_template(
    State(shared): State<Shared>,
    Path((id, name)): Path<(String, String)>,
) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, _| {
        s.delete_email_template(&name)
    })??))
}

/// `GET /_emulator/apps/{id}/push-templates`.
pub(super) async fn push_templates(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, _| s.push_templates(None))?))
}

/// `PUT /_emulator/apps/{id}/push-templates/{name}` with `{headers, channel?, deviceTypes?, pushSinglecast?}`.
pub(super) async fn put_push_template(
    State(shared): State<Shared>,
    Path((id, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, _| {
        s.put_push_template(&name, &body)
    })??))
}

/// `DELETE /_emulator/apps/{id}/push-templates/{name}`.
pub(super) async fn delete_push_template(
    State(shared): State<Shared>,
    Path((id, name)): Path<(String, String)>,
) -> JsonResult {
    Ok(Json(run(&shared, &id, |s, _| {
        s.delete_push_template(&name)
    })??))
}
