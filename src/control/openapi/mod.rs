//! `GET /_emulator/openapi.json`: an OpenAPI 3.1 document of the Backendless REST API as the
//! emulator serves it, generated from `specs/operations.json` and the JSON Schemas in
//! `specs/responses/` and `specs/requests/`, all compiled in (no file is read at run time).
//!
//! Design choices (also in the document's `info.description`):
//! - `servers` is the emulator's public URL; client-API operations live under
//!   `/{appId}/{apiKey}` with both as path parameters, console and control-plane paths are
//!   absolute.
//! - Client-API operations take an optional `user-token` header (required where the spec says
//!   so); console operations a required `auth-key` header.
//! - `x-emulator-status` is `implemented`, `partial`, `unsupported` or `pending`; unsupported
//!   operations are also `deprecated: true` and their description says they answer 99000.
//! - Entries sharing a method and path are one operation listing them in `x-emulator-operations`.
//! - Every operation's `default` response is the Backendless error schema.

pub mod catalogue;
mod document;

use std::sync::OnceLock;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::apps::Shared;

/// `GET /_emulator/openapi.json`.
pub async fn openapi(State(shared): State<Shared>) -> Json<Value> {
    Json(document(&shared.public_url()))
}

/// The OpenAPI document with `servers` set to `public_url`.
pub fn document(public_url: &str) -> Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        // The catalogue is compiled in and a unit test builds it, so a failure here is a build
        // bug; the document then says what broke instead of failing every request.
        document::build().unwrap_or_else(|e| {
            json!({
                "openapi": "3.1.0",
                "info": {"title": "backendless-emulator", "version": crate::version::VERSION,
                         "description": format!("The operation catalogue failed to load: {e}")},
                "paths": {},
            })
        })
    });
    let mut doc = base.clone();
    let url = if public_url.is_empty() {
        "/"
    } else {
        public_url
    };
    doc["servers"] = json!([{"url": url, "description": "This emulator"}]);
    doc
}
