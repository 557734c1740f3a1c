//! Console channel handlers (`messaging.js`: channels, their devices and messages).

use axum::extract::Path;
use axum::Json;
use serde_json::Value;

use super::{env, page};
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::messaging::parse::{required_string, string_list};
use crate::services::messaging::MessagingState;

/// `loadChannels` / `getMessagingChannels`.
pub(super) async fn list(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<MessagingState>().channels(env(&c)))
}

/// `createChannel`: `{name, settings}`.
pub(super) async fn create(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let name = required_string(&body, "name")?;
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.create_channel(&name, env(&c))?))
}

/// `renameChannel`: `{channelid, name: newName, settings}` to `channels/{channelid}`.
pub(super) async fn rename(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let name = required_string(&body, "name")?;
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.rename_channel(&channel, &name, env(&c))?))
}

/// `deleteChannel`.
pub(super) async fn remove(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.remove_channel(&channel, env(&c))?))
}

/// `loadDevices`: `?offset=&pageSize=`.
pub(super) async fn devices(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
    query: QueryParams,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.channel_devices(
        &channel,
        page(&query)?,
        env(&c),
    )?))
}

/// The count request of `loadDevices`.
pub(super) async fn device_count(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.channel_device_count(&channel, env(&c))?))
}

/// `deleteDevices`: the body is the array of device ids.
pub(super) async fn delete_devices(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let ids = match &body {
        Value::Array(_) => string_list(Some(&body), "devicesIds")?,
        Value::Object(o) => string_list(o.get("devicesIds").or(o.get("ids")), "devicesIds")?,
        _ => Vec::new(),
    };
    if ids.is_empty() {
        return Err(ApiError::missing_field("devicesIds"));
    }
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.delete_channel_devices(
        &channel,
        &ids,
        env(&c),
    )?))
}

/// `loadMessages`: `?offset=&pageSize=`.
pub(super) async fn messages(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
    query: QueryParams,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.channel_messages(
        &channel,
        page(&query)?,
        env(&c),
    )?))
}

/// The count request of `loadMessages`.
pub(super) async fn message_count(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.channel_message_count(&channel, env(&c))?))
}
