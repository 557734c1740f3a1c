//! Console routes of Hive, as `backendless-console-sdk` `src/data-hives.js` calls them: the same
//! paths as the client API under `/{appId}/console/hive`, run by the same store operations
//! ([`call_store`]) on the app's [`HiveState`]. A store call the client API has no operation for
//! answers 99000 naming it.

use std::borrow::Cow;

use axum::extract::Path;
use axum::http::Method;
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::errors::missing;
use super::handlers::call_store;
use super::HiveState;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::{empty, JsonBody, QueryParams};

/// The console Hive routes (absolute paths).
pub fn console_routes() -> Router<Shared> {
    const BASE: &str = "/{app_id}/console/hive";
    Router::new()
        .route(BASE, get(names))
        .route(
            &format!("{BASE}/{{hive}}"),
            post(create).put(rename).delete(remove),
        )
        .route(&format!("{BASE}/{{hive}}/{{type}}"), any(store))
        .route(&format!("{BASE}/{{hive}}/{{type}}/{{key}}"), any(store_key))
        .route(
            &format!("{BASE}/{{hive}}/{{type}}/{{key}}/{{op}}"),
            any(store_key_op),
        )
        .route(
            &format!("{BASE}/{{hive}}/{{type}}/{{key}}/{{op}}/{{field}}"),
            any(store_key_op_field),
        )
}

/// `getHiveNames`.
async fn names(c: ConsoleApp) -> Json<Value> {
    Json(Value::from(c.services.get::<HiveState>().names()))
}

/// `createHive`.
async fn create(c: ConsoleApp, Path((_, hive)): Path<(String, String)>) -> Response {
    c.services.get::<HiveState>().create(&hive);
    empty()
}

/// `renameHive`: `?newName=`.
async fn rename(
    c: ConsoleApp,
    Path((_, hive)): Path<(String, String)>,
    query: QueryParams,
) -> ApiResult {
    let new_name = query
        .get("newName")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| missing("newName"))?;
    c.services.get::<HiveState>().rename(&hive, new_name)?;
    Ok(empty())
}

/// `deleteHive`.
async fn remove(c: ConsoleApp, Path((_, hive)): Path<(String, String)>) -> Response {
    c.services.get::<HiveState>().delete(&hive);
    empty()
}

/// `addHiveStoreValue`: `PUT /{type}/{key}/add` with `{value}` for any store type, as the client
/// API's own write of that type (the set store's `add` with a bare array is the client API's).
fn console_add<'a>(
    (hive, ty, key): (&'a str, &'a str, Option<&'a str>),
    value: &Value,
) -> ((&'a str, &'a str, [Option<&'a str>; 3]), Value) {
    let (op, body) = match ty {
        "key-value" => (None, json!({ "value": value })),
        "list" => (Some("add-last"), value.clone()),
        "map" => (None, value.clone()),
        "sorted-set" => (Some("add"), json!({ "items": value })),
        _ => (Some("add"), value.clone()),
    };
    ((hive, ty, [key, op, None]), body)
}

fn run(
    c: &ConsoleApp,
    method: &Method,
    target: (&str, &str, [Option<&str>; 3]),
    query: &QueryParams,
    body: &Value,
) -> ApiResult {
    let (hive, ty, [key, op, field]) = target;
    let wrapped = body.as_object().and_then(|o| o.get("value"));
    let (target, body) = match (method, op, field, wrapped) {
        (&Method::PUT, Some("add"), None, Some(value)) => {
            let (target, body) = console_add((hive, ty, key), value);
            (target, Cow::Owned(body))
        }
        (&Method::PUT, Some("add"), None, None) if ty != "set" && ty != "sorted-set" => {
            return Err(missing("value"))
        }
        _ => (target, Cow::Borrowed(body)),
    };
    let (_, ty, [_, op, _]) = target;
    match call_store(&c.app, &c.services, method, target, query, &body)? {
        Some(reply) => Ok(reply),
        None => {
            let what = format!("Hive console operation {method} {ty}/{}", op.unwrap_or(""));
            Err(ApiError::unsupported(what.trim_end_matches('/')))
        }
    }
}

async fn store(
    c: ConsoleApp,
    method: Method,
    Path((_, hive, ty)): Path<(String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    run(&c, &method, (&hive, &ty, [None, None, None]), &query, &body)
}

async fn store_key(
    c: ConsoleApp,
    method: Method,
    Path((_, hive, ty, key)): Path<(String, String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [Some(key.as_str()), None, None];
    run(&c, &method, (&hive, &ty, target), &query, &body)
}

async fn store_key_op(
    c: ConsoleApp,
    method: Method,
    Path((_, hive, ty, key, op)): Path<(String, String, String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [Some(key.as_str()), Some(op.as_str()), None];
    run(&c, &method, (&hive, &ty, target), &query, &body)
}

async fn store_key_op_field(
    c: ConsoleApp,
    method: Method,
    Path((_, hive, ty, key, op, field)): Path<(String, String, String, String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [Some(key.as_str()), Some(op.as_str()), Some(field.as_str())];
    run(&c, &method, (&hive, &ty, target), &query, &body)
}
