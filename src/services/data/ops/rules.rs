//! Where a table's own rules meet the Data Service (data.md §0.2, security.md §4.3): the rules a
//! service registered for a table ([`TableRules`]; the users service's for `Users`: passwords
//! hashed into the User Service, never a column, identities unique, new users ENABLED) run
//! inside the write, and what they keep outside the store is queued as an effect.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::{DataOps, Effect};
use crate::error::ApiError;
use crate::services::data::rules::{Rules, TableRules};
use crate::services::data::store::Tables;

impl DataOps<'_> {
    /// The rules registered for `table`.
    pub(super) fn rules_of(&self, table: &str) -> Option<Arc<dyn TableRules>> {
        self.services.get::<Rules>().of(table)
    }

    /// Take the write-only secret (the Users `password`) out of a body.
    pub(super) fn take_secret(
        &self,
        table: &str,
        body: &mut Map<String, Value>,
    ) -> Result<Option<String>, ApiError> {
        match self.rules_of(table) {
            Some(rules) => rules.take_secret(body),
            None => Ok(None),
        }
    }

    /// The table's rules for a new object.
    pub(super) fn check_new(
        &self,
        t: &Tables,
        table: &str,
        body: &mut Map<String, Value>,
        secret: Option<&str>,
    ) -> Result<(), ApiError> {
        match self.rules_of(table) {
            Some(rules) => rules.check_new(t, body, secret),
            None => Ok(()),
        }
    }

    /// The table's rules for a change of object `id`.
    pub(super) fn check_change(
        &self,
        t: &Tables,
        table: &str,
        body: &Map<String, Value>,
        id: &str,
    ) -> Result<(), ApiError> {
        match self.rules_of(table) {
            Some(rules) => rules.check_change(t, body, id),
            None => Ok(()),
        }
    }

    /// Queue keeping an object's secret for after the commit.
    pub(super) fn queue_secret(&mut self, table: &str, object_id: &str, secret: Option<String>) {
        if let Some(secret) = secret {
            self.effects.push(Effect::Secret {
                table: table.to_string(),
                object_id: object_id.to_string(),
                secret,
            });
        }
    }
}
