//! HTTP handlers of Hive: hive management, and one dispatcher per path depth that parses the
//! call into an `dispatch::Op` and runs it in the app's [`HiveState`](super::HiveState).

use axum::extract::Path;
use axum::http::{Method, Uri};
use axum::response::IntoResponse;

use super::args::{Call, Verb};
use super::dispatch::{resolve, StoreType};
use super::errors::missing;
use crate::apps::{App, Ctx, Services};
use crate::error::ApiResult;
use crate::error::{ApiError, Code};
use crate::extract::empty;
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::hive::HiveState;

/// H1 `GET /hive`.
pub async fn hive_names(ctx: Ctx) -> ApiResult {
    json(ctx.services.get::<HiveState>().names())
}

/// H2 `POST /hive/{h}`.
pub async fn create_hive(ctx: Ctx, Path(hive): Path<String>) -> ApiResult {
    ctx.services.get::<HiveState>().create(&hive);
    Ok(empty())
}

/// H3 `PUT /hive/{h}?newName=`.
pub async fn rename_hive(ctx: Ctx, Path(hive): Path<String>, query: QueryParams) -> ApiResult {
    let new_name = query
        .get("newName")
        .filter(|n| !n.is_empty())
        .ok_or_else(|| missing("newName"))?;
    ctx.services.get::<HiveState>().rename(&hive, new_name)?;
    Ok(empty())
}

/// H4 `DELETE /hive/{h}`.
pub async fn delete_hive(ctx: Ctx, Path(hive): Path<String>) -> ApiResult {
    ctx.services.get::<HiveState>().delete(&hive);
    Ok(empty())
}

/// `/hive/{h}/{type}`: G2, K2, K4.
pub async fn store(
    ctx: Ctx,
    method: Method,
    uri: Uri,
    Path((hive, ty)): Path<(String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [None, None, None];
    run(&ctx, &method, &uri, (&hive, &ty, target), &query, &body)
}

/// `/hive/{h}/{type}/{key}`: G1, G3, K1, K3, L1, L3, M1, M2, M8, S1.
pub async fn store_key(
    ctx: Ctx,
    method: Method,
    uri: Uri,
    Path((hive, ty, key)): Path<(String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [Some(key.as_str()), None, None];
    run(&ctx, &method, &uri, (&hive, &ty, target), &query, &body)
}

/// `/hive/{h}/{type}/{key}/{op}`: the general per-key operations and most store operations.
pub async fn store_key_op(
    ctx: Ctx,
    method: Method,
    uri: Uri,
    Path((hive, ty, key, op)): Path<(String, String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [Some(key.as_str()), Some(op.as_str()), None];
    run(&ctx, &method, &uri, (&hive, &ty, target), &query, &body)
}

/// `/hive/{h}/{type}/{key}/{op}/{field}`: M3, M4, M9-M12.
pub async fn store_key_op_field(
    ctx: Ctx,
    method: Method,
    uri: Uri,
    Path((hive, ty, key, op, field)): Path<(String, String, String, String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let target = [Some(key.as_str()), Some(op.as_str()), Some(field.as_str())];
    run(&ctx, &method, &uri, (&hive, &ty, target), &query, &body)
}

/// Resolve the call and run it; 99001 when no Hive endpoint has this method and path.
fn run(
    ctx: &Ctx,
    method: &Method,
    uri: &Uri,
    target: (&str, &str, [Option<&str>; 3]),
    query: &QueryParams,
    body: &serde_json::Value,
) -> ApiResult {
    call_store(&ctx.app, &ctx.services, method, target, query, body)?
        .ok_or_else(|| ApiError::templated(Code::UNKNOWN_ENDPOINT, &[method.as_str(), uri.path()]))
}

/// One store call of an app's Hive (the client API's and the console's): `None` when no Hive
/// endpoint has this method and path.
pub fn call_store(
    app: &App,
    services: &Services,
    method: &Method,
    (hive, ty, [key, op, arg]): (&str, &str, [Option<&str>; 3]),
    query: &QueryParams,
    body: &serde_json::Value,
) -> Result<Option<axum::response::Response>, ApiError> {
    let Ok(ty) = ty.parse::<StoreType>() else {
        return Ok(None);
    };
    let call = Call {
        verb: Verb::from(method),
        key,
        op,
        arg,
        query,
        body,
    };
    let Some(op) = resolve(ty, &call)? else {
        return Ok(None);
    };
    let reply = services
        .get::<HiveState>()
        .execute(hive, op, app.clock.now_ms(), &app.ids)?;
    Ok(Some(reply.into_response()))
}
