//! HTTP handlers of the Data Service.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::errors::object_not_found;
use crate::ctx::Ctx;
use crate::error::ApiError;
use crate::services::security::{Access, Permission};
use crate::services::users::handlers::ops as user_ops;
use crate::services::users::schema::{data_properties, USERS};

type ApiResult = Result<Response, ApiError>;

/// D4 `GET /data/{table}/{id}`.
pub async fn find_by_id(ctx: Ctx, Path((table, id)): Path<(String, String)>) -> ApiResult {
    let object = ctx.services.data.read(|t| t.find_by_id(&table, &id))?;
    let owner = object.get("ownerId").and_then(Value::as_str);
    let (access, _) = ctx.with_caller(|c| {
        ctx.services
            .security
            .check(c, Permission::Find, &table, Some((&id, owner)))
    });
    if access == Access::Deny {
        return Err(ApiError::templated(1013, &[]));
    }
    Ok(Json(Value::Object(object)).into_response())
}

/// D8 `DELETE /data/{table}/{id}`.
pub async fn remove(ctx: Ctx, Path((table, id)): Path<(String, String)>) -> ApiResult {
    if table == USERS {
        let time = ctx.with_caller(|c| user_ops(&ctx).delete(&id, c))?;
        return Ok(Json(json!({ "deletionTime": time })).into_response());
    }
    let object = ctx.services.data.read(|t| t.find_by_id(&table, &id))?;
    let owner = object.get("ownerId").and_then(Value::as_str);
    let (access, _) = ctx.with_caller(|c| {
        ctx.services
            .security
            .check(c, Permission::Remove, &table, Some((&id, owner)))
    });
    if access == Access::Deny {
        return Err(ApiError::templated(1014, &[]));
    }
    ctx.services
        .data
        .write(|t| t.delete(&table, &id))
        .map_err(|_| object_not_found(&id))?;
    ctx.services.security.forget_object(&table, &id);
    Ok(Json(json!({ "deletionTime": ctx.now() })).into_response())
}

/// D20 `GET /data/{table}/properties`.
pub async fn describe(ctx: Ctx, Path(table): Path<String>) -> ApiResult {
    let (access, _) = ctx.with_caller(|c| {
        ctx.services
            .security
            .check(c, Permission::Describe, &table, None)
    });
    let props = ctx.services.data.read(|t| {
        t.table(&table).map(|tb| {
            if table == USERS {
                data_properties(tb)
            } else {
                tb.columns
                    .iter()
                    .map(|c| c.to_property())
                    .collect::<Vec<_>>()
            }
        })
    })?;
    if access == Access::Deny {
        return Err(ApiError::templated(1015, &[]));
    }
    Ok(Json(Value::from(props)).into_response())
}
