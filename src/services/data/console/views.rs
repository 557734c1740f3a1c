//! Table views of the console (`backendless-console-sdk` `src/data-views.js`): named, saved
//! presentations of one table (columns, filter, sort), kept per table beside the data store, and
//! the record counts of several tables at once (`getRecordsCounts`).
//!
//! | SDK method | Route |
//! |---|---|
//! | `getViews` / `createView` | `GET`/`POST /{appId}/console/data/table-views` |
//! | `getViewRecords` / `updateView` / `deleteView` | `GET`/`PUT`/`DELETE .../table-views/{viewId}` |
//! | `renameView` | `PUT .../table-views/{viewId}/name` with `{name}` |
//! | `getRecordsCounts` | `POST /{appId}/console/data/tables-counters` with `{tables: [{name}]}` |

use std::collections::BTreeMap;

use axum::extract::Path;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::apps::developers::ConsoleApp;
use crate::apps::{ServiceState, Shared};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::data::DataStore;

/// The views of one app: table name → view id → the view as the console saved it. Saved with
/// the app (export, snapshot, fork, `--data-dir`).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TableViews {
    by_table: RwLock<BTreeMap<String, BTreeMap<String, Value>>>,
}

impl ServiceState for TableViews {
    const KEY: &'static str = "tableViews";
}

impl TableViews {
    fn all(&self) -> Vec<Value> {
        self.by_table
            .read()
            .values()
            .flat_map(|views| views.values().cloned())
            .collect()
    }

    fn find(&self, id_or_name: &str) -> Option<(String, Value)> {
        self.by_table.read().iter().find_map(|(table, views)| {
            views
                .values()
                .find(|v| v["viewId"] == id_or_name || v["name"] == id_or_name)
                .map(|v| (table.clone(), v.clone()))
        })
    }

    fn save(&self, table: &str, view: Value) {
        let id = view["viewId"].as_str().unwrap_or_default().to_string();
        let mut by_table = self.by_table.write();
        for views in by_table.values_mut() {
            views.remove(&id);
        }
        by_table
            .entry(table.to_string())
            .or_default()
            .insert(id, view);
    }

    fn remove(&self, id: &str) -> bool {
        let mut by_table = self.by_table.write();
        by_table
            .values_mut()
            .any(|views| views.remove(id).is_some())
    }
}

/// The table views routes (absolute paths).
pub(super) fn routes() -> Router<Shared> {
    const BASE: &str = "/{app_id}/console/data/table-views";
    Router::new()
        .route(BASE, get(list).post(create))
        .route(
            &format!("{BASE}/{{view}}"),
            get(one).put(update).delete(remove),
        )
        .route(&format!("{BASE}/{{view}}/name"), put(rename))
        .route("/{app_id}/console/data/tables-counters", post(counters))
}

fn no_view(id: &str) -> ApiError {
    crate::services::data::errors::no_table_view(id)
}

/// The table a view is of: `tableName`, `table` (a name or `{name}`), which must exist.
fn table_of(c: &ConsoleApp, view: &Value) -> Result<String, ApiError> {
    let name = view["tableName"]
        .as_str()
        .or_else(|| view["table"].as_str())
        .or_else(|| view["table"]["name"].as_str())
        .unwrap_or_default()
        .to_string();
    c.services
        .get::<DataStore>()
        .read(|t| t.table(&name).map(|table| table.name.clone()))
}

async fn list(c: ConsoleApp) -> Json<Value> {
    Json(Value::from(c.services.get::<TableViews>().all()))
}

async fn one(c: ConsoleApp, Path((_, id)): Path<(String, String)>) -> JsonResult {
    let (_, view) = c
        .services
        .get::<TableViews>()
        .find(&id)
        .ok_or_else(|| no_view(&id))?;
    Ok(Json(view))
}

async fn create(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let mut view = match body {
        Value::Object(o) => o,
        _ => Map::new(),
    };
    let table = table_of(&c, &Value::Object(view.clone()))?;
    view.insert("viewId".into(), Value::from(c.app.ids.guid()));
    view.insert("tableName".into(), Value::from(table.clone()));
    let view = Value::Object(view);
    c.services.get::<TableViews>().save(&table, view.clone());
    Ok(Json(view))
}

async fn update(
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let views = c.services.get::<TableViews>();
    let (table, old) = views.find(&id).ok_or_else(|| no_view(&id))?;
    let mut view = old.as_object().cloned().unwrap_or_default();
    if let Value::Object(fields) = body {
        view.extend(fields);
    }
    view.insert("viewId".into(), old["viewId"].clone());
    view.insert("tableName".into(), Value::from(table.clone()));
    let view = Value::Object(view);
    views.save(&table, view.clone());
    Ok(Json(view))
}

async fn rename(
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let name = body["name"]
        .as_str()
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::missing_field("name"))?;
    let views = c.services.get::<TableViews>();
    let (table, mut view) = views.find(&id).ok_or_else(|| no_view(&id))?;
    view["name"] = Value::from(name);
    views.save(&table, view.clone());
    Ok(Json(view))
}

async fn remove(c: ConsoleApp, Path((_, id)): Path<(String, String)>) -> JsonResult {
    if !c.services.get::<TableViews>().remove(&id) {
        return Err(no_view(&id));
    }
    Ok(Json(json!({"viewId": id})))
}

/// `getRecordsCounts`: `{tableName: count}` for the tables (or views' tables) sent.
async fn counters(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let store = c.services.get::<DataStore>();
    let mut out = Map::new();
    for entry in body["tables"].as_array().into_iter().flatten() {
        let name = entry["name"]
            .as_str()
            .or_else(|| entry.as_str())
            .unwrap_or_default();
        let table = entry["tableName"].as_str().unwrap_or(name);
        let count = store.read(|t| t.table(table).map(|t| t.len()))?;
        out.insert(name.to_string(), Value::from(count));
    }
    Ok(Json(Value::Object(out)))
}
