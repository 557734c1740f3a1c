//! Console data handlers (management.md §2 T1-T4, K1-K5, §2.3 S7-S10): the developer's view of
//! one app's tables, columns and records. Permissions never apply to console calls.

use std::sync::Arc;

use axum::extract::{Path, State};
use serde_json::Value;

use super::schema::{self, ColumnKind};
use crate::apps::developers::ConsoleApp;
use crate::apps::developers::Dev;
use crate::apps::App;
use crate::apps::Shared;
use crate::error::ApiError;
use crate::error::ApiResult;
use crate::extract::json;
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::data::access::Actor;
use crate::services::data::errors;
use crate::services::data::find::{GroupQuery, Plan};
use crate::services::data::ops::{array_body, object_ids, DataOps};
use crate::services::data::options::FindOptions;
use crate::services::data::schema::DataType;
use crate::services::data::DataStore;
use crate::services::realtime::EventBus;

/// The data operations of a console request: permissions never apply.
pub(super) fn ops<'a>(app: &'a App, services: &'a crate::apps::Services) -> DataOps<'a> {
    DataOps::new(
        services,
        Actor::Console,
        app.clock.now_ms(),
        &app.ids,
        app.settings.read().data.dynamic_schema,
    )
    .with_events(services.get::<EventBus>())
}

fn app(shared: &Shared, id: &str) -> Result<Arc<App>, ApiError> {
    shared.app(id)
}

/// T1 `GET /{appId}/console/data/tables`.
pub(super) async fn tables(
    State(s): State<Shared>,
    _: Dev,
    Path(app_id): Path<String>,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    json(app.services().get::<DataStore>().read(schema::tables_json))
}

/// T2 `POST /{appId}/console/data/tables` with `{name, columns?}`.
pub(super) async fn create_table(
    State(s): State<Shared>,
    _: Dev,
    Path(app_id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let table = app.services().get::<DataStore>().atomic(|t| {
        let name = schema::create_table(t, &body, &app.ids)?;
        Ok(schema::table_json(t, t.table(&name)?))
    })?;
    json(table)
}

/// T3 `PUT /{appId}/console/data/tables/{table}` with `{name}`.
pub(super) async fn update_table(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let table = app.services().get::<DataStore>().write(|t| {
        let name = schema::update_table(t, &table, &body)?;
        Ok::<_, ApiError>(schema::table_json(t, t.table(&name)?))
    })?;
    json(table)
}

/// T4 `DELETE /{appId}/console/data/tables/{table}`: `true`.
pub(super) async fn remove_table(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    app.services()
        .get::<DataStore>()
        .write(|t| schema::remove_table(t, &table))?;
    json(true)
}

/// K1 `POST .../tables/{table}/columns`.
pub(super) async fn create_column(
    s: State<Shared>,
    d: Dev,
    path: Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    add_column(s, d, path, body, ColumnKind::Primitive)
}

/// K2 `POST .../tables/{table}/columns/relation`.
pub(super) async fn create_relation_column(
    s: State<Shared>,
    d: Dev,
    path: Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    add_column(s, d, path, body, ColumnKind::Relation)
}

/// K3 `POST .../tables/{table}/columns/georelation`.
pub(super) async fn create_geo_column(
    s: State<Shared>,
    d: Dev,
    path: Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    add_column(s, d, path, body, ColumnKind::GeoRelation)
}

fn add_column(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
    kind: ColumnKind,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let column = app.services().get::<DataStore>().atomic(|t| {
        let c = schema::add_column(t, &table, &body, kind, &app.ids)?;
        Ok(if c.is_relation() {
            schema::relation_json(t, &c)
        } else {
            schema::column_json(&c)
        })
    })?;
    json(column)
}

/// K4 `PUT .../tables/{table}/columns/{name}`.
pub(super) async fn update_column(
    s: State<Shared>,
    d: Dev,
    Path((app_id, table, name)): Path<(String, String, String)>,
    body: JsonBody,
) -> ApiResult {
    change_column(s, d, (app_id, table, name), body)
}

/// K4 for a relation column: `PUT .../columns/relation` (the body's `columnId` or `name` says
/// which column).
pub(super) async fn update_relation_column(
    s: State<Shared>,
    d: Dev,
    Path((app_id, table)): Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    change_column(s, d, (app_id, table, "relation".into()), body)
}

/// K4 for a geo relation column: `PUT .../columns/georelation`.
pub(super) async fn update_geo_column(
    s: State<Shared>,
    d: Dev,
    Path((app_id, table)): Path<(String, String)>,
    body: JsonBody,
) -> ApiResult {
    change_column(s, d, (app_id, table, "georelation".into()), body)
}

fn change_column(
    State(s): State<Shared>,
    _: Dev,
    (app_id, table, name): (String, String, String),
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let column = app.services().get::<DataStore>().write(|t| {
        let prev = match name.as_str() {
            "relation" => schema::column_named_in(t, &table, &body, DataType::DataRef)?,
            "georelation" => schema::column_named_in(t, &table, &body, DataType::GeoRef)?,
            _ => name.clone(),
        };
        let c = schema::update_column(t, &table, &prev, &body)?;
        Ok::<_, ApiError>(if c.is_relation() {
            schema::relation_json(t, &c)
        } else {
            schema::column_json(&c)
        })
    })?;
    json(column)
}

/// K5 `DELETE .../tables/{table}/columns/{name}` and `.../columns/relation/{name}`.
pub(super) async fn delete_column(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table, name)): Path<(String, String, String)>,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    app.services()
        .get::<DataStore>()
        .write(|t| schema::delete_column(t, &table, &name))?;
    json("")
}

