//! Console routes of timers (management.md §4), as the Console SDK's `bl.js` calls them. Every
//! route first fires what came due on the app's clock (lazy scheduling). Event handlers (the
//! non-timer categories) are webhook definitions in `services::custom::console`; the handler
//! list here shows both.

use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::Value;

use super::fire::{deliver, fire_due};
use super::model::Mode;
use crate::apps::developers::Dev;
use crate::apps::Shared;
use crate::error::{ApiError, JsonResult};
use crate::extract::JsonBody;
use crate::extract::QueryParams;
use crate::services::custom::CustomState;
use crate::services::timers::TimersState;

/// The console timer routes (absolute paths; merged by `server::router`).
pub fn console_routes() -> Router<Shared> {
    let base = "/{app_id}/console/servercode";
    Router::new()
        .route(base, get(list_handlers))
        .route(&format!("{base}/timers/logs"), get(timer_logs))
        .route(
            &format!("{base}/{{mode}}/timers"),
            get(list_timers).post(create),
        )
        .route(
            &format!("{base}/{{mode}}/timers/{{timer}}"),
            get(find).put(update).delete(remove),
        )
        .route(&format!("{base}/{{mode}}/timers/{{timer}}/run"), post(run))
        .route(
            &format!("{base}/{{mode}}/timers/{{timer}}/state"),
            put(change_state),
        )
}

/// The app, after firing whatever came due.
async fn touched(
    shared: &Shared,
    app_id: &str,
) -> Result<
    (
        std::sync::Arc<crate::apps::App>,
        std::sync::Arc<crate::apps::Services>,
    ),
    ApiError,
> {
    let app = shared.app(app_id)?;
    let services = app.services();
    fire_due(&app, &services).await;
    Ok((app, services))
}

/// `bl.getEventHandlers`: `GET /{appId}/console/servercode?mode=...` (repeatable).
async fn list_handlers(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let mut modes = Vec::new();
    for m in query.all("mode").into_iter().chain(query.all("mode[]")) {
        for part in m.split(',').filter(|p| !p.is_empty()) {
            modes.push(Mode::parse(part)?);
        }
    }
    let (_, services) = touched(&shared, &app_id).await?;
    let mut all = services.get::<TimersState>().list(&modes);
    let handlers = services.get::<CustomState>().handlers(&modes);
    all.extend(handlers.iter().map(|h| h.to_json()));
    Ok(Json(Value::from(all)))
}

/// `GET /{appId}/console/servercode/{mode}/timers`.
async fn list_timers(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode)): Path<(String, String)>,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (_, services) = touched(&shared, &app_id).await?;
    Ok(Json(Value::from(
        services.get::<TimersState>().list(&[mode]),
    )))
}

/// `bl.createEventHandler` with `category: 'TIMER'`: `POST .../{mode}/timers`.
async fn create(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (app, services) = touched(&shared, &app_id).await?;
    Ok(Json(services.get::<TimersState>().create(
        mode,
        &body,
        app.clock.now_ms(),
        &app.ids,
    )?))
}

/// `GET .../{mode}/timers/{id or name}`.
async fn find(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode, timer)): Path<(String, String, String)>,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (_, services) = touched(&shared, &app_id).await?;
    Ok(Json(services.get::<TimersState>().get(mode, &timer)?))
}

/// `bl.updateEventHandler`: `PUT .../{mode}/timers/{id or name}` with the whole handler or only
/// the fields to change.
async fn update(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode, timer)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (app, services) = touched(&shared, &app_id).await?;
    Ok(Json(services.get::<TimersState>().update(
        mode,
        &timer,
        &body,
        app.clock.now_ms(),
    )?))
}

/// `bl.deleteEventHandler`: `DELETE .../{mode}/timers/{id}`.
async fn remove(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode, timer)): Path<(String, String, String)>,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (_, services) = touched(&shared, &app_id).await?;
    Ok(Json(services.get::<TimersState>().delete(mode, &timer)?))
}

/// `bl.invokeTimer`: `POST .../{mode}/timers/{timername}/run` — fires now (webhook included).
async fn run(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode, timer)): Path<(String, String, String)>,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (app, services) = touched(&shared, &app_id).await?;
    let fired = services
        .get::<TimersState>()
        .run_now(mode, &timer, app.clock.now_ms())?;
    let mut out = deliver(&app, &services, vec![fired]).await;
    Ok(Json(out.pop().unwrap_or(Value::Null)))
}

/// `bl.changeHandlerState`: `PUT .../{mode}/timers/{id}/state` with `{"enabled": bool}`.
async fn change_state(
    State(shared): State<Shared>,
    _dev: Dev,
    Path((app_id, mode, timer)): Path<(String, String, String)>,
    JsonBody(body): JsonBody,
) -> JsonResult {
    let mode = Mode::parse(&mode)?;
    let (app, services) = touched(&shared, &app_id).await?;
    Ok(Json(services.get::<TimersState>().set_state(
        mode,
        &timer,
        &body,
        app.clock.now_ms(),
    )?))
}

/// `bl.getTimerLogs`: `GET /{appId}/console/servercode/timers/logs?timername=&offset=&pageSize=`.
async fn timer_logs(
    State(shared): State<Shared>,
    _dev: Dev,
    Path(app_id): Path<String>,
    query: QueryParams,
) -> JsonResult {
    let (_, services) = touched(&shared, &app_id).await?;
    Ok(Json(logs_json(&services, &query)?))
}

/// Firings as JSON, filtered and paged by `timername`/`timerName`/`name`, `offset`, `pageSize`.
pub(super) fn logs_json(
    services: &crate::apps::Services,
    query: &QueryParams,
) -> Result<Value, ApiError> {
    let number = |key: &str, default: usize| -> Result<usize, ApiError> {
        match query.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| super::errors::not_a_count(key)),
        }
    };
    let timer = query
        .get("timername")
        .or_else(|| query.get("timerName"))
        .or_else(|| query.get("name"));
    let logs = services.get::<TimersState>().logs(
        timer,
        number("offset", 0)?,
        number("pageSize", usize::MAX)?,
    );
    Ok(serde_json::to_value(logs).unwrap_or(Value::Null))
}
