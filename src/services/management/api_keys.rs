//! API keys in the console (`backendless-console-sdk` `src/settings.js`): C1 app settings with
//! `apiKeys`, and the key operations. A key created here serves the client API at once; a
//! regenerated or deleted one stops at once (the registry resolves every request's key).
//!
//! | SDK method | Route |
//! |---|---|
//! | `getAppSettings` | `GET /{appId}/console/appsettings` |
//! | `createAPIKey` | `POST /{appId}/console/apikey` with `{name}` |
//! | `getAPIKey` / `updateAPIKey` / `deleteAPIKey` | `GET`/`PUT`/`DELETE .../apikey/{apiKeyId}` |
//! | `regenerateAPIKey` | `POST .../apikey/{apiKeyId}/regenerate` |
//!
//! System keys (one per client kind) have the kind as `deviceType` and name; custom keys have
//! `deviceType` `CUSTOM` and act as the REST key does.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::errors;
use crate::apps::developers::ConsoleApp;
use crate::apps::{AppMeta, Shared};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// `deviceType` of a custom key.
const CUSTOM: &str = "CUSTOM";

/// Every key of the app as the console lists them: system keys first, then custom ones.
fn keys_json(meta: &AppMeta) -> Vec<Value> {
    let system = meta.keys.iter().map(|k| {
        let kind = k.kind.as_str();
        json!({"id": k.id(), "name": kind, "deviceType": kind, "apiKey": k.key})
    });
    let custom = meta
        .custom_keys
        .iter()
        .map(|k| json!({"id": k.id, "name": k.name, "deviceType": CUSTOM, "apiKey": k.key}));
    system.chain(custom).collect()
}

fn key_json(meta: &AppMeta, id: &str) -> Result<Value, ApiError> {
    keys_json(meta)
        .into_iter()
        .find(|k| k["id"] == id)
        .ok_or_else(|| errors::api_key_not_found(id))
}

/// The `deviceType` of a system key with this id (custom and unknown ids answer `None`).
fn system_kind(meta: &AppMeta, id: &str) -> Option<&'static str> {
    meta.keys
        .iter()
        .find(|k| k.id() == id)
        .map(|k| k.kind.as_str())
}

/// C1 `GET /{appId}/console/appsettings`: `apiKeys` for every key.
pub(super) async fn settings(State(shared): State<Shared>, c: ConsoleApp) -> Json<Value> {
    let meta = c.app.meta();
    Json(json!({
        "appId": meta.id, "appName": meta.name, "apiKeys": keys_json(&meta),
        "apiURL": format!("{}/{}", shared.public_url(), meta.id),
        "customDomain": null
    }))
}

/// `createAPIKey`: a custom key named `name`.
pub(super) async fn create(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let name = body["name"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::missing_field("name"))?;
    let key = shared.registry.add_custom_key(&c.app, name);
    key_json(&c.app.meta(), &key.id).map(Json)
}

/// `getAPIKey`.
pub(super) async fn one(c: ConsoleApp, Path((_, id)): Path<(String, String)>) -> JsonResult {
    key_json(&c.app.meta(), &id).map(Json)
}

/// `updateAPIKey`: a custom key's new `name` (a system key keeps its kind as name: 99261).
pub(super) async fn update(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let meta = c.app.meta();
    if let Some(kind) = system_kind(&meta, &id) {
        return Err(errors::system_api_key(kind));
    }
    key_json(&meta, &id)?;
    if let Some(name) = body["name"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        shared.registry.rename_custom_key(&c.app, &id, name);
    }
    key_json(&c.app.meta(), &id).map(Json)
}

/// `regenerateAPIKey`: a new value for any key; the old value stops working.
pub(super) async fn regenerate(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
) -> JsonResult {
    shared
        .registry
        .regenerate_key(&c.app, &id)
        .ok_or_else(|| errors::api_key_not_found(&id))?;
    key_json(&c.app.meta(), &id).map(Json)
}

/// `deleteAPIKey`: a custom key stops working (system keys cannot be deleted: 99261).
pub(super) async fn delete(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
) -> JsonResult {
    let meta = c.app.meta();
    if let Some(kind) = system_kind(&meta, &id) {
        return Err(errors::system_api_key(kind));
    }
    let removed = key_json(&meta, &id)?;
    shared.registry.remove_custom_key(&c.app, &id);
    Ok(Json(removed))
}
