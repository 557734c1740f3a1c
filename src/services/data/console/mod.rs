//! Console data routes (management.md §2 T1-T4, K1-K5, §2.3 S7-S10), absolute paths merged into
//! the top-level router (they are not under an app's client-API root). The data config (K6)
//! lives with the other app settings in `services/management`.
//!
//! | Operation | Route |
//! |---|---|
//! | T1/T2 list / create tables | `GET`/`POST /{appId}/console/data/tables` |
//! | T3/T4 rename / remove table | `PUT`/`DELETE /{appId}/console/data/tables/{table}` |
//! | K1 primitive column | `POST .../tables/{table}/columns` |
//! | K2/K3 relation / geo relation column | `POST .../columns/relation`, `POST .../columns/georelation` |
//! | K4 update column | `PUT .../columns/{name}` (`relation` / `georelation` for those kinds) |
//! | K5 delete column | `DELETE .../columns/{name}`, `DELETE .../columns/relation/{name}` |
//! | S7/S8 create / update record | `POST /{appId}/console/data/{table}`, `PUT .../{table}/{objectId}` |
//! | S9 bulk create / upsert | `POST /{appId}/console/data/bulk/{table}`, `PUT .../bulkupsert/{table}` |
//! | S10 delete records | `DELETE /{appId}/console/data/{table}`, `DELETE .../tables/{table}/records`, `.../all` |
//! | browse records | `POST /{appId}/console/data/{table}/find` (and `.../table-pre-view/{table}/find`), `GET`/`POST .../{table}/count` |
//! | grouped browse | `POST /{appId}/console/data/data-grouping/{table}[/count]` |
//! | CSV export, file columns, cell value, relation set/remove, assigned roles | `records.rs`: `.../data/{table}/csv`, `.../data/{table}/file/{column}/{id}`, `.../data/{table}/{id}/{column}[/relations\|/retrieve-value]`, `.../security/assignedroles` |
//! | table views, record counts of many tables | `views.rs`: `.../data/table-views[/{viewId}[/name]]`, `POST .../data/tables-counters` |

mod handlers;
mod records;
pub mod schema;
pub mod shape;
mod views;

pub use records::table_csv;
pub use views::TableViews;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::apps::Shared;
use handlers as h;

/// The console data routes.
pub fn routes() -> Router<Shared> {
    const TABLE: &str = "/{app_id}/console/data/tables/{table}";
    Router::new()
        .merge(views::routes())
        .route(
            "/{app_id}/console/data/tables",
            get(h::tables).post(h::create_table),
        )
        .route(TABLE, put(h::update_table).delete(h::remove_table))
        .route(&format!("{TABLE}/columns"), post(h::create_column))
        .route(
            &format!("{TABLE}/columns/relation"),
            post(h::create_relation_column).put(h::update_relation_column),
        )
        .route(
            &format!("{TABLE}/columns/georelation"),
            post(h::create_geo_column).put(h::update_geo_column),
        )
        .route(
            &format!("{TABLE}/columns/{{name}}"),
            put(h::update_column).delete(h::delete_column),
        )
        .route(
            &format!("{TABLE}/columns/relation/{{name}}"),
            delete(h::delete_relation_column),
        )
        .route(&format!("{TABLE}/records"), delete(h::delete_records))
        .route(&format!("{TABLE}/all"), delete(h::delete_all_records))
        .route(
            "/{app_id}/console/data/bulk/{table}",
            post(h::bulk_create_records),
        )
        .route(
            "/{app_id}/console/data/bulkupsert/{table}",
            put(h::bulk_upsert_records),
        )
        .route(
            "/{app_id}/console/data/{table}",
            post(h::create_record).delete(h::delete_records),
        )
        .route("/{app_id}/console/data/{table}/find", post(h::find_records))
        // `dataViews.loadSampleRecords`: the same browse over a table the view editor previews.
        .route(
            "/{app_id}/console/data/table-pre-view/{table}/find",
            post(h::find_records),
        )
        .route(
            "/{app_id}/console/data/data-grouping/{table}",
            post(h::group_records),
        )
        .route(
            "/{app_id}/console/data/data-grouping/{table}/count",
            post(h::count_group_records),
        )
        .route(
            "/{app_id}/console/data/{table}/count",
            get(h::count_records).post(h::count_records),
        )
        .route("/{app_id}/console/data/{table}/{id}", put(h::update_record))
        .route(
            "/{app_id}/console/data/{table}/csv",
            post(records::export_csv),
        )
        .route(
            "/{app_id}/console/data/{table}/file/{column}/{id}",
            put(records::set_file).delete(records::clear_file),
        )
        .route(
            "/{app_id}/console/data/{table}/{id}/{column}",
            put(records::set_relation),
        )
        .route(
            "/{app_id}/console/data/{table}/{id}/{column}/relations",
            delete(records::remove_relations),
        )
        .route(
            "/{app_id}/console/data/{table}/{id}/{column}/retrieve-value",
            get(records::cell_value),
        )
        .route(
            "/{app_id}/console/security/assignedroles",
            get(records::assigned_roles).put(records::update_assigned_roles),
        )
        .route_layer(axum::middleware::from_fn(
            crate::services::blocking::off_the_workers,
        ))
}
