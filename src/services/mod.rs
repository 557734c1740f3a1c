//! One folder per Backendless service. Each has `mod.rs` (its routes, the table of contents),
//! handlers, state and errors. [`Services`] bundles the state of every service of one app.

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
pub mod realtime;
pub mod security;
pub mod timers;
pub mod transactions;
pub mod users;

use axum::Router;
use serde_json::{json, Value};

use crate::apps::Shared;
use crate::control::outbox::Outbox;
use crate::error::ApiError;

/// The state of every service of one app.
#[derive(Debug)]
pub struct Services {
    /// Tables and objects (the Users table included).
    pub data: data::DataStore,
    /// Sessions, credentials, login failures.
    pub users: users::UsersState,
    /// Roles and permissions.
    pub security: security::SecurityState,
    /// Emails and notifications that would have been sent.
    pub outbox: Outbox,
    /// Published messages, subscriptions, devices, templates.
    pub messaging: messaging::MessagingState,
    /// Log entries the SDK flushed, logger levels.
    pub logging: logging::LoggingState,
    /// Timers and their firing log.
    pub timers: timers::TimersState,
    /// Webhooks for custom services, events and timers.
    pub custom: custom::CustomState,
    /// Files and directories.
    pub files: files::FilesState,
    /// Hives and their stores.
    pub hive: hive::HiveState,
    /// Atomic counters.
    pub counters: counters::CountersState,
    /// Cache entries.
    pub cache: cache::CacheState,
    /// Remote shared objects (in memory only: never exported).
    pub shared_objects: realtime::SharedObjects,
}

impl Services {
    /// Fresh state: an empty app with its Users table.
    pub fn new() -> Self {
        let data = data::DataStore::default();
        data.write(|t| t.put_table(users::schema::users_table()));
        Services {
            data,
            users: users::UsersState::default(),
            security: security::SecurityState::default(),
            outbox: Outbox::default(),
            messaging: messaging::MessagingState::default(),
            logging: logging::LoggingState::default(),
            timers: timers::TimersState::default(),
            custom: custom::CustomState::default(),
            files: files::FilesState::default(),
            hive: hive::HiveState::default(),
            counters: counters::CountersState::default(),
            cache: cache::CacheState::default(),
            shared_objects: realtime::SharedObjects::default(),
        }
    }

    /// Every service's state as JSON.
    pub fn export(&self) -> Value {
        json!({
            "data": self.data.export(),
            "users": self.users.export(),
            "security": self.security.snapshot(),
            "outbox": self.outbox.export(),
            "messaging": self.messaging.export(),
            "logging": self.logging.export(),
            "timers": self.timers.export(),
            "custom": self.custom.export(),
            "files": self.files.export(),
            "hive": self.hive.export(),
            "counters": self.counters.export(),
            "cache": self.cache.export(),
        })
    }

    /// Rebuild from [`Services::export`] output.
    pub fn import(value: &Value) -> Result<Self, ApiError> {
        let parse = |what: &str, e: serde_json::Error| {
            ApiError::new(
                8002,
                format!("Could not parse request with message: {what}: {e}"),
            )
        };
        Ok(Services {
            data: data::DataStore::import(&value["data"])?,
            users: users::UsersState::import(&value["users"])?,
            security: security::SecurityState::restore(
                serde_json::from_value(value["security"].clone())
                    .map_err(|e| parse("security", e))?,
            ),
            outbox: Outbox::import(&value["outbox"])?,
            messaging: messaging::MessagingState::import(&value["messaging"])?,
            logging: logging::LoggingState::import(&value["logging"])?,
            timers: timers::TimersState::import(&value["timers"])?,
            custom: custom::CustomState::import(&value["custom"])?,
            files: files::FilesState::import(&value["files"])?,
            hive: hive::HiveState::import(&value["hive"])?,
            counters: counters::CountersState::import(&value["counters"])?,
            cache: cache::CacheState::import(&value["cache"])?,
            shared_objects: realtime::SharedObjects::default(),
        })
    }
}

impl Default for Services {
    fn default() -> Self {
        Services::new()
    }
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
}
