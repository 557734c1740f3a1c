//! HTTP handlers of the Cache: read key, lifetime and body, call one [`CacheState`] method.
//!
//! [`CacheState`]: super::CacheState

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::errors::{missing, not_whole};
use super::state::put_ttl;
use crate::ctx::{empty, Ctx, JsonBody, QueryParams};
use crate::error::ApiError;

type ApiResult = Result<Response, ApiError>;

/// A whole-number query parameter.
fn whole(query: &QueryParams, name: &str) -> Result<Option<i64>, ApiError> {
    query
        .get(name)
        .map(|text| {
            let t = text.trim();
            t.parse::<i64>().or_else(|_| match t.parse::<f64>() {
                Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Ok(f as i64),
                _ => Err(not_whole(name, text)),
            })
        })
        .transpose()
}

/// Q1 `PUT /cache/{key}?timeout=`: the body is the JSON value itself (empty = `null`).
pub async fn put(
    ctx: Ctx,
    Path(key): Path<String>,
    query: QueryParams,
    JsonBody(value): JsonBody,
) -> ApiResult {
    let ttl = put_ttl(whole(&query, "timeout")?)?;
    ctx.services.cache.put(&key, value, ttl, ctx.now())?;
    Ok(empty())
}

/// Q2 `GET /cache/{key}`: the value, or `null` when missing or expired.
pub async fn get(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    let value = ctx.services.cache.get(&key, ctx.now());
    Ok(Json(value.unwrap_or(Value::Null)).into_response())
}

/// Q3 `GET /cache/{key}/check`.
pub async fn contains(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    Ok(Json(ctx.services.cache.contains(&key, ctx.now())).into_response())
}

/// Q4 `PUT /cache/{key}/expireIn?timeout=` (seconds).
pub async fn expire_in(ctx: Ctx, Path(key): Path<String>, query: QueryParams) -> ApiResult {
    let seconds = whole(&query, "timeout")?.ok_or_else(|| missing("timeout"))?;
    ctx.services.cache.expire_in(&key, seconds, ctx.now())?;
    Ok(empty())
}

/// Q5 `PUT /cache/{key}/expireAt?timestamp=` (epoch ms).
pub async fn expire_at(ctx: Ctx, Path(key): Path<String>, query: QueryParams) -> ApiResult {
    let at = whole(&query, "timestamp")?.ok_or_else(|| missing("timestamp"))?;
    ctx.services.cache.expire_at(&key, at, ctx.now())?;
    Ok(empty())
}

/// Q6 `DELETE /cache/{key}`.
pub async fn delete(ctx: Ctx, Path(key): Path<String>) -> ApiResult {
    ctx.services.cache.delete(&key);
    Ok(empty())
}
