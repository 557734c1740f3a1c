//! Atomic Counters (counters-cache.md §1): named 64-bit counters, atomic under concurrent
//! requests; numeric results are bare JSON numbers.
//!
//! | # | Operation | Route |
//! |---|---|---|
//! | C1 | get | `GET /counters/{name}` |
//! | C2 | getAndIncrement | `PUT /counters/{name}/get/increment` |
//! | C3 | incrementAndGet | `PUT /counters/{name}/increment/get` |
//! | C4 | getAndDecrement | `PUT /counters/{name}/get/decrement` |
//! | C5 | decrementAndGet | `PUT /counters/{name}/decrement/get` |
//! | C6 | getAndAdd | `PUT /counters/{name}/get/incrementby?value=` |
//! | C7 | addAndGet | `PUT /counters/{name}/incrementby/get?value=` |
//! | C8 | compareAndSet | `PUT /counters/{name}/get/compareandset?expected=&updatedvalue=` |
//! | C9 | reset | `PUT /counters/{name}/reset` |
//! | C10 | list names by glob | `GET /counters/{pattern}/list` |
//! | C11 | find counters (paged) | `GET /counters?pattern=&cursor=&pageSize=` |

pub mod console;
mod errors;
pub mod handlers;
mod state;

use axum::routing::{get, put};
use axum::Router;

pub use state::{CountersState, NamePattern, Returning};

use crate::apps::Shared;
use handlers as h;

/// The Atomic Counters routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/counters", get(h::find))
        .route("/counters/{name}", get(h::get))
        .route("/counters/{name}/get/increment", put(h::get_and_increment))
        .route("/counters/{name}/increment/get", put(h::increment_and_get))
        .route("/counters/{name}/get/decrement", put(h::get_and_decrement))
        .route("/counters/{name}/decrement/get", put(h::decrement_and_get))
        .route("/counters/{name}/get/incrementby", put(h::get_and_add))
        .route("/counters/{name}/incrementby/get", put(h::add_and_get))
        .route(
            "/counters/{name}/get/compareandset",
            put(h::compare_and_set),
        )
        .route("/counters/{name}/reset", put(h::reset))
        .route("/counters/{name}/list", get(h::list))
}
