//! Real-Time service (realtime.md): socket.io subscriptions to data changes and pub/sub
//! channels, fed by a per-app [`EventBus`] that other services publish into.
//!
//! | Endpoint / packet | Does |
//! |---|---|
//! | `GET {root}/info` → `rtURL` (services/info.rs), `GET {root}/rt/lookup` | where the RT server is (§1) |
//! | engine.io path `/{appId}`, namespace `/{appId}`, EIO 3 and 4 ([`socket`]) | the socket.io connection (§2) |
//! | `SUB_ON` / `SUB_OFF` → `SUB_READY`, `SUB_RES` (`connection`, [`subscription`]) | subscriptions (§3, §4) |
//! | `MET_REQ` → `MET_RES`: `SET_USER_TOKEN`, `PUB_SUB_COMMAND` (`connection`), `RSO_*` ([`rso`]) | methods (§5) |
//! | `POST /_emulator/apps/{id}/events` ([`inject`]) | control plane: inject a bus event |
//!
//! Subscriptions: `OBJECTS_CHANGES` (single and bulk events, `whereClause`), `RELATIONS_CHANGES`,
//! `PUB_SUB_CONNECT`, `PUB_SUB_MESSAGES` (`selector`), `PUB_SUB_COMMANDS`, `PUB_SUB_USERS`, and
//! remote shared objects: `RSO_CONNECT`, `RSO_CHANGES`, `RSO_CLEARED`, `RSO_COMMANDS`,
//! `RSO_INVOKE`, `RSO_USERS` (their data in [`shared_object`]). The console's log streams
//! (`LOGGING_MESSAGES`, `CONSOLE_MESSAGES`, ...) answer 99000.

pub mod bus;
mod connection;
pub mod errors;
pub mod events;
pub mod filter;
pub mod handlers;
pub mod inject;
mod legacy;
pub mod message;
mod rso;
pub mod shared_object;
pub mod socket;
pub mod subscription;

use axum::routing::get;
use axum::Router;

use crate::apps::Shared;

pub use bus::EventBus;
pub use events::{BulkEvent, ObjectEvent, RelationChange, RelationEvent};
pub use message::message_object;
pub use shared_object::SharedObjects;
pub use socket::{engine_io_app_id, RealtimeServer};

/// The RT routes under an app's root.
pub fn routes() -> Router<Shared> {
    Router::new().route("/rt/lookup", get(handlers::rt_lookup))
}
