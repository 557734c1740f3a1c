//! One folder per Backendless service. Each has `mod.rs` (its routes, the table of contents),
//! handlers, state and errors. [`catalogue`] lists the state each keeps per app.

pub mod blocking;
pub mod cache;
pub mod counters;
pub mod custom;
pub mod data;
pub mod files;
pub mod hive;
pub mod info;
pub mod logging;
pub mod management;
pub mod messaging;
pub mod outside;
pub mod realtime;
pub mod security;
pub mod timers;
pub mod transactions;
pub mod users;

use axum::Router;

use crate::apps::{ServiceSet, Shared};

/// Every service's per-app state, in the order exports list them, and what a new set of states
/// gets: the real-time bus survives resets and imports, the data store has its Users table and
/// its rules, and sessions are the users service's.
pub fn catalogue() -> ServiceSet {
    ServiceSet::new()
        .saved::<data::DataStore>()
        .saved::<users::UsersState>()
        .saved::<security::SecurityState>()
        .saved::<messaging::outbox::Outbox>()
        .saved::<messaging::MessagingState>()
        .saved::<logging::LoggingState>()
        .saved::<timers::TimersState>()
        .saved::<custom::CustomState>()
        .saved::<custom::ServerCode>()
        .saved::<files::FilesState>()
        .saved::<hive::HiveState>()
        .saved::<counters::CountersState>()
        .saved::<cache::CacheState>()
        .saved::<users::providers::ProvidersState>()
        .saved::<management::documents::ConsoleDocuments>()
        .saved::<management::audit::AuditLog>()
        .saved::<data::console::TableViews>()
        .kept::<realtime::EventBus>()
        .setup(users::table_rules::setup)
        .sessions(users::state::session_of)
}

/// Every client-API route, relative to the app root (`/{appId}/{apiKey}` or `/api`).
pub fn api_routes() -> Router<Shared> {
    Router::new()
        .route("/info", axum::routing::get(info::app_info))
        .merge(users::routes())
        .merge(data::routes())
        .merge(messaging::routes())
        .merge(logging::routes())
        .merge(custom::routes())
        .merge(files::routes())
        .merge(hive::routes())
        .merge(counters::routes())
        .merge(cache::routes())
        .merge(realtime::routes())
        .merge(transactions::routes())
        .merge(outside::routes())
}
