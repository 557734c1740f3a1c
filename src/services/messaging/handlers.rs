//! HTTP handlers of messaging: extract, call one [`MessagingState`] method, wrap the result.

use axum::extract::Path;
use axum::Json;
use serde_json::Value;

use super::errors::bad_field;
use super::parse::Publish;
use super::state::Env;
use crate::apps::Ctx;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::data::handlers::{plan as data_plan, read_as};
use crate::services::data::options::{FindOptions, MAX_PAGE_SIZE};
use crate::services::data::schema::USERS;
use crate::services::messaging::MessagingState;
use crate::services::security::CallerOf;

/// The app's clock reading, ids and outbox for one request.
fn env(ctx: &Ctx) -> Env<'_> {
    Env {
        now: ctx.now(),
        ids: &ctx.app.ids,
        services: &ctx.services,
    }
}

/// M1 `POST /messaging/{channel}`.
pub(super) async fn publish(
    ctx: Ctx,
    Path(channel): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let publish = Publish::parse(&body)?;
    Ok(Json(ctx.services.get::<MessagingState>().publish(
        &channel,
        publish,
        env(&ctx),
    )))
}

/// M2 `GET /messaging/{messageId}`.
pub(super) async fn message_status(ctx: Ctx, Path(message_id): Path<String>) -> Json<Value> {
    Json(
        ctx.services
            .get::<MessagingState>()
            .status(&message_id, env(&ctx)),
    )
}

/// M3 `DELETE /messaging/{messageId}`.
pub(super) async fn cancel(ctx: Ctx, Path(message_id): Path<String>) -> JsonResult {
    Ok(Json(
        ctx.services
            .get::<MessagingState>()
            .cancel(&message_id, env(&ctx))?,
    ))
}

/// M4 `DELETE /messaging/channels/{channelName}`.
pub(super) async fn delete_channel(ctx: Ctx, Path(channel): Path<String>) -> Json<Value> {
    Json(
        ctx.services
            .get::<MessagingState>()
            .delete_channel(&channel, env(&ctx)),
    )
}

/// M6 `POST /messaging/{channel}/subscribe`.
pub(super) async fn subscribe(
    ctx: Ctx,
    Path(channel): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    Ok(Json(ctx.services.get::<MessagingState>().subscribe(
        &channel,
        &body,
        env(&ctx),
    )?))
}

/// M7 `GET /messaging/{channel}/{subscriptionId}`.
pub(super) async fn poll(
    ctx: Ctx,
    Path((channel, subscription)): Path<(String, String)>,
) -> JsonResult {
    Ok(Json(ctx.services.get::<MessagingState>().poll(
        &channel,
        &subscription,
        env(&ctx),
    )?))
}

/// M5 `POST /messaging/push/{templateName}`.
pub(super) async fn push_with_template(
    ctx: Ctx,
    Path(template): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    Ok(Json(
        ctx.services
            .get::<MessagingState>()
            .push_with_template(&template, &body, env(&ctx))?,
    ))
}

/// M8 `GET /messaging/pushtemplates/{deviceType}`.
pub(super) async fn push_templates(ctx: Ctx, Path(device_type): Path<String>) -> Json<Value> {
    Json(
        ctx.services
            .get::<MessagingState>()
            .push_templates(Some(&device_type)),
    )
}

/// M8 without a device type (`GET /messaging/pushtemplates`, as the Swift SDK calls it).
pub(super) async fn all_push_templates(ctx: Ctx) -> Json<Value> {
    Json(ctx.services.get::<MessagingState>().push_templates(None))
}

/// E1 `POST /messaging/email`.
pub(super) async fn send_email(ctx: Ctx, JsonBody(body): JsonBody) -> JsonResult {
    Ok(Json(
        ctx.services
            .get::<MessagingState>()
            .send_basic_email(&body, env(&ctx))?,
    ))
}

/// E2 `POST /emailtemplate/send`; `criteria` (the JS SDK's `EmailEnvelope.setQuery`) selects
/// the recipients among the Users the caller may find.
pub(super) async fn send_email_from_template(ctx: Ctx, JsonBody(body): JsonBody) -> JsonResult {
    let recipients = match body.get("criteria") {
        None | Some(Value::Null) => None,
        Some(Value::String(w)) => Some(users_matching(&ctx, w)?),
        Some(_) => return Err(bad_field("criteria must be a where clause")),
    };
    Ok(Json(
        ctx.services
            .get::<MessagingState>()
            .send_templated_email(&body, recipients, env(&ctx))?,
    ))
}

/// The emails of the users matching `criteria`, in creation order (users without one skipped).
fn users_matching(ctx: &Ctx, criteria: &str) -> Result<Vec<String>, ApiError> {
    let mut options = FindOptions {
        where_clause: Some(criteria.to_string()),
        props: Some("email".into()),
        sort_by: Some("created".into()),
        page_size: MAX_PAGE_SIZE,
        ..FindOptions::default()
    };
    let mut emails = Vec::new();
    loop {
        let plan = data_plan(ctx, &options)?;
        let page = ctx.with_caller(|c| read_as(ctx, c, |r, _| r.find(USERS, &plan)))?;
        emails.extend(
            page.iter()
                .filter_map(|u| u["email"].as_str())
                .map(str::to_string),
        );
        if page.len() < MAX_PAGE_SIZE {
            return Ok(emails);
        }
        options.offset += MAX_PAGE_SIZE;
    }
}

/// D1 `POST /messaging/registrations`.
pub(super) async fn register_device(ctx: Ctx, JsonBody(body): JsonBody) -> JsonResult {
    Ok(Json(
        ctx.services
            .get::<MessagingState>()
            .register_device(&body, env(&ctx))?,
    ))
}

/// D2 `GET /messaging/registrations/{deviceId}`.
pub(super) async fn registrations(ctx: Ctx, Path(device_id): Path<String>) -> Json<Value> {
    Json(
        ctx.services
            .get::<MessagingState>()
            .registrations(&device_id, env(&ctx)),
    )
}

/// D3 `DELETE /messaging/registrations/{deviceId}`.
pub(super) async fn unregister_device(ctx: Ctx, Path(device_id): Path<String>) -> Json<Value> {
    Json(
        ctx.services
            .get::<MessagingState>()
            .unregister_device(&device_id, env(&ctx)),
    )
}
