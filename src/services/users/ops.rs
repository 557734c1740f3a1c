//! [`UserOps`]: the User Service's operations over one app's state, synchronous and HTTP-free.
//! Handlers build one per request; unit tests build one over `Services::new()`.

use serde_json::{Map, Value};

use super::schema::{identity_column, scrub, USERS, USER_STATUS};
use crate::apps::Services;
use crate::error::ApiError;
use crate::ids::IdGen;
use crate::services::data::store::WriteCtx;
use crate::services::data::table::Cell;
use crate::services::data::DataStore;
use crate::settings::AppSettings;

/// Everything a user operation needs.
pub struct UserOps<'a> {
    /// The app's service states.
    pub services: &'a Services,
    /// A snapshot of the app's settings.
    pub settings: AppSettings,
    /// Current time, epoch ms.
    pub now: i64,
    /// The app's id generator.
    pub ids: &'a IdGen,
    /// Base URL for links in emails (`http://host/_emulator/apps/{appId}`).
    pub links_base: String,
}

impl<'a> UserOps<'a> {
    /// Operations over `app`'s state; email links point at `public_url` (the emulator's base URL).
    pub fn new(app: &'a crate::apps::App, services: &'a Services, public_url: &str) -> Self {
        UserOps {
            services,
            settings: app.settings.read().clone(),
            now: app.clock.now_ms(),
            ids: &app.ids,
            links_base: format!("{public_url}/_emulator/apps/{}", app.id()),
        }
    }
}

impl UserOps<'_> {
    /// A write context for the Users table (`owner` becomes ownerId of new rows).
    pub fn write_ctx<'b>(&'b self, owner: Option<&'b str>) -> WriteCtx<'b> {
        WriteCtx {
            owner_id: owner,
            now: self.now,
            dynamic_schema: self.settings.data.dynamic_schema,
            ids: self.ids,
        }
    }

    /// The identity column's current name.
    pub fn identity_column(&self) -> String {
        self.services.get::<DataStore>().read(|t| {
            t.table(USERS)
                .map(identity_column)
                .unwrap_or_else(|_| "email".into())
        })
    }

    /// A user object (password never included), or 3030.
    pub fn find(&self, id: &str) -> Result<Map<String, Value>, ApiError> {
        self.services
            .get::<DataStore>()
            .read(|t| t.find_by_id(USERS, id))
            .map(scrub)
            .map_err(|_| super::errors::user_not_found(id))
    }

    /// The user whose identity equals `identity` (case-insensitive, like MySQL's default collation).
    pub fn find_by_identity(&self, identity: &str) -> Option<Map<String, Value>> {
        self.find_by_column(&self.identity_column(), identity)
    }

    /// The user whose `column` equals `value`, compared like an identity (case-insensitive).
    pub fn find_by_column(&self, column: &str, value: &str) -> Option<Map<String, Value>> {
        self.services.get::<DataStore>().read(|t| {
            let table = t.table(USERS).ok()?;
            let index = table.column_index(column)?;
            table
                .rows()
                .find(|row| identity_matches(row.at(index), value))
                .map(|row| scrub(table.to_object(row)))
        })
    }

    /// The status of a user object.
    pub fn status_of(user: &Map<String, Value>) -> &str {
        user.get(USER_STATUS).and_then(Value::as_str).unwrap_or("")
    }
}

/// Whether a stored identity value equals what a client typed.
pub fn identity_matches(stored: &Cell, typed: &str) -> bool {
    match stored {
        Cell::Str(s) => s.eq_ignore_ascii_case(typed),
        Cell::Int(i) => i.to_string() == typed,
        _ => match stored.as_value().as_ref() {
            Value::Number(n) => n.to_string() == typed,
            _ => false,
        },
    }
}

/// The identity value of a body as text (numbers are allowed as identities).
pub fn identity_text(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}
