//! Console routes of logging (`backendless-console-sdk` `src/settings.js`): the logger levels
//! that `GET /log/logger` and `/info` report, read and set by the developer.
//!
//! | SDK method | Route |
//! |---|---|
//! | `getAppLogging` | `GET /{appId}/console/logging/config`: `{loggers: [{name, level}]}` |
//! | `setAppLoggingConfig` | `POST .../logging/config` with `{loggers: [{name, level}]}` or `{name: level}` |
//! | `clearLoggers` | `DELETE .../logging/loggers`: every level but the global logger's |
//! | `setAppLoggingIntegration` | 99000: the emulator forwards logs nowhere |

use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::errors::{integrations_unsupported, missing};
use super::LoggingState;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// The console logging routes (absolute paths).
pub fn console_routes() -> Router<Shared> {
    const BASE: &str = "/{app_id}/console/logging";
    Router::new()
        .route(&format!("{BASE}/config"), get(config).post(set_config))
        .route(&format!("{BASE}/loggers"), delete(clear_loggers))
        .route(&format!("{BASE}/integration"), post(integration))
}

fn answer(levels: Value) -> Json<Value> {
    Json(json!({"loggers": levels}))
}

/// `getAppLogging`.
async fn config(c: ConsoleApp) -> Json<Value> {
    answer(c.services.get::<LoggingState>().levels())
}

/// `setAppLoggingConfig`: the levels sent change, the others stay.
async fn set_config(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let levels = match &body["loggers"] {
        Value::Array(list) => {
            let mut map = Map::new();
            for item in list {
                let name = item["name"]
                    .as_str()
                    .ok_or_else(|| missing("loggers[].name"))?;
                map.insert(name.to_string(), item["level"].clone());
            }
            Value::Object(map)
        }
        Value::Null => body,
        other => other.clone(),
    };
    Ok(answer(
        c.services.get::<LoggingState>().set_levels(&levels)?,
    ))
}

/// `clearLoggers`.
async fn clear_loggers(c: ConsoleApp) -> Json<Value> {
    answer(c.services.get::<LoggingState>().clear_loggers())
}

/// `setAppLoggingIntegration`.
async fn integration(_: ConsoleApp) -> ApiError {
    integrations_unsupported()
}
