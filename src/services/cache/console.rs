//! Console routes of the Cache, as `backendless-console-sdk` `src/cache.js` calls them: the
//! developer's browser over the same [`CacheState`] (and its size and lifetime rules).
//!
//! | SDK method | Route |
//! |---|---|
//! | `get` | `GET /{appId}/console/cache?pagesize=&offset=`: `{key: {value, expireAt}}` |
//! | `count` | `GET /{appId}/console/cache/count` |
//! | `update` | `PUT /{appId}/console/cache/{key}?expireAt=` (body: the value) |
//! | `remove` | `DELETE /{appId}/console/cache/{key}` |

use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::errors::in_the_past;
use super::state::put_ttl;
use super::CacheState;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::ApiError;
use crate::extract::{empty, parse_whole, JsonBody, QueryParams};

/// The console cache routes (absolute paths).
pub fn console_routes() -> Router<Shared> {
    Router::new()
        .route("/{app_id}/console/cache", get(list))
        .route("/{app_id}/console/cache/count", get(count))
        .route(
            "/{app_id}/console/cache/{key}",
            axum::routing::put(update).delete(remove),
        )
}

/// `get`: one page of live entries, keyed by name.
async fn list(c: ConsoleApp, query: QueryParams) -> Result<Json<Value>, ApiError> {
    let offset = usize::try_from(query.whole("offset")?.unwrap_or(0)).unwrap_or(0);
    let size = query.whole("pagesize")?.or(query.whole("pageSize")?);
    let size = usize::try_from(size.unwrap_or(100)).unwrap_or(100);
    let entries = c.services.get::<CacheState>().live(c.app.clock.now_ms());
    let page: Map<String, Value> = entries
        .into_iter()
        .skip(offset)
        .take(size.max(1))
        .map(|(k, e)| (k, json!({"value": e.value, "expireAt": e.expires_at})))
        .collect();
    Ok(Json(Value::Object(page)))
}

/// `count`: live entries.
async fn count(c: ConsoleApp) -> Json<Value> {
    let n = c
        .services
        .get::<CacheState>()
        .live(c.app.clock.now_ms())
        .len();
    Json(Value::from(n))
}

/// `expireAt` as epoch ms or an ISO date.
fn expire_at(text: &str) -> Result<i64, ApiError> {
    match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(date) => Ok(date.timestamp_millis()),
        Err(_) => parse_whole("expireAt", text),
    }
}

/// `update`: store the value until `expireAt` (the client API's default lifetime without it).
async fn update(
    c: ConsoleApp,
    Path((_, key)): Path<(String, String)>,
    query: QueryParams,
    JsonBody(value): JsonBody,
) -> Result<Response, ApiError> {
    let now = c.app.clock.now_ms();
    let ttl = match query.get("expireAt").filter(|t| !t.is_empty()) {
        Some(text) => {
            let at = expire_at(text)?;
            if at <= now {
                return Err(in_the_past());
            }
            put_ttl(Some((at - now).div_euclid(1000).max(1)))?
        }
        None => put_ttl(None)?,
    };
    c.services.get::<CacheState>().put(&key, value, ttl, now)?;
    Ok(empty())
}

/// `remove`.
async fn remove(c: ConsoleApp, Path((_, key)): Path<(String, String)>) -> Response {
    c.services.get::<CacheState>().delete(&key);
    empty()
}
