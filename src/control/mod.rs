//! Control plane under `/_emulator/...` (never under an app's URL): health, apps, reset,
//! export/import, settings, clock, outbox and the links of emails.
//!
//! | Route | Does |
//! |---|---|
//! | `GET /_emulator/health`, `GET /_emulator/version` | readiness and version |
//! | `GET /_emulator/openapi.json` | OpenAPI 3.1 document of every operation ([`openapi`]) |
//! | `GET`/`POST /_emulator/apps`, `GET`/`DELETE /_emulator/apps/{id}` | list, create, show, delete apps |
//! | `POST /_emulator/apps/{id}/reset`, `POST /_emulator/reset` | empty one app / every app |
//! | `GET /_emulator/apps/{id}/export`, `POST /_emulator/apps/{id}/import` | whole-app state as JSON |
//! | `GET`/`PUT /_emulator/apps/{id}/settings` | registration, login and data settings |
//! | `GET`/`PUT /_emulator/apps/{id}/clock`, `PUT /_emulator/clock` | virtual time |
//! | `GET`/`DELETE /_emulator/apps/{id}/outbox` | emails that would have been sent |
//! | `GET /_emulator/apps/{id}/confirm-email/{token}`, `POST .../password-reset/{token}` | email links |
//! | `POST /_emulator/apps/{id}/login-as` | a session for an existing user, no password ([`login_as`]) |
//! | `GET`/`DELETE /_emulator/journal?app=&path=&status=&limit=` | recent requests, with refusal reasons |
//! | `GET /_emulator/journal/stream?app=&path=&status=` | new requests as server-sent events |
//! | `POST /_emulator/snapshot` | write the `--data-dir` snapshot now |
//! | `GET`/`POST /_emulator/apps/{id}/snapshots`, `DELETE .../snapshots/{sid}`, `POST .../snapshots/{sid}/restore` | in-memory snapshots |
//! | `POST /_emulator/apps/{id}/fork` | a new app holding a copy of this one |
//! | `GET /_emulator/apps/{id}/tables`, `.../users`, `.../stores`, `.../files?path=` | what the UI shows: schemas, users with roles and sessions, hive/counters/cache, the file tree |
//! | `GET /_emulator/ui/` | the emulator UI ([`ui`]) |
//! | `GET /_emulator/apps/{id}/messaging`, `POST .../messaging/deliver` | messages; deliver due ones |
//! | `GET`, `PUT`/`DELETE .../email-templates/{name}`, same for `push-templates` | templates |
//! | `GET`/`DELETE /_emulator/apps/{id}/log`, `GET`/`PUT .../log/levels` | the app's log |
//! | `GET /_emulator/apps/{id}/timers`, `POST .../timers/run-due`, `GET .../timers/logs` | timers |
//! | `GET`/`PUT /_emulator/apps/{id}/webhooks` | webhooks for timers, custom services, events |
//! | `GET`/`POST`/`DELETE /_emulator/faults`, `DELETE /_emulator/faults/{id}` | fault injection ([`faults`]) |
//! | `POST /_emulator/apps/{id}/events` | inject a real-time event (object, bulk, relation, message) |
//! | `GET /_emulator/apps/{id}/security`, `PUT .../security/owner-policy`, `PUT .../security/global` | owner policies and global role permissions |

pub mod apps;
mod browse;
pub mod faults;
pub mod journal;
mod links;
mod login_as;
pub mod openapi;
mod security;
pub mod snapshot_store;
mod snapshots;
pub mod ui;

use std::sync::Arc;

use axum::extract::FromRef;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::apps::Shared;
use crate::persistence::DataDir;
use journal::Journal;
use snapshot_store::SnapshotStore;

/// What the control plane serves from: the apps, plus what only the control plane keeps.
#[derive(Debug, Clone)]
pub struct Control {
    /// The apps and the developer accounts.
    pub shared: Shared,
    /// Recent requests.
    pub journal: Arc<Journal>,
    /// In-memory snapshots of apps.
    pub snapshots: Arc<SnapshotStore>,
    /// The `--data-dir`, if any.
    pub data_dir: Option<Arc<DataDir>>,
}

