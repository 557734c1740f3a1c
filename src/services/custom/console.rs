//! Console routes of webhooks, event handlers and API services (`backendless-console-sdk`
//! `webhooks.js` and `bl.js`), over the app's [`CustomState`]: the same webhook definitions the
//! control plane sets and the client API's custom services and events use.
//!
//! | SDK method | Route (`/{appId}/console/...`) |
//! |---|---|
//! | `getWebhooks` / `saveWebhook` | `GET`/`POST webhook` (`{operation, name?, url}`) |
//! | `updateWebhook` / `deleteWebhook` | `PUT`/`DELETE webhook/{webhookId}` (`timers`, `service:<name>`, `event:<name>`) |
//! | `getWebhookOperations` | `GET webhook/operations` |
//! | `createEventHandler` | `POST servercode/{mode}/events` (custom events; the emulator's `webhook` field) |
//! | `updateEventHandler` / `deleteEventHandler` | `PUT`/`DELETE servercode/{mode}/events/{id}` |
//! | `changeHandlerState` / `invokeTimer` (events) | `PUT servercode/{mode}/events/{id}/state`, `POST .../events/{id}/run` |
//! | `getHandlerInvocationChain` / `updateHandlerInvocationChain` | `GET`/`PUT servercode/chain/{eventId}/{context}` |
//! | `getCategories` / `getEvents` | `GET servercode/categories`, `GET servercode/events` |
//! | `getServices` / `getServiceMethods` / `getServiceSpec` | `GET localservices`, `GET localservices/{id}/methods`, `GET localservices/{id}/api-docs` |
//! | `apiDocs.generateServiceApi` | `POST api-docs/services/{serviceId}/{model}` (the `getServiceSpec` document) |
//! | `getLanguages` | `GET /console/servercode/languages` |
//! | models and draft files | `code.rs` ([`ServerCode`](super::ServerCode)) |
//!
//! Deploying code (a draft to production, codeless, JS, Java, AWS Lambda services) answers 99000.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method};
use axum::routing::{any, get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::code;
use super::errors::{bad_field, unknown_service, unknown_webhook};
use super::forward::{forward, Forward};
use super::mode::Mode;
use super::webhooks::{check_not_self, CustomState, Webhooks};
use crate::apps::developers::{ConsoleApp, Dev};
use crate::apps::Shared;
use crate::error::{ApiError, ApiResult, JsonResult};
use crate::extract::JsonBody;

/// The console routes of webhooks, event handlers and API services (absolute paths).
pub fn console_routes() -> Router<Shared> {
    const C: &str = "/{app_id}/console";
    const S: &str = "/{app_id}/console/servercode";
    const L: &str = "/{app_id}/console/localservices";
    Router::new()
        .route(&format!("{C}/webhook"), get(webhooks).post(create_webhook))
        .route(&format!("{C}/webhook/operations"), get(operations))
        .route(
            &format!("{C}/webhook/{{webhook}}"),
            put(update_webhook).delete(delete_webhook),
        )
        .route(&format!("{S}/{{mode}}/events"), post(create_handler))
        .route(
            &format!("{S}/{{mode}}/events/{{handler}}"),
            put(update_handler).delete(delete_handler),
        )
        .route(
            &format!("{S}/{{mode}}/events/{{handler}}/state"),
            put(update_handler),
        )
        .route(
            &format!("{S}/{{mode}}/events/{{handler}}/run"),
            post(run_handler),
        )
        .route(
            &format!("{S}/chain/{{event}}/{{context}}"),
            get(chain).put(reorder_chain),
        )
        .route(&format!("{S}/categories"), get(categories))
        .route(&format!("{S}/events"), get(events))
        .route(&format!("{S}/models"), get(code::all_models))
        .route(&format!("{S}/models/create"), post(code::create_model))
        .route(&format!("{S}/models/{{language}}"), get(code::models))
        // The SDK's `{model}` segment shares its position with the event routes' `{mode}`.
        .route(
            &format!("{S}/{{mode}}/draft/{{language}}"),
            get(code::drafts).put(code::save_drafts),
        )
        .route(
            &format!("{S}/{{mode}}/draft/{{language}}/{{*file}}"),
            get(code::draft),
        )
        .route(
            &format!("{S}/{{mode}}/production/{{language}}"),
            any(no_code),
        )
        .route(L, get(services))
        .route(&format!("{L}/{{service}}/methods"), get(service_methods))
        .route(&format!("{L}/{{service}}/api-docs"), get(service_spec))
        .route(
            &format!("{C}/api-docs/services/{{service}}/{{model}}"),
            post(service_api_docs),
        )
        .route(&format!("{L}/{{service}}"), any(no_code))
        .route(&format!("{L}/{{service}}/{{*rest}}"), any(no_code))
        .route("/console/servercode/languages", get(languages))
}

/// Webhook ids: `timers`, `service:<name>`, `event:<name>`.
fn webhook_list(hooks: &Webhooks) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(url) = &hooks.timers {
        out.push(json!({"id": "timers", "operation": "timers", "name": null, "url": url}));
    }
    for (kind, map) in [("service", &hooks.services), ("event", &hooks.events)] {
        for (name, url) in map {
            out.push(json!({"id": format!("{kind}:{name}"), "operation": kind, "name": name, "url": url}));
        }
    }
    out
}

