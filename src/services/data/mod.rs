//! Data Service (data.md, security.md §3): tables, objects, queries, relations, bulk operations,
//! JSON columns and permissions, plus the console's data routes (management.md §2 T/K/S).
//!
//! | Operation | Route |
//! |---|---|
//! | D1 create | `POST /data/{table}` |
//! | D2 save (create or update) | `PUT /data/{table}` |
//! | D3 update | `PUT /data/{table}/{id}` |
//! | D4 find by id | `GET /data/{table}/{id}` |
//! | D5 find by primary key | `GET /data/{table}/pk?col=value` |
//! | D6 first / last | `GET /data/{table}/first`, `GET /data/{table}/last` |
//! | D7 find | `GET /data/{table}?where=..`, `POST /data/{table}/find` |
//! | D8 delete | `DELETE /data/{table}/{id}` |
//! | D9 count | `GET /data/{table}/count`, `POST /data/{table}/count` |
//! | D10 upsert | `PUT /data/{table}/upsert` |
//! | D11 deep save | `PUT /data/{table}/deep-save` |
//! | D12-D14 bulk create / update / delete | `POST`/`PUT /data/bulk/{table}`, `POST /data/bulk/{table}/delete` |
//! | D15 bulk upsert | `PUT /data/bulkupsert/{table}` |
//! | D16-D18 set / add / delete relation | `POST`/`PUT`/`DELETE /data/{table}/{id}/{rel}` |
//! | D19 relation page | `GET /data/{table}/{id}/{rel}` |
//! | D20 describe | `GET /data/{table}/properties` |
//! | D21 table name by id | `GET /data/{tableId}/table-name` |
//! | D22/D23 permissions | `PUT /data/{table}/permissions/{GRANT\|DENY}[/{id}]` |
//! | D24 grouping | `POST /data/data-grouping/{table}[/count]` (`find/grouping.rs`) |
//! | management: create table with columns | `POST /management/data/table` |
//! | console T1-T4, K1-K5, S7-S10 | `console.rs` (absolute `/{appId}/console/data/...` paths) |

pub mod access;
pub mod cell;
pub mod console;
pub mod errors;
pub mod find;
pub mod handlers;
pub mod json_update;
pub mod ops;
pub mod options;
pub mod relations;
pub mod rules;
pub mod schema;
pub mod store;
pub mod table;
pub mod values;
pub mod write;

use axum::routing::{get, post, put};
use axum::Router;

pub use store::DataStore;

use crate::apps::Shared;
use handlers as h;

/// The Data Service routes (relative to the app root).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/data/bulk/{table}",
            post(h::bulk_create).put(h::bulk_update),
        )
        .route("/data/bulk/{table}/delete", post(h::bulk_delete))
        .route("/data/bulkupsert/{table}", put(h::bulk_upsert))
        .route("/management/data/table", post(h::create_table))
        .route("/data/data-grouping/{table}", post(h::group))
        .route("/data/data-grouping/{table}/count", post(h::count_in_group))
        .route(
            "/data/{table}",
            get(h::find_get).post(h::create).put(h::save),
        )
        .route("/data/{table}/find", post(h::find_post))
        .route("/data/{table}/count", get(h::count_get).post(h::count_post))
        .route("/data/{table}/first", get(h::first))
        .route("/data/{table}/last", get(h::last))
        .route("/data/{table}/pk", get(h::find_by_primary_key))
        .route("/data/{table}/upsert", put(h::upsert))
        .route("/data/{table}/deep-save", put(h::deep_save))
        .route("/data/{table}/properties", get(h::describe))
        .route("/data/{table}/table-name", get(h::table_name))
        .route(
            "/data/{table}/permissions/{access}",
            put(h::table_permission),
        )
        .route(
            "/data/{table}/permissions/{access}/{id}",
            put(h::object_permission),
        )
        .route(
            "/data/{table}/{id}",
            get(h::find_by_id).put(h::update).delete(h::delete),
        )
        .route(
            "/data/{table}/{id}/{rel}",
            get(h::load_relation)
                .post(h::set_relation)
                .put(h::add_relation)
                .delete(h::delete_relation),
        )
        .route_layer(axum::middleware::from_fn(
            crate::services::blocking::off_the_workers,
        ))
}
