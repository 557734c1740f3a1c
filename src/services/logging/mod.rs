//! Logging (messaging.md §5): the batches the JS SDK's `Backendless.Logging` flushes, kept in a
//! bounded in-memory log per app that the control plane reads and clears; logger levels.
//!
//! | Operation | Route |
//! |---|---|
//! | LG1 log batch | `PUT /log` (JS SDK), `POST /log` |
//! | logger levels | `GET /log/logger` |
//!
//! Console routes: `console.rs` (`/{appId}/console/logging/...`).
//!
//! Control plane ([`control_routes`]): `GET`/`DELETE /_emulator/apps/{id}/log` (filters
//! `?logger=&level=`), `GET`/`PUT /_emulator/apps/{id}/log/levels`.

mod console;
mod errors;
mod handlers;
pub mod state;

use axum::routing::{get, put};
use axum::Router;

pub use console::console_routes;
pub use state::LoggingState;

use crate::apps::Shared;
use handlers as h;

/// The logging routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/log", put(h::log_batch).post(h::log_batch))
        .route("/log/logger", get(h::logger_levels))
}

/// Control-plane routes of logging (merged by `control::routes`).
pub fn control_routes() -> Router<Shared> {
    Router::new()
        .route(
            "/_emulator/apps/{id}/log",
            get(h::control_log).delete(h::control_clear),
        )
        .route(
            "/_emulator/apps/{id}/log/levels",
            get(h::control_levels).put(h::control_set_levels),
        )
}
