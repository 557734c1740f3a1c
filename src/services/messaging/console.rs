//! Console routes of Messaging, as `backendless-console-sdk` `src/messaging.js` calls them:
//! publishing and push templates over the app's own [`MessagingState`] (the same parsing,
//! delivery and template rules as the client API and the control plane).
//!
//! | SDK method | Route |
//! |---|---|
//! | `publishMessage` | `POST /{appId}/console/messaging/{channelName}` |
//! | `getPushTemplates` / `createPushTemplate` / `deletePushTemplates` | `GET`/`POST`/`DELETE /{appId}/console/messaging/push/templates` (`?names=a,b`) |
//! | `getPushTemplate` / `updatePushTemplate` | `GET`/`PUT .../push/templates/{name}` |

use axum::extract::Path;
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::Value;

use super::errors::unknown_push_template;
use super::parse::Publish;
use super::state::Env;
use super::MessagingState;
use crate::apps::developers::ConsoleApp;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::{JsonBody, QueryParams};

/// The console messaging routes (absolute paths).
pub fn console_routes() -> Router<Shared> {
    const BASE: &str = "/{app_id}/console/messaging";
    let mut router = Router::new().route(&format!("{BASE}/{{channel}}"), post(publish));
    // Console pages whose first segment would otherwise read as a channel to publish to.
    for page in NOT_CHANNELS {
        router = router.route(&format!("{BASE}/{page}"), any(not_a_channel));
    }
    router
        .route(
            &format!("{BASE}/push/templates"),
            get(templates)
                .post(create_template)
                .delete(delete_templates),
        )
        .route(
            &format!("{BASE}/push/templates/{{name}}"),
            get(template).put(update_template),
        )
}

/// Console messaging pages the emulator does not hold (channel and button templates, channel
/// management, push to a query of devices): names that are not channels.
const NOT_CHANNELS: [&str; 5] = [
    "push",
    "channels",
    "button-templates",
    "channel-templates",
    "pushsize",
];

async fn not_a_channel(uri: axum::http::Uri) -> ApiError {
    let page = uri.path().rsplit('/').next().unwrap_or_default();
    ApiError::unsupported(&format!("Console messaging '{page}'"))
}

fn env(c: &ConsoleApp) -> Env<'_> {
    Env {
        now: c.app.clock.now_ms(),
        ids: &c.app.ids,
        services: &c.services,
    }
}

/// `publishMessage`: as the client API's publish.
async fn publish(
    c: ConsoleApp,
    Path((_, channel)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let publish = Publish::parse(&body)?;
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.publish(&channel, publish, env(&c))))
}

/// `getPushTemplates`: every template.
async fn templates(c: ConsoleApp) -> Json<Value> {
    let all = c.services.get::<MessagingState>().push_templates(None);
    let list: Vec<Value> = all
        .as_object()
        .map(|o| o.values().cloned().collect())
        .unwrap_or_default();
    Json(Value::from(list))
}

/// `getPushTemplate`.
async fn template(c: ConsoleApp, Path((_, name)): Path<(String, String)>) -> JsonResult {
    let all = c.services.get::<MessagingState>().push_templates(None);
    all.get(&name)
        .cloned()
        .map(Json)
        .ok_or_else(|| unknown_push_template(&name))
}

/// `createPushTemplate`: the body names the template.
async fn create_template(c: ConsoleApp, JsonBody(body): JsonBody) -> JsonResult {
    let name = body["name"]
        .as_str()
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ApiError::missing_field("name"))?
        .to_string();
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.put_push_template(&name, &body)?))
}

/// `updatePushTemplate`.
async fn update_template(
    c: ConsoleApp,
    Path((_, name)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    Ok(Json(state.put_push_template(&name, &body)?))
}

/// `deletePushTemplates`: `?names=a,b`.
async fn delete_templates(c: ConsoleApp, query: QueryParams) -> JsonResult {
    let state = c.services.get::<MessagingState>();
    let mut deleted = Vec::new();
    for names in query.all("names") {
        for name in names.split(',').filter(|n| !n.is_empty()) {
            state.delete_push_template(name)?;
            deleted.push(Value::from(name));
        }
    }
    Ok(Json(Value::from(deleted)))
}
