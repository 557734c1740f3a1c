//! Console items the emulator keeps and reads back but never applies, stored per app in
//! [`ConsoleDocuments`]: PDF templates (`backendless-console-sdk` `src/pdf.js`; the editor's
//! templates, while generating a PDF answers 99000), integrations (`src/integrations.js`) and
//! cache-control items (`src/cache-control.js`; the emulator caches no answer, so every read is
//! as fresh as with a cache emptied on each write).
//!
//! | SDK method | Route (`/{appId}/console/...`) |
//! |---|---|
//! | `listTemplates` / `createTemplate` | `GET`/`POST pdf` (`id` from the body or generated) |
//! | `loadTemplate` / `updateTemplate` / `deleteTemplate` | `GET`/`PUT`/`DELETE pdf/{templateId}` |
//! | `getIntegrations` / `saveIntegration` | `GET`/`POST integrations` (`{name, ...}`, replaced when saved again) |
//! | `updateIntegration` / `deleteIntegration` | `PUT`/`DELETE integrations/{name}` |
//! | `loadAllServiceItems` | `GET cachecontrol/{service}` |
//! | `loadServiceItem` / `createServiceItem` / `updateServiceItem` / `deleteServiceItem` | `GET`/`POST`/`PUT`/`DELETE cachecontrol/{service}/{target}` |

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value};

use super::documents::{object, ConsoleDocuments, Put};
use super::errors;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;

/// Kind of the PDF templates.
const PDF: &str = "PDF templates";
/// Kind of the integrations.
const INTEGRATIONS: &str = "integrations";

/// The routes of the kept items (absolute paths).
pub(super) fn routes() -> Router<Shared> {
    const APP: &str = "/{app_id}/console";
    Router::new()
        .route(&format!("{APP}/pdf"), get(templates).post(create_template))
        .route(
            &format!("{APP}/pdf/{{id}}"),
            get(template).put(update_template).delete(delete_template),
        )
        .route(
            &format!("{APP}/integrations"),
            get(integrations).post(save_integration),
        )
        .route(
            &format!("{APP}/integrations/{{name}}"),
            axum::routing::put(update_integration).delete(delete_integration),
        )
        .route(&format!("{APP}/cachecontrol/{{service}}"), get(cache_items))
        .route(
            &format!("{APP}/cachecontrol/{{service}}/{{target}}"),
            get(cache_item)
                .post(create_cache_item)
                .put(update_cache_item)
                .delete(delete_cache_item),
        )
}

fn documents(c: &ConsoleApp) -> std::sync::Arc<ConsoleDocuments> {
    c.services.get::<ConsoleDocuments>()
}

/// `listTemplates`: every template, in id order.
async fn templates(c: ConsoleApp) -> Json<Value> {
    Json(Value::from(documents(&c).items(PDF)))
}

/// `createTemplate`: a new template (its `id` from the body, else generated; 99283 when taken),
/// with `created` and `updated` set.
async fn create_template(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let mut fields = object(body)?;
    let id = match fields.remove("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id,
        None | Some(Value::Null) => c.app.ids.guid(),
        Some(_) => {
            return Err(errors::bad_document(
                "a template id must be a non-empty string",
            ))
        }
    };
    let now = Value::from(c.app.clock.now_ms());
    fields.insert("created".into(), now.clone());
    fields.insert("updated".into(), now);
    documents(&c)
        .put_item(PDF, ("id", &id), fields, Put::Create)
        .map(Json)
}

/// `loadTemplate` (99282 when there is none with this id).
async fn template(c: ConsoleApp, Path((_, id)): Path<(String, String)>) -> JsonResult {
    documents(&c).item(PDF, &id).map(Json)
}

/// `updateTemplate`: the fields sent change the template; the URL names it, `created` stays.
async fn update_template(
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let mut fields = object(body)?;
    fields.remove("id");
    fields.remove("created");
    fields.insert("updated".into(), Value::from(c.app.clock.now_ms()));
    documents(&c)
        .put_item(PDF, ("id", &id), fields, Put::Update)
        .map(Json)
}

