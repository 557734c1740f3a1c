//! The Users table's rules for writes through the Data API (data.md §0.2, security.md §4.3):
//! the `password` is hashed into the User Service, never stored in a column, never returned;
//! identities stay unique; new users start ENABLED; a deleted user's sessions, credentials and
//! roles go with them. Registered with the data service for every app ([`setup`]).

use std::sync::Arc;

use serde_json::{Map, Value};

use super::accounts::{identity_taken, take_password};
use super::schema::{data_properties, identity_column, status, users_table, USER_STATUS};
use super::UsersState;
use crate::apps::Services;
use crate::error::ApiError;
use crate::ids::IdGen;
use crate::services::data::rules::{Rules, TableRules};
use crate::services::data::schema::{PASSWORD, USERS};
use crate::services::data::store::Tables;
use crate::services::data::table::Table;
use crate::services::data::DataStore;
use crate::services::security::SecurityState;

/// Every app has a Users table (even one loaded from an export without it) with these rules.
pub fn setup(services: &Services) {
    services.get::<DataStore>().write(|t| {
        if t.table(USERS).is_err() {
            t.put_table(users_table());
        }
    });
    let rules = UsersTable {
        users: services.get::<UsersState>(),
        security: services.get::<SecurityState>(),
    };
    services.get::<Rules>().register(USERS, Arc::new(rules));
}

/// The rules, over the app's user and security states.
#[derive(Debug)]
struct UsersTable {
    users: Arc<UsersState>,
    security: Arc<SecurityState>,
}

impl TableRules for UsersTable {
    fn take_secret(&self, body: &mut Map<String, Value>) -> Result<Option<String>, ApiError> {
        take_password(body)
    }

    fn secret_property(&self) -> &str {
        PASSWORD
    }

    /// A new user needs a password and a unique identity, and gets a status and defaults.
    fn check_new(
        &self,
        t: &Tables,
        body: &mut Map<String, Value>,
        secret: Option<&str>,
    ) -> Result<(), ApiError> {
        if secret.is_none() {
            return Err(super::errors::missing_password());
        }
        check_identity(t, body, None)?;
        if body.get(USER_STATUS).is_none_or(Value::is_null) {
            body.insert(USER_STATUS.into(), Value::from(status::ENABLED));
        }
        for (key, value) in [
            ("socialAccount", "BACKENDLESS"),
            ("accountType", "BACKENDLESS"),
            ("blUserLocale", "en"),
        ] {
            if body.get(key).is_none_or(Value::is_null) {
                body.insert(key.into(), Value::from(value));
            }
        }
        Ok(())
    }

    fn check_change(
        &self,
        t: &Tables,
        body: &Map<String, Value>,
        id: &str,
    ) -> Result<(), ApiError> {
        check_identity(t, body, Some(id))
    }

    fn unique_column(&self, table: &Table) -> Option<String> {
        Some(identity_column(table))
    }

    fn keep_secret(&self, id: &str, secret: &str, ids: &IdGen) {
        self.users
            .set_password_hash(id, crate::password::hash(secret, ids));
    }

    fn forget(&self, id: &str) {
        self.users.forget_user(id);
        self.security.forget_user(id);
    }

    fn properties(&self, table: &Table) -> Vec<Value> {
        data_properties(table)
    }
}

/// The identity (email by default) must not belong to another user (1155).
fn check_identity(
    t: &Tables,
    body: &Map<String, Value>,
    except: Option<&str>,
) -> Result<(), ApiError> {
    let table = t.table(USERS)?;
    let column = identity_column(table);
    let Some(identity) = body.get(&column).and_then(|v| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }) else {
        return Ok(());
    };
    if identity_taken(t, &column, &identity, except) {
        return Err(super::errors::duplicate_entry(&identity));
    }
    Ok(())
}
