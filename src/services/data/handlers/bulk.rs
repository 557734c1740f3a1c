//! Bulk endpoints: D12 create, D13 update, D14 delete, D15 upsert (data.md §5).

use axum::extract::Path;
use serde_json::Value;

use super::data_ops;
use crate::apps::Ctx;
use crate::error::ApiResult;
use crate::error::{ApiError, Code};
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::data::find::parse_where;
use crate::services::data::ops::array_body;
use crate::services::security::CallerOf;

/// D12 `POST /data/bulk/{table}`: the new objectIds.
pub async fn bulk_create(
    ctx: Ctx,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let items = array_body(body)?;
    let ids =
        ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.bulk_create(t, &table, items)))?;
    json(ids)
}

/// D15 `PUT /data/bulkupsert/{table}`: the objectIds.
pub async fn bulk_upsert(
    ctx: Ctx,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let items = array_body(body)?;
    let ids =
        ctx.with_caller(|c| data_ops(&ctx, c).run(|ops, t| ops.bulk_upsert(t, &table, items)))?;
    json(ids)
}

/// D13 `PUT /data/bulk/{table}?where=`: the number updated.
pub async fn bulk_update(
    ctx: Ctx,
    Path(table): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let filter = parse_where(query.get("where"))?;
    let n = ctx.with_caller(|c| {
        data_ops(&ctx, c).run(|ops, t| ops.bulk_update(t, &table, filter.as_ref(), body))
    })?;
    json(Value::from(n))
}

/// D14 `POST /data/bulk/{table}/delete` with `{"where": ...}`: the number deleted.
pub async fn bulk_delete(
    ctx: Ctx,
    Path(table): Path<String>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let where_clause = match body.get("where") {
        Some(Value::String(s)) => Some(s.clone()),
        None | Some(Value::Null) => query.get("where").map(str::to_string),
        Some(_) => {
            return Err(ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &["where must be a string"],
            ))
        }
    };
    let filter = parse_where(where_clause.as_deref())?;
    let n = ctx.with_caller(|c| {
        data_ops(&ctx, c).run(|ops, t| ops.bulk_delete(t, &table, filter.as_ref()))
    })?;
    json(Value::from(n))
}
