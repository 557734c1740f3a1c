//! HTTP handlers of custom services and events: look up the webhook, forward, or refuse honestly.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::Json;
use bytes::Bytes;
use serde_json::Value;

use super::forward::{forward, service_url, Forward};
use super::webhooks::Webhooks;
use crate::apps::Ctx;
use crate::apps::Shared;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::services::custom::CustomState;

/// `{POST,GET,PUT,DELETE,PATCH} /services/{service}/{method...}`: forwarded to the service's webhook.
pub(super) async fn invoke_service(
    ctx: Ctx,
    Path((service, rest)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> ApiResult {
    let state = ctx.services.get::<CustomState>();
    let hooks = state.webhooks();
    let base = hooks
        .service(&service)
        .ok_or_else(|| super::errors::service_without_webhook(&service))?;
    state.saw_method(&service, method.as_str(), &rest);
    let url = service_url(base, &rest, query.as_deref())?;
    forward(Forward {
        method,
        url,
        headers: &headers,
        body,
        context: vec![
            ("x-emulator-app-id", ctx.app.id()),
            ("x-emulator-service", service.clone()),
        ],
    })
    .await
}

/// `POST /servercode/events/{event}`: forwarded to the event's webhook.
pub(super) async fn dispatch_event(
    ctx: Ctx,
    Path(event): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    // An enabled event handler (console) goes first, then the control plane's event webhooks.
    let state = ctx.services.get::<CustomState>();
    let target = match state.event_handler(&event) {
        Some(handler) => handler.webhook,
        None => state
            .webhooks()
            .event(&event)
            .map(str::to_string)
            .ok_or_else(|| super::errors::event_without_webhook(&event))?,
    };
    let url = reqwest::Url::parse(&target)
        .map_err(|e| super::errors::webhook_failed(&target, &e.to_string()))?;
    forward(Forward {
        method: Method::POST,
        url,
        headers: &headers,
        body,
        context: vec![
            ("x-emulator-app-id", ctx.app.id()),
            ("x-emulator-event", event.clone()),
        ],
    })
    .await
}

/// `GET /_emulator/apps/{id}/webhooks`.
pub(super) async fn webhooks(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let hooks = shared.app(&id)?.services().get::<CustomState>().webhooks();
    Ok(Json(serde_json::to_value(hooks).unwrap_or(Value::Null)))
}

/// `PUT /_emulator/apps/{id}/webhooks`: replace the whole configuration.
pub(super) async fn set_webhooks(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let app = shared.app(&id)?;
    let hooks = Webhooks::parse(&body)?;
    super::webhooks::check_not_self(&hooks, &shared.public_url())?;
    app.services()
        .get::<CustomState>()
        .set_webhooks(hooks.clone());
    Ok(Json(serde_json::to_value(hooks).unwrap_or(Value::Null)))
}