/// `deleteTemplate`: `true` once the template is gone (as the SDK's sample result shows).
async fn delete_template(c: ConsoleApp, Path((_, id)): Path<(String, String)>) -> JsonResult {
    documents(&c).remove_item(PDF, &id)?;
    Ok(Json(Value::Bool(true)))
}

/// `getIntegrations`: every integration, in name order.
async fn integrations(c: ConsoleApp) -> Json<Value> {
    Json(Value::from(documents(&c).items(INTEGRATIONS)))
}

/// `saveIntegration` with `{name, ...}`: the integration of that name, replaced when it exists.
async fn save_integration(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let fields = object(body)?;
    let name = match fields.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.clone(),
        _ => return Err(ApiError::missing_field("name")),
    };
    documents(&c)
        .put_item(INTEGRATIONS, ("name", &name), fields, Put::Replace)
        .map(Json)
}

/// `updateIntegration`: the fields sent change the named integration (99282 when missing).
async fn update_integration(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    documents(&c)
        .put_item(INTEGRATIONS, ("name", &name), object(body)?, Put::Update)
        .map(Json)
}

/// `deleteIntegration`: answers the removed integration.
async fn delete_integration(c: ConsoleApp, Path((_, name)): Path<(String, String)>) -> JsonResult {
    documents(&c).remove_item(INTEGRATIONS, &name).map(Json)
}

/// Kind of one service's cache-control items.
fn cache_kind(service: &str) -> String {
    format!("cache-control items of {service}")
}

/// The fields of a cache-control item: `cacheTTL` a whole number of seconds, `enabled` a
/// boolean (8002 otherwise); the route's service and target are set.
fn cache_fields(body: Value, service: &str) -> Result<Map<String, Value>, ApiError> {
    let mut fields = object(body)?;
    if let Some(ttl) = fields.get("cacheTTL") {
        if ttl.as_u64().is_none() {
            return Err(errors::bad_document(
                "cacheTTL must be a whole number of seconds, 0 or more",
            ));
        }
    }
    if fields.get("enabled").is_some_and(|e| !e.is_boolean()) {
        return Err(errors::bad_document("enabled must be true or false"));
    }
    fields.insert("service".into(), Value::from(service));
    Ok(fields)
}

/// `loadAllServiceItems`: the service's items, in target order.
async fn cache_items(c: ConsoleApp, Path((_, service)): Path<(String, String)>) -> Json<Value> {
    Json(Value::from(documents(&c).items(&cache_kind(&service))))
}

/// `loadServiceItem` (99282 when the target has none).
async fn cache_item(
    c: ConsoleApp,
    Path((_, service, target)): Path<(String, String, String)>,
) -> JsonResult {
    documents(&c).item(&cache_kind(&service), &target).map(Json)
}

/// Store a cache-control item of the route's service and target as `put` says.
fn put_cache_item(
    c: &ConsoleApp,
    service: &str,
    target: &str,
    body: Value,
    put: Put,
) -> JsonResult {
    let fields = cache_fields(body, service)?;
    documents(c)
        .put_item(&cache_kind(service), ("target", target), fields, put)
        .map(Json)
}

/// `createServiceItem` (99283 when the target has one already).
async fn create_cache_item(
    c: ConsoleApp,
    Path((_, service, target)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    put_cache_item(&c, &service, &target, body, Put::Create)
}

/// `updateServiceItem`: the fields sent change the target's item (99282 when missing).
async fn update_cache_item(
    c: ConsoleApp,
    Path((_, service, target)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    put_cache_item(&c, &service, &target, body, Put::Update)
}

/// `deleteServiceItem`: answers the removed item.
async fn delete_cache_item(
    c: ConsoleApp,
    Path((_, service, target)): Path<(String, String, String)>,
) -> JsonResult {
    documents(&c)
        .remove_item(&cache_kind(&service), &target)
        .map(Json)
}
