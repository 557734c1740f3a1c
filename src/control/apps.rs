//! Control plane: apps (list, create, delete, reset), export/import, settings and clock.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::apps::Shared;
use crate::apps::{App, NewApp};
use crate::error::{ApiError, JsonResult};
use crate::extract::{ExportBody, JsonBody, QueryParams};
use crate::services::management::applications::merge;
use crate::services::users::UsersState;
use crate::settings::AppSettings;

/// An app with its keys, as the control plane reports it.
pub fn describe(shared: &Shared, app: &App) -> Value {
    let meta = app.meta();
    let keys: serde_json::Map<String, Value> = meta
        .keys
        .iter()
        .map(|k| (k.kind.as_str().to_string(), Value::from(k.key.clone())))
        .collect();
    let rest = meta.key(crate::apps::KeyKind::Rest).to_string();
    let default = shared
        .registry
        .default_app()
        .is_some_and(|d| d.id() == meta.id);
    json!({
        "id": meta.id, "name": meta.name, "created": meta.created, "keys": keys, "default": default,
        "baseUrl": format!("{}/{}/{}", shared.public_url(), meta.id, rest),
    })
}

/// `GET /_emulator/apps`.
pub async fn list(State(shared): State<Shared>) -> Json<Value> {
    Json(Value::from(
        shared
            .registry
            .list()
            .iter()
            .map(|a| describe(&shared, a))
            .collect::<Vec<_>>(),
    ))
}

/// `POST /_emulator/apps` with optional `{name, id, apiKey}`.
pub async fn create(State(shared): State<Shared>, JsonBody(body): JsonBody) -> JsonResult {
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let created = shared.registry.create(NewApp {
        name: text("name"),
        id: text("id"),
        api_key: text("apiKey"),
    })?;
    Ok(Json(describe(&shared, &created)))
}

/// `GET /_emulator/apps/{id}`.
pub async fn show(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let a = shared.app(&id)?;
    Ok(Json(describe(&shared, &a)))
}

/// `DELETE /_emulator/apps/{id}`.
pub async fn delete(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    shared.registry.delete(&id)?;
    Ok(Json(json!({"deleted": id})))
}

/// `POST /_emulator/apps/{id}/reset`: empty the app, keep id and keys.
pub async fn reset(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    shared.app(&id)?.reset();
    Ok(Json(json!({"reset": [id]})))
}

/// `POST /_emulator/reset`: empty every app and drop every in-memory snapshot.
pub async fn reset_all(State(control): State<super::Control>) -> Json<Value> {
    let apps = control.shared.registry.list();
    for a in &apps {
        a.reset();
    }
    control.snapshots.clear();
    Json(json!({"reset": apps.iter().map(|a| a.id()).collect::<Vec<_>>()}))
}

/// `GET /_emulator/apps/{id}/export[?redact=secrets]`. A plain export holds argon2id password
/// hashes, live session tokens and the API keys; `redact=secrets` leaves them out for sharing.
pub async fn export(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let app = shared.app(&id)?;
    let mut export = app.export();
    match query.get("redact") {
        None => {}
        Some("secrets") => {
            export["services"]["users"] = app.services().get::<UsersState>().export_redacted();
            if let Some(keys) = export["app"]["keys"].as_array_mut() {
                for key in keys {
                    key["key"] = Value::from(REDACTED);
                }
            }
        }
        Some(other) => {
            return Err(ApiError::unparsable(&format!(
                "redact must be 'secrets', got '{other}'"
            )))
        }
    }
    Ok(Json(export))
}

/// What a redacted export shows instead of an API key (importing ignores an export's keys).
pub const REDACTED: &str = "REDACTED";

/// `POST /_emulator/apps/{id}/import`: replace the app's state with an export.
pub async fn import(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    ExportBody(body): ExportBody,
) -> JsonResult {
    shared.app(&id)?.import(&body)?;
    Ok(Json(json!({"imported": id})))
}

/// `GET /_emulator/apps/{id}/settings`.
pub async fn settings(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let a = shared.app(&id)?;
    let s = a.settings.read().clone();
    Ok(Json(serde_json::to_value(s).unwrap_or(Value::Null)))
}

/// `PUT /_emulator/apps/{id}/settings`: `{registration: {...}, login: {...}, data: {...}}`, each merged.
pub async fn set_settings(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let a = shared.app(&id)?;
    let current = a.settings.read().clone();
    let mut next: AppSettings = current.clone();
    if let Some(p) = body.get("registration") {
        next.registration = merge(&current.registration, p)?;
    }
    if let Some(p) = body.get("login") {
        next.login = merge(&current.login, p)?;
    }
    if let Some(p) = body.get("data") {
        next.data = merge(&current.data, p)?;
    }
    *a.settings.write() = next.clone();
    Ok(Json(serde_json::to_value(next).unwrap_or(Value::Null)))
}

fn clock_json(a: &App) -> Value {
    json!({"now": a.clock.peek_ms(), "virtual": a.clock.is_virtual()})
}

/// `GET /_emulator/apps/{id}/clock`.
pub async fn clock(State(shared): State<Shared>, Path(id): Path<String>) -> JsonResult {
    let a = shared.app(&id)?;
    Ok(Json(clock_json(&a)))
}

/// `PUT /_emulator/apps/{id}/clock` with `{now: ms}` or `{advance: ms}`.
pub async fn set_clock(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let a = shared.app(&id)?;
    apply_clock(&a, &body)?;
    Ok(Json(clock_json(&a)))
}

/// `PUT /_emulator/clock`: set or advance every app's clock.
pub async fn set_all_clocks(State(shared): State<Shared>, JsonBody(body): JsonBody) -> JsonResult {
    let apps = shared.registry.list();
    for a in &apps {
        apply_clock(a, &body)?;
    }
    Ok(Json(Value::from(
        apps.iter().map(|a| clock_json(a)).collect::<Vec<_>>(),
    )))
}

fn apply_clock(a: &App, body: &Value) -> Result<(), ApiError> {
    match (
        body.get("now").and_then(Value::as_i64),
        body.get("advance").and_then(Value::as_i64),
    ) {
        (Some(now), None) => a.clock.set_ms(now),
        (None, Some(delta)) => a.clock.advance_ms(delta),
        _ => return Err(ApiError::missing_field("now or advance (epoch ms / ms)")),
    }
    Ok(())
}
