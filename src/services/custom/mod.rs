//! Custom API services and custom events (management.md §5). The emulator runs no server code:
//! a call is forwarded to a webhook configured for that service or event (method, headers incl.
//! `bl-execution-type`, body, query) and the webhook's answer is returned; without a webhook the
//! answer is an honest 99000. Webhooks also receive timer firings (see `services::timers`).
//!
//! | Operation | Route |
//! |---|---|
//! | invoke service method | `POST /services/{service}/{method}` (and GET/PUT/DELETE/PATCH, deeper routes) |
//! | dispatch custom event | `POST /servercode/events/{event}` |
//!
//! Console ([`console::console_routes`]): webhooks, event handlers (custom events), the
//! invocation chain, categories, events and the API services list.
//!
//! Control plane ([`control_routes`]): `GET`/`PUT /_emulator/apps/{id}/webhooks` with
//! `{"timers": url?, "services": {"<name>"|"*": url}, "events": {"<name>"|"*": url}}`.

mod code;
pub mod console;
mod errors;
pub mod event_handlers;
pub mod forward;
mod handler;
mod handlers;
mod mode;
pub mod webhooks;

use axum::routing::{get, on, post, MethodFilter};
use axum::Router;

pub(crate) use code::ServerCode;
pub use mode::Mode;
pub use webhooks::{CustomState, Webhooks};

use crate::apps::Shared;
use handlers as h;

/// The custom service and event routes.
pub fn routes() -> Router<Shared> {
    let verbs = MethodFilter::GET
        .or(MethodFilter::POST)
        .or(MethodFilter::PUT)
        .or(MethodFilter::DELETE)
        .or(MethodFilter::PATCH);
    Router::new()
        .route("/services/{service}/{*rest}", on(verbs, h::invoke_service))
        .route("/servercode/events/{event}", post(h::dispatch_event))
}

/// Control-plane routes of custom services (merged by `control::routes`).
pub fn control_routes() -> Router<Shared> {
    Router::new().route(
        "/_emulator/apps/{id}/webhooks",
        get(h::webhooks).put(h::set_webhooks),
    )
}
