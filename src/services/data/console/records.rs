//! Console record operations beyond create/update/delete (`backendless-console-sdk`
//! `src/tables.js`): CSV export, file columns, one cell's value, relation set/remove from the
//! data browser, and the custom roles assigned to a set of users.
//!
//! | SDK method | Route |
//! |---|---|
//! | `exportRecords` | `POST /{appId}/console/data/{table}/csv` with `{where, sortBy, props}`: the CSV text |
//! | `updateImageTypeRecord` / `deleteImageTypeRecord` | `PUT`/`DELETE .../data/{table}/file/{column}/{objectId}` (body: the file URL) |
//! | `getCellData` | `GET .../data/{table}/{objectId}/{column}/retrieve-value` |
//! | `updateRelations` / `removeRelations` | `PUT .../data/{table}/{objectId}/{column}`, `DELETE .../{column}/relations` (body: child ids) |
//! | `loadAssignedUserRoles` / `updateAssignedUserRoles` | `GET .../security/assignedroles?users=`, `PUT` with `{roles, users}` |

use axum::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Map, Value};

use super::handlers::ops;
use crate::apps::developers::ConsoleApp;
use crate::error::{ApiError, ApiResult, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::data::errors;
use crate::services::data::find::Plan;
use crate::services::data::ops::{object_ids, Children};
use crate::services::data::options::{FindOptions, MAX_PAGE_SIZE};
use crate::services::data::relations::Link;
use crate::services::data::schema::DataType;
use crate::services::data::DataStore;
use crate::services::security::SecurityState;

/// One CSV field: quoted when it holds a comma, quote or line break; objects as JSON.
fn csv_field(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `exportRecords`: every record matching the query, as CSV with a header line (the columns
/// of `props`, else every column of the table). A data connector table (`connector.table`)
/// answers 99000.
pub(super) async fn export_csv(
    c: ConsoleApp,
    Path((_, table)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult {
    if table.contains('.') {
        return Err(ApiError::unsupported("Data connectors"));
    }
    let out = table_csv(&c.app, &c.services, &table, FindOptions::from_body(&body)?)?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], out).into_response())
}

/// The records of `table` that `options` find, as CSV with a header line: the columns of
/// `props`, else every column of the table (1009 for an unknown table).
pub fn table_csv(
    app: &crate::apps::App,
    services: &crate::apps::Services,
    table: &str,
    mut options: FindOptions,
) -> Result<String, ApiError> {
    let store = services.get::<DataStore>();
    let props: Vec<String> = options
        .props
        .iter()
        .flat_map(|p| p.split(','))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let columns: Vec<String> = if props.is_empty() {
        store.read(|t| {
            t.table(table)
                .map(|tb| tb.columns.iter().map(|col| col.name.clone()).collect())
        })?
    } else {
        props
    };
    options.page_size = MAX_PAGE_SIZE;
    let mut out = columns
        .iter()
        .map(|c| csv_field(&Value::from(c.as_str())))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    loop {
        let plan = Plan::parse(&options)?;
        let page = store.read(|t| ops(app, services).reader(t).find(table, &plan))?;
        for row in &page {
            let line: Vec<String> = columns
                .iter()
                .map(|col| csv_field(&row[col.as_str()]))
                .collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        if page.len() < MAX_PAGE_SIZE {
            break;
        }
        options.offset += MAX_PAGE_SIZE;
    }
    Ok(out)
}

/// The FILE_REF column `column` of `table` (1037 when absent, 1007 when of another type).
fn check_file_column(c: &ConsoleApp, table: &str, column: &str) -> Result<(), ApiError> {
    c.services.get::<DataStore>().read(|t| {
        let kind = t
            .table(table)?
            .column(column)
            .map(|col| col.data_type)
            .ok_or_else(|| errors::no_column(column))?;
        if kind == DataType::FileRef {
            Ok(())
        } else {
            Err(errors::not_a_file_column(column))
        }
    })
}

fn set_cell(c: &ConsoleApp, table: &str, id: &str, column: &str, value: Value) -> JsonResult {
    let mut fields = Map::new();
    fields.insert(column.to_string(), value);
    let obj = ops(&c.app, &c.services).run(|o, t| o.update(t, table, id, Value::Object(fields)))?;
    Ok(Json(Value::Object(obj)))
}

/// `updateImageTypeRecord`: the file URL (a JSON string, or `{url}` / `{fileURL}`) goes into
/// the FILE_REF column.
pub(super) async fn set_file(
    c: ConsoleApp,
    Path((_, table, column, id)): Path<(String, String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    check_file_column(&c, &table, &column)?;
    let url = match &body {
        Value::String(s) => s.clone(),
        _ => ["url", "fileURL", "fileUrl", "value"]
            .iter()
            .find_map(|k| body[*k].as_str())
            .map(str::to_string)
            .ok_or_else(|| ApiError::missing_field("url"))?,
    };
    set_cell(&c, &table, &id, &column, Value::from(url))
}

/// `deleteImageTypeRecord`: the FILE_REF column is emptied (the file itself stays in Files).
pub(super) async fn clear_file(
    c: ConsoleApp,
    Path((_, table, column, id)): Path<(String, String, String, String)>,
) -> JsonResult {
    check_file_column(&c, &table, &column)?;
    set_cell(&c, &table, &id, &column, Value::Null)
}

/// `getCellData`: the value of one column of one record (relations loaded).
pub(super) async fn cell_value(
    c: ConsoleApp,
    Path((_, table, id, column)): Path<(String, String, String, String)>,
) -> JsonResult {
    let store = c.services.get::<DataStore>();
    let relation = store.read(|t| {
        let col = t.table(&table)?.column(&column).cloned();
        let col = col.ok_or_else(|| errors::no_column(&column))?;
        Ok::<_, ApiError>(matches!(
            col.data_type,
            DataType::DataRef | DataType::GeoRef
        ))
    })?;
    let quoted = id.replace('\'', "''");
    let mut query = json!({"where": format!("objectId = '{quoted}'")});
    if relation {
        query["loadRelations"] = Value::from(column.as_str());
    }
    let plan = Plan::parse(&FindOptions::from_body(&query)?)?;
    let found = store.read(|t| ops(&c.app, &c.services).reader(t).find(&table, &plan))?;
    let row = found
        .into_iter()
        .next()
        .ok_or_else(|| errors::object_not_found(&id))?;
    Ok(Json(row[column.as_str()].clone()))
}

fn child_ids(body: Value) -> Result<Vec<String>, ApiError> {
    object_ids(body, || ApiError::missing_field("objectId"))
}

/// `updateRelations`: the relation holds exactly these children; answers `""`.
pub(super) async fn set_relation(
    c: ConsoleApp,
    Path((_, table, id, column)): Path<(String, String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let ids = child_ids(body)?;
    ops(&c.app, &c.services)
        .run(|o, t| o.relate(t, &table, &id, &column, Children::Ids(ids), Link::Set))?;
    Ok(Json(Value::from("")))
}

/// `removeRelations`: these children leave the relation; answers `true`.
pub(super) async fn remove_relations(
    c: ConsoleApp,
    Path((_, table, id, column)): Path<(String, String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let ids = child_ids(body)?;
    ops(&c.app, &c.services)
        .run(|o, t| o.relate(t, &table, &id, &column, Children::Ids(ids), Link::Delete))?;
    Ok(Json(Value::from(true)))
}

/// The users a query or body names: `users` as a comma-separated string or an array.
fn user_ids(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|u| u.as_str().or_else(|| u["objectId"].as_str()))
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn assigned_json(security: &SecurityState, ids: &crate::ids::IdGen, users: &[String]) -> Value {
    let roles: Vec<Value> = security
        .roles(ids)
        .into_iter()
        .filter(|r| !r.system)
        .map(|r| {
            let holders = users
                .iter()
                .filter(|u| security.custom_roles_of(u).contains(&r.name))
                .count();
            let status = match holders {
                0 => "NONE",
                n if n == users.len() => "ALL",
                _ => "PARTIAL",
            };
            json!({"roleId": r.role_id, "rolename": r.name, "roleName": r.name, "status": status})
        })
        .collect();
    Value::from(roles)
}

/// `loadAssignedUserRoles` `?users=id1,id2`: each custom role with whether all, some or none
/// of these users hold it.
pub(super) async fn assigned_roles(c: ConsoleApp, query: QueryParams) -> Json<Value> {
    let users = user_ids(query.get("users").map(Value::from).as_ref());
    Json(assigned_json(
        &c.services.get::<SecurityState>(),
        &c.app.ids,
        &users,
    ))
}

/// `updateAssignedUserRoles` with `{roles: [{rolename, status: ALL|NONE}], users}`: assign
/// (`ALL`, or `assigned: true`) or unassign (`NONE`, `assigned: false`) each role to every user.
pub(super) async fn update_assigned_roles(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let users = user_ids(body.get("users"));
    let security = c.services.get::<SecurityState>();
    for role in body["roles"].as_array().into_iter().flatten() {
        let name = ["rolename", "roleName", "name"]
            .iter()
            .find_map(|k| role[*k].as_str())
            .ok_or_else(|| ApiError::missing_field("roles[].rolename"))?;
        let assign = match (&role["status"], &role["assigned"]) {
            (Value::String(s), _) if s.eq_ignore_ascii_case("ALL") => Some(true),
            (Value::String(s), _) if s.eq_ignore_ascii_case("NONE") => Some(false),
            (_, Value::Bool(b)) => Some(*b),
            _ => None,
        };
        for user in &users {
            match assign {
                Some(true) => security.assign(user, name)?,
                Some(false) => security.unassign(user, name)?,
                None => {}
            }
        }
    }
    Ok(Json(assigned_json(&security, &c.app.ids, &users)))
}
