//! HTTP handlers of Atomic Counters: read the name and numbers, call one [`CountersState`]
//! method, answer a bare JSON number or boolean.
//!
//! [`CountersState`]: super::CountersState

use axum::extract::{Path, RawQuery};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use super::errors::expected_missing;
use super::state::{NamePattern, Returning};
use crate::apps::Ctx;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::empty;
use crate::extract::json;
use crate::extract::QueryParams;
use crate::services::counters::CountersState;
use crate::services::hive::glob::Glob;

/// Default `pageSize` of C11 (undocumented).
const DEFAULT_PAGE: usize = 5000;

fn number(value: i64) -> ApiResult {
    json(value)
}

/// C1 `GET /counters/{name}`.
///
/// The docs' example `GET /counters/shopper?/list` puts a glob `?` in the path, which HTTP
/// clients (the JS SDK's `Counters.list('shopper?')` included) send as path `/counters/shopper`
/// and query `/list`. A raw query ending in `/list` is therefore read as that listing (C10).
pub async fn get(ctx: Ctx, Path(name): Path<String>, RawQuery(raw): RawQuery) -> ApiResult {
    if let Some(rest) = raw.as_deref().and_then(|q| q.strip_suffix("/list")) {
        let rest = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
        let pattern = format!("{name}?{rest}");
        return Ok(Json(
            ctx.services
                .get::<CountersState>()
                .names(&Glob::new(&pattern)),
        )
        .into_response());
    }
    number(ctx.services.get::<CountersState>().get(&name))
}

/// C2 `PUT /counters/{name}/get/increment`.
pub async fn get_and_increment(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    number(
        ctx.services
            .get::<CountersState>()
            .add(&name, 1, Returning::Previous)?,
    )
}

/// C3 `PUT /counters/{name}/increment/get`.
pub async fn increment_and_get(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    number(
        ctx.services
            .get::<CountersState>()
            .add(&name, 1, Returning::Current)?,
    )
}

/// C4 `PUT /counters/{name}/get/decrement`.
pub async fn get_and_decrement(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    number(
        ctx.services
            .get::<CountersState>()
            .add(&name, -1, Returning::Previous)?,
    )
}

/// C5 `PUT /counters/{name}/decrement/get`.
pub async fn decrement_and_get(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    number(
        ctx.services
            .get::<CountersState>()
            .add(&name, -1, Returning::Current)?,
    )
}

/// C6 `PUT /counters/{name}/get/incrementby?value=`.
pub async fn get_and_add(ctx: Ctx, Path(name): Path<String>, query: QueryParams) -> ApiResult {
    let delta = query
        .whole("value")?
        .ok_or_else(|| ApiError::missing_field("value"))?;
    number(
        ctx.services
            .get::<CountersState>()
            .add(&name, delta, Returning::Previous)?,
    )
}

/// C7 `PUT /counters/{name}/incrementby/get?value=`.
pub async fn add_and_get(ctx: Ctx, Path(name): Path<String>, query: QueryParams) -> ApiResult {
    let delta = query
        .whole("value")?
        .ok_or_else(|| ApiError::missing_field("value"))?;
    number(
        ctx.services
            .get::<CountersState>()
            .add(&name, delta, Returning::Current)?,
    )
}

/// C8 `PUT /counters/{name}/get/compareandset?expected=&updatedvalue=`.
pub async fn compare_and_set(ctx: Ctx, Path(name): Path<String>, query: QueryParams) -> ApiResult {
    let expected = query.whole("expected")?.ok_or_else(expected_missing)?;
    let updated = query
        .whole("updatedvalue")?
        .ok_or_else(|| ApiError::missing_field("updatedvalue"))?;
    let set = ctx
        .services
        .get::<CountersState>()
        .compare_and_set(&name, expected, updated);
    json(set)
}

/// C9 `PUT /counters/{name}/reset`.
///
/// Open question 2: the docs say the response is "N/A", so the body is empty (the d.ts
/// `Promise<number>` would read an empty string).
pub async fn reset(ctx: Ctx, Path(name): Path<String>) -> ApiResult {
    ctx.services.get::<CountersState>().reset(&name);
    Ok(empty())
}

/// C10 `GET /counters/{pattern}/list`.
pub async fn list(ctx: Ctx, Path(pattern): Path<String>) -> ApiResult {
    Ok(Json(
        ctx.services
            .get::<CountersState>()
            .names(&Glob::new(&pattern)),
    )
    .into_response())
}

/// C11 `GET /counters?pattern=&cursor=&pageSize=`.
///
/// Open question 1: the response shape is undocumented and no SDK calls it; the emulator answers
/// `{"cursor": "<next, 0 at the end>", "counters": {"name": value}}` as the spec suggests.
pub async fn find(ctx: Ctx, query: QueryParams) -> ApiResult {
    let pattern = NamePattern::parse(query.get("pattern").unwrap_or("*"))?;
    let cursor = query.whole("cursor")?.unwrap_or(0).max(0) as usize;
    let page = query
        .whole("pageSize")?
        .map_or(DEFAULT_PAGE, |p| p.max(1) as usize);
    let found = ctx
        .services
        .get::<CountersState>()
        .find(&pattern, cursor, page);
    let counters: serde_json::Map<String, Value> = found
        .counters
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    json(json!({"cursor": found.next.to_string(), "counters": counters}))
}
