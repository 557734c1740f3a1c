//! Data Service (data.md): tables, objects, queries, relations.
//!
//! | Operation | Route |
//! |---|---|
//! | D4 find by id | `GET /data/{table}/{id}` |
//! | D8 delete | `DELETE /data/{table}/{id}` |
//! | D20 describe | `GET /data/{table}/properties` |

pub mod errors;
pub mod handlers;
pub mod schema;
pub mod store;
pub mod table;
pub mod values;

use axum::routing::get;
use axum::Router;

pub use store::DataStore;

use crate::server::Shared;
use handlers as h;

/// The Data Service routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/data/{table}/properties", get(h::describe))
        .route("/data/{table}/{id}", get(h::find_by_id).delete(h::remove))
}
