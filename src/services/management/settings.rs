//! App settings documents of the console (`backendless-console-sdk` `src/settings.js`) that
//! only the console reads back, kept per app in [`ConsoleDocuments`], and the static list of
//! column validators. What would promise an effect the emulator cannot give (custom domains,
//! DNS, publishing a landing page, iOS certificates) answers 99000 from `areas.rs` or here.
//!
//! | SDK method | Route |
//! |---|---|
//! | `getMobileSettings` | `GET /{appId}/console/mobilesettings` |
//! | `create{Android,Apple}MobileSettings` | `POST .../mobilesettings/{deviceType}` |
//! | `update…` / `delete…MobileSettings` | `PUT`/`DELETE .../mobilesettings/{deviceType}/{id}` |
//! | `getLandingPageData` / `saveLandingPageData` | `GET`/`PUT .../landing-page` |
//! | `getLandingPageTemplates` | `GET .../landing-page/templates` |
//! | `publishLandingPageData`, `uploadLandingPageFile` | 99000 |
//! | `updateSocialParams` | `POST .../socialparams` |
//! | `getDataValidators` | `GET /console/datavalidators` |

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::documents::{object, ConsoleDocuments};
use crate::apps::developers::{ConsoleApp, Dev};
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// Named document of the landing page.
const LANDING_PAGE: &str = "landingPage";
/// Named document of the social login parameters.
const SOCIAL_PARAMS: &str = "socialParams";

/// `getMobileSettings`: every entry, grouped by lower-case device type.
pub(super) async fn mobile(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<ConsoleDocuments>().mobile())
}

/// `createAndroidMobileSettings` / `createAppleMobileSettings`: a new entry with an `id`.
pub(super) async fn create_mobile(
    c: ConsoleApp,
    Path((_, device_type)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let id = c.app.ids.guid();
    c.services
        .get::<ConsoleDocuments>()
        .put_mobile(&device_type, &id, object(body)?, false)
        .map(Json)
}

/// `update…MobileSettings`: the fields sent change (99262 for an unknown id).
pub(super) async fn update_mobile(
    c: ConsoleApp,
    Path((_, device_type, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    c.services
        .get::<ConsoleDocuments>()
        .put_mobile(&device_type, &id, object(body)?, true)
        .map(Json)
}

/// `deleteAndroidMobileSettings` / `deleteAppleMobileCertificate`: the removed entry.
pub(super) async fn delete_mobile(
    c: ConsoleApp,
    Path((_, device_type, id)): Path<(String, String, String)>,
) -> JsonResult {
    c.services
        .get::<ConsoleDocuments>()
        .remove_mobile(&device_type, &id)
        .map(Json)
}

/// `getLandingPageData`: the saved document (`{}` before the first save).
pub(super) async fn landing_page(c: ConsoleApp) -> Json<Value> {
    Json(c.services.get::<ConsoleDocuments>().named(LANDING_PAGE))
}

/// `saveLandingPageData`: the fields sent change; answers the whole document.
pub(super) async fn save_landing_page(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let fields = object(body)?;
    Ok(Json(
        c.services
            .get::<ConsoleDocuments>()
            .merge_named(LANDING_PAGE, fields),
    ))
}

/// `getLandingPageTemplates`: the emulator ships no landing page templates.
pub(super) async fn landing_page_templates(_: ConsoleApp) -> Json<Value> {
    Json(json!([]))
}

/// `publishLandingPageData`, `uploadLandingPageFile`: the emulator serves no web pages.
pub(super) async fn publish_landing_page(_: ConsoleApp) -> ApiError {
    ApiError::unsupported("Landing page publishing (the emulator hosts no landing pages)")
}

/// `updateSocialParams`: the parameters of one provider (`type`, `socialType` or
/// `provider`), kept under that provider's name; answers every provider's parameters.
pub(super) async fn social_params(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let fields = object(body)?;
    let provider = ["type", "socialType", "provider", "name"]
        .iter()
        .find_map(|k| fields.get(*k).and_then(Value::as_str))
        .unwrap_or("default")
        .to_ascii_lowercase();
    let mut entry = serde_json::Map::new();
    entry.insert(provider, Value::Object(fields));
    Ok(Json(
        c.services
            .get::<ConsoleDocuments>()
            .merge_named(SOCIAL_PARAMS, entry),
    ))
}

/// `getDataValidators`: the validators the column editor offers (a `customRegex` is what a
/// column stores and checks).
pub(super) async fn data_validators(_: Dev) -> Json<Value> {
    Json(json!([
        {"name": "Email address", "regex": r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$"},
        {"name": "URL address", "regex": r"^(https?|ftp)://[^\s/$.?#].[^\s]*$"},
        {"name": "US Social Security Number", "regex": r"^(\d{3}-?\d{2}-?\d{4}|XXX-XX-XXXX)$"},
        {"name": "US phone number", "regex": r"^\(?\d{3}\)?[- ]?\d{3}-?\d{4}$"}
    ]))
}