/// K5 for relation columns: `DELETE .../tables/{table}/columns/relation/{name}`.
pub(super) async fn delete_relation_column(
    s: State<Shared>,
    d: Dev,
    Path((app_id, table, name)): Path<(String, String, String)>,
) -> ApiResult {
    delete_column(s, d, Path((app_id, table, name))).await
}

/// S7 `POST /{appId}/console/data/{table}`: a record, permissions ignored.
pub(super) async fn create_record(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let services = app.services();
    let obj = ops(&app, &services).run(|o, t| o.create(t, &table, body))?;
    json(obj)
}

/// S8 `PUT /{appId}/console/data/{table}/{objectId}`.
pub(super) async fn update_record(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let services = app.services();
    let obj = ops(&app, &services).run(|o, t| o.update(t, &table, &id, body))?;
    json(obj)
}

/// S9 `POST /{appId}/console/data/bulk/{table}`: the new objectIds.
pub(super) async fn bulk_create_records(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let services = app.services();
    let items = array_body(body)?;
    let ids = ops(&app, &services).run(|o, t| o.bulk_create(t, &table, items))?;
    json(ids)
}

/// S9 `PUT /{appId}/console/data/bulkupsert/{table}`: the objectIds.
pub(super) async fn bulk_upsert_records(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let services = app.services();
    let items = array_body(body)?;
    let ids = ops(&app, &services).run(|o, t| o.bulk_upsert(t, &table, items))?;
    json(ids)
}

/// S10 `DELETE /{appId}/console/data/{table}` (and `.../tables/{table}/records`) with
/// `[{"objectId": id}, ...]`: how many were deleted.
pub(super) async fn delete_records(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let services = app.services();
    let ids = object_ids(body, errors::remove_without_object_id)?;
    let n = ops(&app, &services).run(|o, t| {
        for id in &ids {
            o.delete(t, &table, id)?;
        }
        Ok(ids.len())
    })?;
    json(Value::from(n))
}

/// `DELETE .../tables/{table}/all`: every record of the table.
pub(super) async fn delete_all_records(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let services = app.services();
    let n = ops(&app, &services).run(|o, t| o.bulk_delete(t, &table, None))?;
    json(Value::from(n))
}

/// Console record browsing: `POST /{appId}/console/data/{table}/find` with a query body.
pub(super) async fn find_records(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let plan = Plan::parse(&FindOptions::from_body(&body)?)?;
    let services = app.services();
    let page = services
        .get::<DataStore>()
        .read(|t| ops(&app, &services).reader(t).find(&table, &plan))?;
    json(page)
}

/// Console grouped browsing (`dataViews.loadGroupRecords`): `POST
/// /{appId}/console/data/data-grouping/{table}`, the client API's D24 without permissions.
pub(super) async fn group_records(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let query = GroupQuery::for_app(&c.app, &body)?;
    let tree = c
        .services
        .get::<DataStore>()
        .read(|t| ops(&c.app, &c.services).reader(t).group(&table, &query))?;
    json(tree)
}

/// `dataViews.getGroupRecordsCount`: `POST /{appId}/console/data/data-grouping/{table}/count`.
pub(super) async fn count_group_records(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let query = GroupQuery::for_app(&c.app, &body)?;
    let n = c.services.get::<DataStore>().read(|t| {
        ops(&c.app, &c.services)
            .reader(t)
            .count_in_group(&table, &query)
    })?;
    json(Value::from(n))
}

/// Console record count: `GET`/`POST /{appId}/console/data/{table}/count`.
pub(super) async fn count_records(
    State(s): State<Shared>,
    _: Dev,
    Path((app_id, table)): Path<(String, String)>,
    query: QueryParams,
    JsonBody(body): JsonBody,
) -> ApiResult {
    let app = app(&s, &app_id)?;
    let options = match body {
        Value::Null => FindOptions::from_query(&query)?,
        b => FindOptions::from_body(&b)?,
    };
    let plan = Plan::parse(&options)?;
    let services = app.services();
    let n = services
        .get::<DataStore>()
        .read(|t| ops(&app, &services).reader(t).count(&table, &plan))?;
    json(Value::from(n))
}
