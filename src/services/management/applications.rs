//! Console applications and the data config (management.md §2 B1-B4, K6).

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::errors;
use crate::apps::developers::Dev;
use crate::apps::Shared;
use crate::apps::{App, NewApp};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::settings::DataConfig;

/// An app as the console lists it.
pub fn app_json(app: &App, owner: &str) -> Value {
    let meta = app.meta();
    json!({
        "id": meta.id, "name": meta.name, "appName": meta.name, "version": "v1",
        "created": meta.created, "ownerDeveloperId": owner, "zoneId": "US",
        "type": "BACKENDLESS", "metaInfo": {}
    })
}

/// B1 `GET /console/applications`: the apps this developer owns.
pub async fn list(State(shared): State<Shared>, dev: Dev) -> Json<Value> {
    let apps: Vec<Value> = shared
        .registry
        .list()
        .iter()
        .filter(|a| shared.console.owns(&dev.developer, &a.meta()))
        .map(|a| app_json(a, &dev.developer.id))
        .collect();
    Json(Value::from(apps))
}

/// B2 `POST /console/applications` with `{appName}` (e2e) or `{name}` (SDK tests).
pub async fn create(
    State(shared): State<Shared>,
    dev: Dev,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let name = body
        .get("appName")
        .or_else(|| body.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ApiError::missing_field("appName"))?;
    let app = shared.registry.create(NewApp {
        name: Some(name),
        ..NewApp::default()
    })?;
    app.set_owner(&dev.developer.id);
    Ok(Json(app_json(&app, &dev.developer.id)))
}

/// B3 `DELETE /{appId}/console/application`.
pub async fn delete(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    shared.registry.delete(&app_id)?;
    Ok(Json(json!({"success": true})))
}

/// B4 `PUT /{appId}/console/application` with `{appName}`.
pub async fn rename(
    State(shared): State<Shared>,
    dev: Dev,
    Path(app_id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let name = body
        .get("appName")
        .or_else(|| body.get("name"))
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::missing_field("appName"))?;
    app.rename(name);
    Ok(Json(app_json(&app, &dev.developer.id)))
}

/// K6 `GET /{appId}/console/data/config`.
pub async fn data_config(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let config = app.settings.read().data.clone();
    Ok(Json(serde_json::to_value(config).unwrap_or(Value::Null)))
}

/// K6 `PUT /{appId}/console/data/config`: only the fields sent change.
pub async fn set_data_config(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let app = shared.app(&app_id)?;
    let updated: DataConfig = merge(&app.settings.read().data, &body)?;
    app.settings.write().data = updated.clone();
    Ok(Json(serde_json::to_value(updated).unwrap_or(Value::Null)))
}

/// Overlay the fields of `patch` on `current` (the console sends whole or partial objects).
pub fn merge<T: serde::Serialize + serde::de::DeserializeOwned>(
    current: &T,
    patch: &Value,
) -> Result<T, ApiError> {
    let Value::Object(fields) = patch else {
        return Err(errors::bad_document("the body must be a JSON object"));
    };
    let mut value =
        serde_json::to_value(current).map_err(|e| errors::bad_document(&e.to_string()))?;
    if let Value::Object(target) = &mut value {
        for (k, v) in fields {
            target.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(value).map_err(|e| errors::bad_document(&e.to_string()))
}
