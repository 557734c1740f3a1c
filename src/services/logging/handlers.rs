//! HTTP handlers of logging: extract, call one [`super::LoggingState`] method, wrap the result.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use crate::apps::Ctx;
use crate::apps::Shared;
use crate::error::ApiResult;
use crate::error::JsonResult;
use crate::extract::empty;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::logging::LoggingState;

/// LG1 `PUT /log` (the JS SDK's verb) or `POST /log`: a batch of entries; empty 200 reply.
pub(super) async fn log_batch(ctx: Ctx, JsonBody(body): JsonBody) -> ApiResult {
    ctx.services
        .get::<LoggingState>()
        .append(&body, ctx.now())?;
    Ok(empty())
}

/// `GET /log/logger`: the logger levels (same list as `/info`'s `loggers`).
pub(super) async fn logger_levels(ctx: Ctx) -> Json<Value> {
    Json(ctx.services.get::<LoggingState>().levels())
}

/// `GET /_emulator/apps/{id}/log?logger=&level=`: stored entries, oldest first.
pub(super) async fn control_log(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let entries = shared
        .app(&id)?
        .services()
        .get::<LoggingState>()
        .entries(query.get("logger"), query.get("level"));
    Ok(Json(serde_json::to_value(entries).unwrap_or(Value::Null)))
}

/// `DELETE /_emulator/apps/{id}/log`.
pub(super) async fn control_clear(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> JsonResult {
    let cleared = shared.app(&id)?.services().get::<LoggingState>().clear();
    Ok(Json(json!({"cleared": cleared})))
}

/// `GET /_emulator/apps/{id}/log/levels`.
pub(super) async fn control_levels(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> JsonResult {
    Ok(Json(
        shared.app(&id)?.services().get::<LoggingState>().levels(),
    ))
}

/// `PUT /_emulator/apps/{id}/log/levels` with `{"logger": "LEVEL"}`.
pub(super) async fn control_set_levels(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    Ok(Json(
        shared
            .app(&id)?
            .services()
            .get::<LoggingState>()
            .set_levels(&body)?,
    ))
}