/// Where a webhook id points in the configuration.
enum Slot {
    Timers,
    Service(String),
    Event(String),
}

impl Slot {
    fn parse_id(id: &str) -> Result<Slot, ApiError> {
        match id.split_once(':') {
            _ if id == "timers" => Ok(Slot::Timers),
            Some(("service", name)) if !name.is_empty() => Ok(Slot::Service(name.into())),
            Some(("event", name)) if !name.is_empty() => Ok(Slot::Event(name.into())),
            _ => Err(unknown_webhook(id)),
        }
    }

    fn parse_body(body: &Value) -> Result<Slot, ApiError> {
        let name = body["name"].as_str().filter(|n| !n.trim().is_empty());
        match (body["operation"].as_str(), name) {
            (Some("timers"), _) => Ok(Slot::Timers),
            (Some("service"), Some(n)) => Ok(Slot::Service(n.into())),
            (Some("event"), Some(n)) => Ok(Slot::Event(n.into())),
            (Some("service" | "event"), None) => Err(ApiError::missing_field("name")),
            (None, _) => Err(ApiError::missing_field("operation")),
            (Some(other), _) => Err(bad_field(&format!(
                "operation '{other}' is not one of timers, service, event"
            ))),
        }
    }

    fn url<'a>(&self, hooks: &'a Webhooks) -> Option<&'a String> {
        match self {
            Slot::Timers => hooks.timers.as_ref(),
            Slot::Service(n) => hooks.services.get(n),
            Slot::Event(n) => hooks.events.get(n),
        }
    }

    fn set(&self, hooks: &mut Webhooks, url: Option<String>) {
        match (self, url) {
            (Slot::Timers, url) => hooks.timers = url,
            (Slot::Service(n), Some(u)) => drop(hooks.services.insert(n.clone(), u)),
            (Slot::Service(n), None) => drop(hooks.services.remove(n)),
            (Slot::Event(n), Some(u)) => drop(hooks.events.insert(n.clone(), u)),
            (Slot::Event(n), None) => drop(hooks.events.remove(n)),
        }
    }

    fn id(&self) -> String {
        match self {
            Slot::Timers => "timers".into(),
            Slot::Service(n) => format!("service:{n}"),
            Slot::Event(n) => format!("event:{n}"),
        }
    }
}

