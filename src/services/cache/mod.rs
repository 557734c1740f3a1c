//! Cache (counters-cache.md §2): JSON values with a lifetime of at most 7200 s on the app clock,
//! at most 10240 serialized bytes each.
//!
//! | # | Operation | Route |
//! |---|---|---|
//! | Q1 | put | `PUT /cache/{key}?timeout=` (body: the value) |
//! | Q2 | get | `GET /cache/{key}` |
//! | Q3 | contains | `GET /cache/{key}/check` |
//! | Q4 | expireIn | `PUT /cache/{key}/expireIn?timeout=` |
//! | Q5 | expireAt | `PUT /cache/{key}/expireAt?timestamp=` (ms) |
//! | Q6 | delete | `DELETE /cache/{key}` |

pub mod console;
mod errors;
pub mod handlers;
mod state;

use axum::routing::{get, put};
use axum::Router;

pub use state::{CacheState, MAX_TTL_SECONDS, MAX_VALUE_BYTES};

use crate::apps::Shared;
use handlers as h;

/// The Cache routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/cache/{key}", put(h::put).get(h::get).delete(h::delete))
        .route("/cache/{key}/check", get(h::contains))
        .route("/cache/{key}/expireIn", put(h::expire_in))
        .route("/cache/{key}/expireAt", put(h::expire_at))
}
