//! Messaging (messaging.md §1-§4, §6): pub/sub publish with headers and scheduling, message
//! status and cancel, legacy polling subscriptions, email (basic and templated), push (by
//! publish policy or template) and device registration. Emails and pushes are recorded in the
//! app's outbox, never sent. Scheduled messages are delivered lazily against the app's clock.
//!
//! | Operation | Route |
//! |---|---|
//! | M1 publish | `POST /messaging/{channel}` |
//! | M2 message status | `GET /messaging/{messageId}` |
//! | M3 cancel scheduled message | `DELETE /messaging/{messageId}` |
//! | M4 delete channel | `DELETE /messaging/channels/{channelName}` |
//! | M5 push with template | `POST /messaging/push/{templateName}` |
//! | M6 legacy subscribe | `POST /messaging/{channel}/subscribe` |
//! | M7 legacy poll | `GET /messaging/{channel}/{subscriptionId}` |
//! | M8 push templates | `GET /messaging/pushtemplates/{deviceType}`, `GET /messaging/pushtemplates` |
//! | E1 basic email | `POST /messaging/email` |
//! | E2 templated email | `POST /emailtemplate/send` |
//! | D1 register device | `POST /messaging/registrations` |
//! | D2/D3 get / delete registrations | `GET`/`DELETE /messaging/registrations/{deviceId}` |
//!
//! Control plane ([`control_routes`]): `GET /_emulator/apps/{id}/messaging`,
//! `POST /_emulator/apps/{id}/messaging/deliver`, `GET /_emulator/apps/{id}/email-templates`,
//! `PUT`/`DELETE /_emulator/apps/{id}/email-templates/{name}`, and the same for `push-templates`.

pub mod channel_admin;
mod channels;
pub mod console;
mod control;
mod devices;
mod email;
pub mod email_settings;
pub mod errors;
#[cfg(test)]
mod fixture;
mod handlers;
pub mod model;
pub mod outbox;
pub mod parse;
mod push;
pub mod state;
pub mod template_kinds;
pub mod templates;

use axum::routing::{delete, get, post, put};
use axum::Router;

pub use state::MessagingState;

use crate::apps::Shared;
use handlers as h;

/// The messaging routes. Fixed first segments (`email`, `push`, `pushtemplates`,
/// `registrations`, `channels`) win over the `{channel}` / `{messageId}` patterns (§1).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/messaging/email", post(h::send_email))
        .route("/emailtemplate/send", post(h::send_email_from_template))
        .route("/messaging/registrations", post(h::register_device))
        .route(
            "/messaging/registrations/{device_id}",
            get(h::registrations).delete(h::unregister_device),
        )
        .route("/messaging/push/{template}", post(h::push_with_template))
        .route("/messaging/pushtemplates", get(h::all_push_templates))
        .route(
            "/messaging/pushtemplates/{device_type}",
            get(h::push_templates),
        )
        .route("/messaging/channels/{channel}", delete(h::delete_channel))
        .route(
            "/messaging/{name}",
            post(h::publish).get(h::message_status).delete(h::cancel),
        )
        .route("/messaging/{name}/subscribe", post(h::subscribe))
        .route("/messaging/{name}/{subscription}", get(h::poll))
}

/// Control-plane routes of messaging (merged by `control::routes`).
pub fn control_routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/apps/{id}/messaging", get(control::overview))
        .route(
            "/_emulator/apps/{id}/messaging/deliver",
            post(control::deliver),
        )
        .route(
            "/_emulator/apps/{id}/email-templates",
            get(control::email_templates),
        )
        .route(
            "/_emulator/apps/{id}/email-templates/{name}",
            put(control::put_email_template).delete(control::delete_email_template),
        )
        .route(
            "/_emulator/apps/{id}/push-templates",
            get(control::push_templates),
        )
        .route(
            "/_emulator/apps/{id}/push-templates/{name}",
            put(control::put_push_template).delete(control::delete_push_template),
        )
}
