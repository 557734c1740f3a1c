//! Control plane under `/_emulator/...` (never under an app's URL): health, apps, reset,
//! export/import, settings, clock, outbox and the links of emails.
//!
//! | Route | Does |
//! |---|---|
//! | `GET /_emulator/health`, `GET /_emulator/version` | readiness and version |
//! | `GET`/`POST /_emulator/apps`, `GET`/`DELETE /_emulator/apps/{id}` | list, create, show, delete apps |
//! | `POST /_emulator/apps/{id}/reset`, `POST /_emulator/reset` | empty one app / every app |
//! | `GET /_emulator/apps/{id}/export`, `POST /_emulator/apps/{id}/import` | whole-app state as JSON |
//! | `GET`/`PUT /_emulator/apps/{id}/settings` | registration, login and data settings |
//! | `GET`/`PUT /_emulator/apps/{id}/clock`, `PUT /_emulator/clock` | virtual time |
//! | `GET`/`DELETE /_emulator/apps/{id}/outbox` | emails that would have been sent |
//! | `GET /_emulator/apps/{id}/confirm-email/{token}`, `POST .../password-reset/{token}` | email links |
//! | `GET /_emulator/apps/{id}/security`, `PUT .../security/owner-policy`, `PUT .../security/global` | owner policies and global role permissions |

mod apps;
mod links;
pub mod outbox;
mod security;

use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::server::Shared;

/// The control-plane routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/version", get(version))
        .route("/_emulator/apps", get(apps::list).post(apps::create))
        .route("/_emulator/apps/{id}", get(apps::show).delete(apps::delete))
        .route("/_emulator/apps/{id}/reset", post(apps::reset))
        .route("/_emulator/reset", post(apps::reset_all))
        .route("/_emulator/apps/{id}/export", get(apps::export))
        .route("/_emulator/apps/{id}/import", post(apps::import))
        .route(
            "/_emulator/apps/{id}/settings",
            get(apps::settings).put(apps::set_settings),
        )
        .route(
            "/_emulator/apps/{id}/clock",
            get(apps::clock).put(apps::set_clock),
        )
        .route("/_emulator/clock", put(apps::set_all_clocks))
        .route(
            "/_emulator/apps/{id}/outbox",
            get(links::outbox).delete(links::clear_outbox),
        )
        .route(
            "/_emulator/apps/{id}/confirm-email/{token}",
            get(links::confirm_email),
        )
        .route(
            "/_emulator/apps/{id}/password-reset/{token}",
            post(links::reset_password),
        )
        .route("/_emulator/apps/{id}/security", get(security::show))
        .route(
            "/_emulator/apps/{id}/security/owner-policy",
            put(security::set_owner_policy),
        )
        .route(
            "/_emulator/apps/{id}/security/global",
            put(security::set_global),
        )
}

/// `GET /_emulator/health`: 200 once the server accepts requests.
async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "version": crate::VERSION}))
}

/// `GET /_emulator/version`.
async fn version() -> Json<Value> {
    Json(json!({"name": "backendless-emulator", "version": crate::VERSION}))
}
