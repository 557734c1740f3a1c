//! One folder per Backendless service. Each has `mod.rs` (its routes, the table of contents),
//! handlers, state and errors. [`Services`] bundles the state of every service of one app.

pub mod data;
pub mod info;
pub mod management;
pub mod security;
pub mod transactions;
pub mod users;

use axum::Router;
use serde_json::{json, Value};

use crate::control::outbox::Outbox;
use crate::error::ApiError;
use crate::server::Shared;

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
        }
    }

    /// Every service's state as JSON.
    pub fn export(&self) -> Value {
        json!({
            "data": self.data.export(),
            "users": self.users.export(),
            "security": self.security.snapshot(),
            "outbox": self.outbox.export(),
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
        .merge(transactions::routes())
}
