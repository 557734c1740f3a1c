//! Console routes of Atomic Counters, as `backendless-console-sdk` `src/counters.js` calls them:
//! the developer's browser over the same [`CountersState`] the client API uses.
//!
//! | SDK method | Route |
//! |---|---|
//! | `get` (paged, sorted, by pattern) | `GET /{appId}/console/counters?pattern=&pageSize=&offset=&sortField=&sortDir=` |
//! | `listNames` | `GET /{appId}/console/counters/{pattern}/list-names` |
//! | `listCounters` | `POST /{appId}/console/counters/list-by-names` with `[name, ...]` |
//! | `create` | `POST /{appId}/console/counters/{name}` with `{value}` |
//! | `update` | `PUT /{appId}/console/counters/{name}` with `{currentValue, newValue}` |
//! | `remove` | `DELETE /{appId}/console/counters/{name}` |

use axum::extract::Path;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::errors::{no_counter, value_changed};
use super::CountersState;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::{empty, parse_whole, JsonBody, QueryParams};
use crate::services::hive::glob::Glob;

/// The console counter routes (absolute paths).
pub fn console_routes() -> Router<Shared> {
    const BASE: &str = "/{app_id}/console/counters";
    Router::new()
        .route(BASE, get(list))
        .route(&format!("{BASE}/list-by-names"), post(by_names))
        .route(&format!("{BASE}/{{pattern}}/list-names"), get(names))
        .route(
            &format!("{BASE}/{{name}}"),
            post(create).put(update).delete(remove),
        )
}

fn counter(name: &str, value: i64) -> Value {
    json!({"name": name, "value": value})
}

/// `get`: `{data: [{name, value}], totalRows}`, the page asked for.
async fn list(c: ConsoleApp, query: QueryParams) -> JsonResult {
    let state = c.services.get::<CountersState>();
    let pattern = Glob::new(query.get("pattern").unwrap_or("*"));
    let mut rows: Vec<(String, i64)> = state
        .names(&pattern)
        .into_iter()
        .map(|n| {
            let v = state.get(&n);
            (n, v)
        })
        .collect();
    if query.get("sortField") == Some("value") {
        rows.sort_by_key(|(_, v)| *v);
    }
    if query
        .get("sortDir")
        .is_some_and(|d| d.eq_ignore_ascii_case("desc"))
    {
        rows.reverse();
    }
    let total = rows.len();
    let offset = usize::try_from(query.whole("offset")?.unwrap_or(0)).unwrap_or(0);
    let page = usize::try_from(query.whole("pageSize")?.unwrap_or(100)).unwrap_or(100);
    let data: Vec<Value> = rows
        .iter()
        .skip(offset)
        .take(page.max(1))
        .map(|(n, v)| counter(n, *v))
        .collect();
    Ok(Json(json!({"data": data, "totalRows": total})))
}

/// `listNames`: the names matching a glob.
async fn names(c: ConsoleApp, Path((_, pattern)): Path<(String, String)>) -> JsonResult {
    let names = c
        .services
        .get::<CountersState>()
        .names(&Glob::new(&pattern));
    Ok(Json(Value::from(names)))
}

/// `listCounters`: `[{name, value}]` for the names sent (a missing one reads 0, as `get` does).
async fn by_names(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let state = c.services.get::<CountersState>();
    let names = body.as_array().cloned().unwrap_or_default();
    let rows: Vec<Value> = names
        .iter()
        .filter_map(Value::as_str)
        .map(|n| counter(n, state.get(n)))
        .collect();
    Ok(Json(Value::from(rows)))
}

fn whole(body: &Value, key: &str) -> Result<i64, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(text)) => parse_whole(key, text),
        Some(v) => parse_whole(key, &v.to_string()),
    }
}

/// `create`: `{name, value}`.
async fn create(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let value = whole(&body, "value")?;
    c.services.get::<CountersState>().set(&name, value);
    Ok(Json(counter(&name, value)))
}

/// `update`: compare-and-set from `currentValue` to `newValue`.
async fn update(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let state = c.services.get::<CountersState>();
    if !state.exists(&name) {
        return Err(no_counter(&name));
    }
    let (expected, updated) = (whole(&body, "currentValue")?, whole(&body, "newValue")?);
    if !state.compare_and_set(&name, expected, updated) {
        return Err(value_changed(&name, expected, state.get(&name)));
    }
    Ok(Json(counter(&name, updated)))
}

/// `remove`: an empty answer.
async fn remove(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
) -> Result<axum::response::Response, ApiError> {
    if !c.services.get::<CountersState>().remove(&name) {
        return Err(no_counter(&name));
    }
    Ok(empty())
}
