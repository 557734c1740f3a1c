//! Transactions (transactions.md): the Unit of Work API. One request runs an ordered list of
//! data operations atomically; later operations can use earlier results through op-result
//! references.
//!
//! | Operation | Route |
//! |---|---|
//! | D25 execute a unit of work | `POST /transaction/unit-of-work` |

mod errors;
mod handlers;
pub mod operation;
pub mod refs;
pub mod unit_of_work;

use axum::routing::post;
use axum::Router;

use crate::apps::Shared;

/// The Transactions routes (relative to the app root).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/transaction/unit-of-work", post(handlers::unit_of_work))
        .route_layer(axum::middleware::from_fn(
            crate::services::blocking::off_the_workers,
        ))
}
