//! `GET {root}/info`: the app bootstrap call the JS SDK makes on every `initApp` (conventions.md §6).

use axum::Json;
use serde_json::{json, Value};

use crate::apps::Ctx;
use crate::services::logging::LoggingState;

/// The app id, the key used, the real-time URL (the emulator itself) and the loggers.
pub async fn app_info(ctx: Ctx) -> Json<Value> {
    let meta = ctx.app.meta();
    Json(json!({
        "appId": meta.id,
        "apiKey": meta.key(ctx.key),
        "rtURL": crate::services::realtime::handlers::rt_url(&ctx.shared),
        "loggers": ctx.services.get::<LoggingState>().levels(),
    }))
}