fn url_of(body: &Value) -> Result<String, ApiError> {
    body["url"]
        .as_str()
        .filter(|u| !u.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(|| ApiError::missing_field("url"))
}

/// Store `url` at `slot`, checked like the control plane's configuration.
fn store(shared: &Shared, c: &ConsoleApp, slot: &Slot, url: String) -> JsonResult {
    let single = {
        let mut h = Webhooks::default();
        slot.set(&mut h, Some(url.clone()));
        h
    };
    single.check_urls()?;
    check_not_self(&single, &shared.public_url())?;
    let state = c.services.get::<CustomState>();
    state.update_webhooks(|hooks| {
        slot.set(hooks, Some(url.clone()));
        Ok(())
    })?;
    let list = webhook_list(&state.webhooks());
    let id = slot.id();
    Ok(Json(
        list.into_iter()
            .find(|w| w["id"] == json!(id))
            .unwrap_or(Value::Null),
    ))
}

/// `getWebhooks`.
async fn webhooks(c: ConsoleApp) -> Json<Value> {
    Json(Value::from(webhook_list(
        &c.services.get::<CustomState>().webhooks(),
    )))
}

/// `getWebhookOperations`: what a webhook can receive.
async fn operations(_c: ConsoleApp) -> Json<Value> {
    Json(json!([
        {"operation": "timers", "needsName": false, "description": "every timer firing is POSTed to it"},
        {"operation": "service", "needsName": true, "description": "calls of custom API service <name> (or *) are forwarded to it"},
        {"operation": "event", "needsName": true, "description": "custom event <name> (or *) is POSTed to it"},
    ]))
}

/// `saveWebhook`: `{operation, name?, url}`; a slot that already has a webhook is refused.
async fn create_webhook(
    State(shared): State<Shared>,
    c: ConsoleApp,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let slot = Slot::parse_body(&body)?;
    let url = url_of(&body)?;
    if slot
        .url(&c.services.get::<CustomState>().webhooks())
        .is_some()
    {
        return Err(bad_field(&format!(
            "webhook '{}' already exists: change it with PUT",
            slot.id()
        )));
    }
    store(&shared, &c, &slot, url)
}

/// `updateWebhook`: a new `url`.
async fn update_webhook(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let slot = Slot::parse_id(&id)?;
    if slot
        .url(&c.services.get::<CustomState>().webhooks())
        .is_none()
    {
        return Err(unknown_webhook(&id));
    }
    store(&shared, &c, &slot, url_of(&body)?)
}

/// `deleteWebhook`.
async fn delete_webhook(c: ConsoleApp, Path((_, id)): Path<(String, String)>) -> JsonResult {
    let slot = Slot::parse_id(&id)?;
    c.services.get::<CustomState>().update_webhooks(|hooks| {
        if slot.url(hooks).is_none() {
            return Err(unknown_webhook(&id));
        }
        slot.set(hooks, None);
        Ok(())
    })?;
    Ok(Json(Value::Bool(true)))
}

/// `createEventHandler` (non-timer categories).
async fn create_handler(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, mode)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let state = c.services.get::<CustomState>();
    let handler = state.create_handler(
        mode,
        &body,
        c.app.ids.guid(),
        c.app.clock.now_ms(),
        &shared.public_url(),
    )?;
    Ok(Json(handler.to_json()))
}

