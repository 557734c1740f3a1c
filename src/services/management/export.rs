//! App export (`backendless-console-sdk` `src/transfer.js`): the console's Manage > Export
//! writes a zip archive into the app's own file storage, under `export/`, as Backendless does.
//! The archive holds one `{table}.csv` per exported table (the console's CSV export: a header
//! line of column names, then the records) and `tables.json`, the tables' schema as the console
//! lists it. Imports (app zip, settings, CSV, Firebase, Airtable) answer 99000.
//!
//! | SDK method | Route |
//! |---|---|
//! | `startExport` | `POST /{appId}/console/export` (`{tables?: [name]}`; every table by default) |
//! | `getExportedData` | `GET /{appId}/console/export`: the archives in `export/`, newest first |

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

use super::errors;
use crate::apps::developers::ConsoleApp;
use crate::apps::{KeyKind, Shared};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::services::data::console::{shape, table_csv};
use crate::services::data::options::FindOptions;
use crate::services::data::DataStore;
use crate::services::files::model::{Depth, Listed, Overwrite};
use crate::services::files::path::FilePath;
use crate::services::files::pattern::Pattern;
use crate::services::files::{zip_entries, Actor, FilesState};

/// The directory the archives are written to.
const EXPORT_DIR: &str = "export";

/// The route of the export (absolute path).
pub(super) fn routes() -> Router<Shared> {
    Router::new().route("/{app_id}/console/export", get(exports).post(start_export))
}

/// The client-API root URL of the app, for the archives' public URLs.
fn root_url(shared: &Shared, c: &ConsoleApp) -> String {
    let meta = c.app.meta();
    format!(
        "{}/{}/{}",
        shared.public_url(),
        meta.id,
        meta.key(KeyKind::Rest)
    )
}

/// One archive as the export answers list it.
fn archive_json(item: &Listed, root_url: &str) -> Value {
    json!({
        "name": item.path.name(),
        "path": item.path.as_str(),
        "size": item.size,
        "created": item.stamp.created_on,
        "fileURL": item.path.public_url(root_url),
    })
}

/// The tables an export body names (`tables`: names), else every table of the app.
fn chosen_tables(body: &Value, all: Vec<String>) -> Result<Vec<String>, ApiError> {
    match body.get("tables") {
        None | Some(Value::Null) => Ok(all),
        Some(Value::Array(names)) => names
            .iter()
            .map(|n| {
                n.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| errors::bad_document("tables must be a list of table names"))
            })
            .collect(),
        Some(_) => Err(errors::bad_document("tables must be a list of table names")),
    }
}

/// The archive's name: the app's name and the time of the export (UTC, to the millisecond).
fn archive_name(app_name: &str, now_ms: i64) -> String {
    let when = chrono::DateTime::from_timestamp_millis(now_ms)
        .map(|t| t.format("%Y-%m-%d_%H-%M-%S-%3f").to_string())
        .unwrap_or_else(|| now_ms.to_string());
    let safe: String = app_name
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}_{when}.zip")
}

/// `startExport`: the archive is written at once; answers it as `getExportedData` lists it,
/// with the tables it holds (1009 for a table the app does not have).
async fn start_export(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let store = c.services.get::<DataStore>();
    let all = store.read(|t| t.iter().map(|tb| tb.name.clone()).collect::<Vec<_>>());
    let tables = chosen_tables(&body, all)?;
    let mut entries = Vec::with_capacity(tables.len() + 1);
    let mut schema = Vec::with_capacity(tables.len());
    for table in &tables {
        let csv = table_csv(&c.app, &c.services, table, FindOptions::default())?;
        schema.push(store.read(|t| t.table(table).map(|tb| shape::table_json(t, tb)))?);
        entries.push((format!("{table}.csv"), csv.into_bytes()));
    }
    entries.push((
        "tables.json".to_string(),
        serde_json::to_vec_pretty(&Value::from(schema)).unwrap_or_default(),
    ));
    let bytes = zip_entries(
        entries
            .iter()
            .map(|(name, bytes)| (name.as_str(), &bytes[..])),
    )?;
    let now = c.app.clock.now_ms();
    let path = FilePath::parse(&format!(
        "{EXPORT_DIR}/{}",
        archive_name(&c.app.meta().name, now)
    ))?;
    let files = c.services.get::<FilesState>();
    files.save(
        Actor::Console,
        &path,
        Bytes::from(bytes),
        Overwrite::Replace,
        now,
    )?;
    let item = files.info(&path)?;
    let mut answer = archive_json(&item, &root_url(&shared, &c));
    answer["tables"] = Value::from(tables);
    Ok(Json(answer))
}

/// `getExportedData`: the `.zip` files in `export/`, newest first (none before an export).
async fn exports(State(shared): State<Shared>, c: ConsoleApp) -> JsonResult {
    let files = c.services.get::<FilesState>();
    let dir = FilePath::parse(EXPORT_DIR)?;
    let mut items = match files.list(
        Actor::Console,
        &dir,
        &Pattern::parse(Some("*.zip"))?,
        Depth::Children,
    ) {
        Ok(items) => items,
        Err(_) if !files.exists(Actor::Console, &dir)? => Vec::new(),
        Err(e) => return Err(e),
    };
    items.sort_by(|a, b| {
        b.stamp
            .created_on
            .cmp(&a.stamp.created_on)
            .then(b.path.as_str().cmp(a.path.as_str()))
    });
    let root = root_url(&shared, &c);
    Ok(Json(Value::from_iter(
        items.iter().map(|i| archive_json(i, &root)),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_names_carry_a_safe_app_name_and_the_time() {
        assert_eq!(
            archive_name("My App!", 1_700_000_000_123),
            "My_App__2023-11-14_22-13-20-123.zip"
        );
    }

    #[test]
    fn the_tables_of_an_export_default_to_all() {
        let all = vec!["A".to_string(), "B".to_string()];
        assert_eq!(chosen_tables(&json!({}), all.clone()).expect("all"), all);
        assert_eq!(
            chosen_tables(&json!({"tables": ["B"]}), all.clone()).expect("one"),
            ["B"]
        );
        assert_eq!(
            chosen_tables(&json!({"tables": "B"}), all)
                .expect_err("not a list")
                .code,
            8002
        );
    }
}
