//! Where the Users table meets the Data Service (data.md §0.2, security.md §4.3): objects saved
//! through `/data/Users` get their `password` hashed into the User Service (never stored in a
//! column, never returned), identities stay unique, and new users start ENABLED.

use serde_json::{Map, Value};

use super::{DataOps, Effect};
use crate::error::ApiError;
use crate::services::data::store::Tables;
use crate::services::users::accounts::{identity_taken, take_password};
use crate::services::users::schema::{identity_column, status, USERS, USER_STATUS};

impl DataOps<'_> {
    /// Take `password` out of a Users body (non-string → 3050-style refusal, empty → 3011).
    pub(super) fn take_password(
        &self,
        table: &str,
        body: &mut Map<String, Value>,
    ) -> Result<Option<String>, ApiError> {
        if table != USERS {
            return Ok(None);
        }
        take_password(body)
    }

    /// Rules of a new Users object: a password, a unique identity, a status.
    pub(super) fn prepare_new_user(
        &self,
        t: &Tables,
        body: &mut Map<String, Value>,
        password: Option<&str>,
    ) -> Result<(), ApiError> {
        if password.is_none() {
            return Err(ApiError::templated(3011, &[]));
        }
        self.check_identity(t, body, None)?;
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

    /// The identity (email by default) must not belong to another user (1155).
    pub(super) fn check_identity(
        &self,
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
            return Err(ApiError::templated(1155, &[&identity]));
        }
        Ok(())
    }

    /// Queue the hash of a user's new password.
    pub(super) fn queue_password(&mut self, user_id: &str, password: Option<String>) {
        if let Some(password) = password {
            self.effects.push(Effect::Password {
                user_id: user_id.to_string(),
                password,
            });
        }
    }
}