impl Control {
    /// A control plane over `shared`, keeping `journal_capacity` requests.
    pub fn new(shared: Shared, journal_capacity: usize, data_dir: Option<Arc<DataDir>>) -> Self {
        Control {
            shared,
            journal: Arc::new(Journal::new(journal_capacity)),
            snapshots: Arc::new(SnapshotStore::new(snapshot_store::MAX_SNAPSHOTS_PER_APP)),
            data_dir,
        }
    }
}

impl FromRef<Control> for Shared {
    fn from_ref(control: &Control) -> Shared {
        control.shared.clone()
    }
}

impl Control {
    /// The same control plane keeping at most `per_app` in-memory snapshots of each app.
    pub fn with_snapshot_limit(mut self, per_app: usize) -> Self {
        self.snapshots = Arc::new(SnapshotStore::new(per_app));
        self
    }
}

/// The control-plane routes.
pub fn routes<S>(control: Control) -> Router<S> {
    let shared = control.shared.clone();
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/version", get(version))
        .route("/_emulator/openapi.json", get(openapi::openapi))
        .route("/_emulator/apps", get(apps::list).post(apps::create))
        .route("/_emulator/apps/{id}", get(apps::show).delete(apps::delete))
        .route("/_emulator/apps/{id}/reset", post(apps::reset))
        .route("/_emulator/reset", post(apps::reset_all))
        .route("/_emulator/apps/{id}/export", get(apps::export))
        .route("/_emulator/apps/{id}/import", post(apps::import))
        .route(
            "/_emulator/apps/{id}/settings",
            get(apps::settings).put(apps::set_settings),
        )
        .route(
            "/_emulator/apps/{id}/clock",
            get(apps::clock).put(apps::set_clock),
        )
        .route("/_emulator/clock", put(apps::set_all_clocks))
        .route(
            "/_emulator/apps/{id}/outbox",
            get(links::outbox).delete(links::clear_outbox),
        )
        .route(
            "/_emulator/apps/{id}/confirm-email/{token}",
            get(links::confirm_email),
        )
        .route(
            "/_emulator/apps/{id}/password-reset/{token}",
            post(links::reset_password),
        )
        .route("/_emulator/apps/{id}/login-as", post(login_as::login_as))
        .route(
            "/_emulator/journal",
            get(journal::list).delete(journal::clear),
        )
        .route("/_emulator/journal/stream", get(journal::stream))
        .route("/_emulator/snapshot", post(snapshots::save_to_disk))
        .route(
            "/_emulator/apps/{id}/snapshots",
            get(snapshots::list).post(snapshots::take),
        )
        .route(
            "/_emulator/apps/{id}/snapshots/{snapshot}",
            delete(snapshots::remove),
        )
        .route(
            "/_emulator/apps/{id}/snapshots/{snapshot}/restore",
            post(snapshots::restore),
        )
        .route("/_emulator/apps/{id}/fork", post(snapshots::fork))
        .route("/_emulator/apps/{id}/tables", get(browse::tables))
        .route("/_emulator/apps/{id}/users", get(browse::users))
        .route("/_emulator/apps/{id}/stores", get(browse::stores))
        .route("/_emulator/apps/{id}/files", get(browse::files))
        .merge(ui::routes())
        .merge(
            crate::services::messaging::control_routes()
                .merge(crate::services::logging::control_routes())
                .merge(crate::services::timers::control_routes())
                .merge(crate::services::custom::control_routes())
                .with_state(shared),
        )
        .route(
            "/_emulator/faults",
            get(faults::list).post(faults::add).delete(faults::clear),
        )
        .route("/_emulator/faults/{id}", delete(faults::remove))
        .route(
            "/_emulator/apps/{id}/events",
            post(crate::services::realtime::inject::inject_event),
        )
        .route("/_emulator/apps/{id}/security", get(security::show))
        .route(
            "/_emulator/apps/{id}/security/owner-policy",
            put(security::set_owner_policy),
        )
        .route(
            "/_emulator/apps/{id}/security/global",
            put(security::set_global),
        )
        .with_state(control)
}

/// `GET /_emulator/health`: 200 once the server accepts requests.
async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "version": crate::version::VERSION}))
}

/// `GET /_emulator/version`.
async fn version() -> Json<Value> {
    Json(json!({"name": "backendless-emulator", "version": crate::version::VERSION}))
}
