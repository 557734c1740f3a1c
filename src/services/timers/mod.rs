//! Timers (management.md §4): Cloud Code timers managed through the console routes the Console
//! SDK uses. Definitions are stored with the frequency format of the docs, next runs are computed
//! on the app's clock, each firing is logged and POSTed to the app's timers webhook if one is
//! configured. No code runs inside the emulator.
//!
//! | Operation | Route (absolute, console `auth-key`) |
//! |---|---|
//! | `bl.getEventHandlers` | `GET /{appId}/console/servercode?mode=...` |
//! | list timers of a mode | `GET /{appId}/console/servercode/{mode}/timers` |
//! | `bl.createEventHandler` (TIMER) | `POST /{appId}/console/servercode/{mode}/timers` |
//! | get / `bl.updateEventHandler` / `bl.deleteEventHandler` | `GET`/`PUT`/`DELETE /{appId}/console/servercode/{mode}/timers/{id}` |
//! | `bl.invokeTimer` (run now) | `POST /{appId}/console/servercode/{mode}/timers/{timername}/run` |
//! | `bl.changeHandlerState` | `PUT /{appId}/console/servercode/{mode}/timers/{id}/state` |
//! | `bl.getTimerLogs` | `GET /{appId}/console/servercode/timers/logs` |
//! | event handlers (non-timer categories) | `/{appId}/console/servercode/{mode}/events...` (in `services::custom::console`) |
//!
//! Control plane ([`control_routes`]): `GET /_emulator/apps/{id}/timers`,
//! `POST /_emulator/apps/{id}/timers/run-due`, `GET /_emulator/apps/{id}/timers/logs`.

mod console;
mod control;
mod errors;
pub mod fire;
pub mod model;
pub mod schedule;
pub mod state;

use axum::routing::{get, post};
use axum::Router;

pub use console::console_routes;
pub use state::TimersState;

use crate::apps::Shared;

/// Control-plane routes of timers (merged by `control::routes`).
pub fn control_routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/apps/{id}/timers", get(control::timers))
        .route(
            "/_emulator/apps/{id}/timers/run-due",
            post(control::run_due),
        )
        .route("/_emulator/apps/{id}/timers/logs", get(control::logs))
}
