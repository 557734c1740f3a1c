//! HTTP side of the RT service: where the socket.io server is (realtime.md §1).

use axum::Json;
use serde_json::Value;

use crate::apps::Shared;
use crate::ctx::Ctx;

/// The RT base URL: the emulator itself. Clients append `/{appId}` (namespace) and use the
/// engine.io path `/{appId}`, which the router sends to the socket.io server.
pub fn rt_url(shared: &Shared) -> String {
    shared.public_url()
}

/// `GET {root}/rt/lookup`: the RT base URL as a JSON string (older RT clients, Swift SDK).
pub async fn rt_lookup(ctx: Ctx) -> Json<Value> {
    Json(Value::String(rt_url(&ctx.shared)))
}