/// `updateEventHandler` and `changeHandlerState` (`{enabled}`).
async fn update_handler(
    State(shared): State<Shared>,
    c: ConsoleApp,
    Path((_, mode, id)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let state = c.services.get::<CustomState>();
    Ok(Json(
        state
            .update_handler(mode, &id, &body, &shared.public_url())?
            .to_json(),
    ))
}

/// `deleteEventHandler`.
async fn delete_handler(
    c: ConsoleApp,
    Path((_, mode, id)): Path<(String, String, String)>,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let state = c.services.get::<CustomState>();
    Ok(Json(state.delete_handler(mode, &id)?.to_json()))
}

/// `invokeTimer` on an event handler: its event is POSTed to its webhook now (empty args), and
/// the webhook's answer is returned.
async fn run_handler(
    c: ConsoleApp,
    Path((_, mode, id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> ApiResult {
    let mode = Mode::parse(&mode)?;
    let handler = c.services.get::<CustomState>().handler(mode, &id)?;
    let url = reqwest::Url::parse(&handler.webhook)
        .map_err(|e| super::errors::webhook_failed(&handler.webhook, &e.to_string()))?;
    let mut plain = HeaderMap::new();
    if let Some(t) = headers.get("content-type") {
        plain.insert("content-type", t.clone());
    }
    forward(Forward {
        method: Method::POST,
        url,
        headers: &plain,
        body: bytes::Bytes::from_static(b"{}"),
        context: vec![
            ("x-emulator-app-id", c.app.id()),
            ("x-emulator-event", handler.event.clone()),
        ],
    })
    .await
}

/// `getHandlerInvocationChain`: the handlers of the custom event `eventId` (`context` is the
/// event's target, which for custom events is the event itself).
async fn chain(
    c: ConsoleApp,
    Path((_, event, _context)): Path<(String, String, String)>,
) -> Json<Value> {
    let chain = c.services.get::<CustomState>().chain(&event);
    Json(Value::from(
        chain.iter().map(|h| h.to_json()).collect::<Vec<_>>(),
    ))
}

/// `updateHandlerInvocationChain`: the handler ids in their new order.
async fn reorder_chain(
    c: ConsoleApp,
    Path((_, event, _context)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let chain = c
        .services
        .get::<CustomState>()
        .reorder_chain(&event, &body)?;
    Ok(Json(Value::from(
        chain.iter().map(|h| h.to_json()).collect::<Vec<_>>(),
    )))
}

/// `getCategories`: Backendless's handler categories and whether the emulator raises them.
async fn categories(_c: ConsoleApp) -> Json<Value> {
    Json(Value::from(
        super::event_handlers::CATEGORIES
            .iter()
            .map(|(name, raised)| json!({"name": name, "supported": raised}))
            .collect::<Vec<_>>(),
    ))
}

/// `getEvents`: the custom events the app has a webhook or handler for.
async fn events(c: ConsoleApp) -> Json<Value> {
    let state = c.services.get::<CustomState>();
    let mut names: Vec<String> = state.webhooks().events.keys().cloned().collect();
    names.extend(state.handlers(&[]).into_iter().map(|h| h.event));
    names.sort();
    names.dedup();
    Json(Value::from(
        names
            .iter()
            .map(|n| json!({"id": n, "name": n, "category": "CUSTOM", "provider": "custom"}))
            .collect::<Vec<_>>(),
    ))
}

/// `getServices`: the custom services the app has a webhook for.
async fn services(c: ConsoleApp) -> Json<Value> {
    let state = c.services.get::<CustomState>();
    let hooks = state.webhooks();
    Json(Value::from(
        hooks
            .services
            .iter()
            .map(|(name, url)| {
                json!({"id": name, "name": name, "version": "1.0.0", "mode": "PRODUCTION",
                    "model": "default", "type": "WEBHOOK", "url": url,
                    "description": format!("calls are forwarded to {url}"),
                    "methods": state.seen_methods(name).len()})
            })
            .collect::<Vec<_>>(),
    ))
}

/// The methods the service was called with, as `{id, method, path}`.
fn methods_of(c: &ConsoleApp, service: &str) -> Result<Vec<Value>, ApiError> {
    let state = c.services.get::<CustomState>();
    if !state.webhooks().services.contains_key(service) {
        return Err(unknown_service(service, &c.app.id()));
    }
    Ok(state
        .seen_methods(service)
        .iter()
        .filter_map(|m| m.split_once(' '))
        .map(|(verb, path)| {
            json!({"id": format!("{}:{path}", verb.to_ascii_lowercase()), "name": path,
                "method": verb, "path": format!("/{path}")})
        })
        .collect())
}

/// `getServiceMethods`: the methods the app has called it with (a webhook lists none itself).
async fn service_methods(c: ConsoleApp, Path((_, service)): Path<(String, String)>) -> JsonResult {
    Ok(Json(Value::from(methods_of(&c, &service)?)))
}

/// `getServiceSpec`: an OpenAPI 2 document of those methods.
async fn service_spec(c: ConsoleApp, Path((_, service)): Path<(String, String)>) -> JsonResult {
    spec_of(&c, &service)
}

/// `apiDocs.generateServiceApi` (`POST /{appId}/console/api-docs/services/{serviceId}/{model}`):
/// the same document as `getServiceSpec`; a webhook has no server-code model to choose.
async fn service_api_docs(
    c: ConsoleApp,
    Path((_, service, _model)): Path<(String, String, String)>,
) -> JsonResult {
    spec_of(&c, &service)
}

/// The OpenAPI 2 document of the methods a service has been called with.
fn spec_of(c: &ConsoleApp, service: &str) -> JsonResult {
    let mut paths = serde_json::Map::new();
    for m in methods_of(c, service)? {
        let verb = m["method"].as_str().unwrap_or("POST").to_ascii_lowercase();
        let path = m["path"].as_str().unwrap_or("/").to_string();
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[verb.as_str()] = json!({"operationId": m["id"], "summary": m["name"],
            "responses": {"200": {"description": "the webhook's answer"}}});
    }
    Ok(Json(json!({
        "swagger": "2.0",
        "info": {"title": service, "version": "1.0.0", "description": "a custom service the emulator forwards to a webhook"},
        "basePath": format!("/services/{service}"),
        "paths": paths,
    })))
}

/// `getLanguages`: the languages Backendless Cloud Code is written in.
async fn languages(_dev: Dev) -> Json<Value> {
    Json(json!(["JS", "JAVA", "CODELESS"]))
}

/// Deploying or editing code: the emulator runs none.
async fn no_code(_c: ConsoleApp) -> ApiError {
    ApiError::unsupported(
        "Cloud Code deployment (production code, codeless, JS, Java and AWS Lambda services): the emulator runs no server code; point a webhook at a custom service or event instead",
    )
}
