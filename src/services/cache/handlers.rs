//! HTTP handlers of the Cache: read key, lifetime and body, call one [`CacheState`] method.
//!
//! [`CacheState`]: super::CacheState

use axum::extract::Path;
use serde_json::Value;

use super::state::put_ttl;
use crate::apps::Ctx;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::empty;
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::cache::CacheState;

/// Q1 `PUT /cache/{key}?timeout=`: the body is the JSON value itself (empty = `null`).
pub async fn put(
    ctx: Ctx,
    Path(key): Path<String>,
    query: QueryParams,
    JsonBody(value): JsonBody,
) -> ApiResult {
    let ttl = put_ttl(query.whole("timeout")?)?;
    ctx.services
        .get::<CacheState>()
        .put(&key, value, ttl, ctx.now())?;
    Ok(empty())
}

/// Q2 `GET /cache/{key}`: the value, or `null` when missing or expired.
pub async fn get(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let value = ctx.services.get::<CacheState>().get(&key, ctx.now());
    json(value.unwrap_or(Value::Null))
}

/// Q3 `GET /cache/{key}/check`.
pub async fn contains(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    json(ctx.services.get::<CacheState>().contains(&key, ctx.now()))
}

/// Q4 `PUT /cache/{key}/expireIn?timeout=` (seconds).
pub async fn expire_in(ctx: Ctx, Path(key): Path<String>, query: QueryParams) -> ApiResult {
    let seconds = query
        .whole("timeout")?
        .ok_or_else(|| ApiError::missing_field("timeout"))?;
    ctx.services
        .get::<CacheState>()
        .expire_in(&key, seconds, ctx.now())?;
    Ok(empty())
}

/// Q5 `PUT /cache/{key}/expireAt?timestamp=` (epoch ms).
pub async fn expire_at(ctx: Ctx, Path(key): Path<String>, query: QueryParams) -> ApiResult {
    let at = query
        .whole("timestamp")?
        .ok_or_else(|| ApiError::missing_field("timestamp"))?;
    ctx.services
        .get::<CacheState>()
        .expire_at(&key, at, ctx.now())?;
    Ok(empty())
}

/// Q6 `DELETE /cache/{key}`.
pub async fn delete(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    ctx.services.get::<CacheState>().delete(&key);
    Ok(empty())
}
