//! Apps area of the console beyond list/create/rename/delete (`backendless-console-sdk`
//! `src/apps.js`): app info and logos, developer options, reset, clone (a fork of the app's
//! whole state, done at once, so its process is complete when first asked), the developer's
//! apps overview. Transfers by ZIP use Backendless's own archive format: 99000.
//!
//! | SDK method | Route |
//! |---|---|
//! | `updateAppInfo` / `updateAppLogo` | `POST /{appId}/console/app-info`, `POST .../app-info/logos` |
//! | `getAppDevOptions` / `updateAppDevOptions` | `GET`/`PUT .../developer/options` |
//! | `resetApp` | `POST .../appreset` |
//! | `cloneApp` / `getCloningAppStatus` | `POST .../cloneApp`, `GET .../cloneApp/{processId}` |
//! | `loadAppsInfo` / `loadAppsMenuItems` / `loadAppFavorites` | `GET /console/apps-info?appsIds=`, `GET /console/applications/menu-items`, `GET .../app-favorites` |
//! | `createAppFromZIP` / `createAppFromZipUrl` / `generateAppZIP` / `generateSubdomains` | 99000 |

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::applications::app_json;
use super::documents::{object, ConsoleDocuments};
use crate::apps::developers::{ConsoleApp, Dev};
use crate::apps::{NewApp, Shared};
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};
use crate::services::users::UsersState;

/// Named document of the app info (description, contact email, logos).
const APP_INFO: &str = "appInfo";
/// Named document of the developer options.
const DEV_OPTIONS: &str = "developerOptions";

/// `updateAppInfo`: `appName` renames the app; the other fields are kept as its info.
pub(super) async fn update_info(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let mut fields = object(body)?;
    if let Some(name) = fields.remove("appName") {
        let name = name
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiError::missing_field("appName"))?;
        c.app.rename(name);
    }
    let mut info = c
        .services
        .get::<ConsoleDocuments>()
        .merge_named(APP_INFO, fields);
    let meta = c.app.meta();
    info["appId"] = Value::from(meta.id);
    info["appName"] = Value::from(meta.name);
    Ok(Json(info))
}

/// `updateAppLogo`: the logo fields sent are kept with the app info.
pub(super) async fn update_logo(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let mut logos = serde_json::Map::new();
    logos.insert("logos".into(), Value::Object(object(body)?));
    Ok(Json(
        c.services
            .get::<ConsoleDocuments>()
            .merge_named(APP_INFO, logos),
    ))
}

/// `getAppDevOptions`.
pub(super) async fn dev_options(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<ConsoleDocuments>().named(DEV_OPTIONS))
}

/// `updateAppDevOptions`: the fields sent change.
pub(super) async fn set_dev_options(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let fields = object(body)?;
    Ok(Json(
        c.services
            .get::<ConsoleDocuments>()
            .merge_named(DEV_OPTIONS, fields),
    ))
}

/// `resetApp`: every object, user, file and setting goes; id, keys and team stay.
pub(super) async fn reset(c: ConsoleApp) -> Json<Value> {
    c.app.reset();
    Json(json!({"success": true}))
}

/// `cloneApp` with optional `{appName}`: a new app of this developer holding a copy of this
/// one's state (logged out, with its own keys); answers `{processId}`.
pub(super) async fn clone(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let name = ["appName", "name"]
        .iter()
        .find_map(|k| body[*k].as_str())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map_or_else(|| format!("{} (clone)", c.app.meta().name), str::to_string);
    let copy = shared.registry.create(NewApp {
        name: Some(name),
        ..NewApp::default()
    })?;
    if let Err(e) = copy.fork_from(&c.app) {
        let _ = shared.registry.delete(&copy.id());
        return Err(e.into());
    }
    copy.set_owner(&c.dev.developer.id);
    // As a control-plane fork: a session token belongs to the app that issued it.
    copy.services().get::<UsersState>().close_sessions(None);
    let process_id = c.app.ids.guid();
    let meta = copy.meta();
    let process = json!({
        "processId": process_id, "status": "COMPLETED", "progress": 100,
        "appId": meta.id, "appName": meta.name
    });
    c.services
        .get::<ConsoleDocuments>()
        .record_clone(&process_id, process);
    Ok(Json(json!({"processId": process_id})))
}

/// `getCloningAppStatus` (99263 for an unknown process).
pub(super) async fn clone_status(
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
) -> JsonResult {
    c.services
        .get::<ConsoleDocuments>()
        .clone_process(&id)
        .map(Json)
}

/// The apps this developer may work on.
fn my_apps(shared: &Shared, dev: &Dev) -> Vec<Value> {
    shared
        .registry
        .list()
        .iter()
        .filter(|a| shared.console.owns(&dev.developer, &a.meta()))
        .map(|a| app_json(a, &shared.console.owner_of(&a.meta())))
        .collect()
}

/// `loadAppsInfo`: the apps named in `appsIds` (repeated or comma-separated) that this
/// developer may work on; without `appsIds`, all of them.
pub(super) async fn apps_info(
    State(shared): State<Shared>,
    dev: Dev,
    query: QueryParams,
) -> Json<Value> {
    let wanted: Vec<String> = query
        .all("appsIds")
        .into_iter()
        .chain(query.all("appsIds[]"))
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    let apps = my_apps(&shared, &dev)
        .into_iter()
        .filter(|a| {
            wanted.is_empty()
                || wanted.iter().any(|w| {
                    a["id"]
                        .as_str()
                        .is_some_and(|id| id.eq_ignore_ascii_case(w))
                })
        })
        .collect::<Vec<_>>();
    Json(Value::from(apps))
}

/// `loadAppsMenuItems`: this developer's apps as the console's app menu lists them.
pub(super) async fn menu_items(State(shared): State<Shared>, dev: Dev) -> Json<Value> {
    let items: Vec<Value> = my_apps(&shared, &dev)
        .into_iter()
        .map(|a| json!({"id": a["id"], "name": a["name"]}))
        .collect();
    Json(Value::from(items))
}

/// `loadAppFavorites`: no console call marks favourites, so there are none.
pub(super) async fn favorites(_: Dev) -> Json<Value> {
    Json(json!([]))
}

/// `createAppFromZIP`, `createAppFromZipUrl`: Backendless's archive format is not the emulator's.
pub(super) async fn from_zip(_: Dev) -> ApiError {
    ApiError::unsupported(
        "Creating an app from a Backendless ZIP archive (import an emulator export with POST /_emulator/apps/{id}/import)",
    )
}

/// `generateAppZIP`: the archive would be mailed; the emulator sends no mail.
pub(super) async fn transfer(_: ConsoleApp) -> ApiError {
    ApiError::unsupported(
        "App transfer by emailed ZIP archive (export the app with GET /_emulator/apps/{id}/export)",
    )
}

/// `generateSubdomains`: the emulator serves no custom or generated domains.
pub(super) async fn suggested_domains(_: Dev) -> ApiError {
    ApiError::unsupported("Generated domains (the emulator answers on its own host only)")
}
