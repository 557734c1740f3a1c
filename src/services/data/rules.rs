//! Rules another service adds to the writes of one table (data.md §0.2, security.md §4.3): the
//! users service registers the Users table's (the write-only password, unique identities, the
//! status of new users), so the data service writes the Users table without any user code.

use std::collections::BTreeMap;
use std::sync::Arc;

use parking_lot::RwLock;
use serde_json::{Map, Value};

use super::store::Tables;
use super::table::Table;
use crate::error::ApiError;
use crate::ids::IdGen;

/// What a service adds to the Data API writes of one of its tables.
pub trait TableRules: Send + Sync + std::fmt::Debug {
    /// Take the write-only secret out of a body before it is stored (never a column).
    fn take_secret(&self, body: &mut Map<String, Value>) -> Result<Option<String>, ApiError>;
    /// The name of that secret property, which a deep save passes through as it is.
    fn secret_property(&self) -> &str;
    /// Check and complete a new object (`secret`: what [`TableRules::take_secret`] took).
    fn check_new(
        &self,
        t: &Tables,
        body: &mut Map<String, Value>,
        secret: Option<&str>,
    ) -> Result<(), ApiError>;
    /// Check a change of the existing object `id`.
    fn check_change(&self, t: &Tables, body: &Map<String, Value>, id: &str)
        -> Result<(), ApiError>;
    /// The column a bulk update may not set (an identity must stay unique), if any.
    fn unique_column(&self, table: &Table) -> Option<String>;
    /// After the write committed: keep the secret of object `id`.
    fn keep_secret(&self, id: &str, secret: &str, ids: &IdGen);
    /// After the delete committed: forget what is kept about object `id`.
    fn forget(&self, id: &str);
    /// The table's properties as `GET /data/{table}/properties` describes them.
    fn properties(&self, table: &Table) -> Vec<Value>;
}

/// The rules of one app's tables, by table name (a per-app state, not saved: the services that
/// own rules register them again on every new set of states).
#[derive(Debug, Default)]
pub struct Rules(RwLock<BTreeMap<String, Arc<dyn TableRules>>>);

impl Rules {
    /// Apply `rules` to the writes of `table`.
    pub fn register(&self, table: &str, rules: Arc<dyn TableRules>) {
        self.0.write().insert(table.to_string(), rules);
    }

    /// The rules of `table`, if a service registered some.
    pub fn of(&self, table: &str) -> Option<Arc<dyn TableRules>> {
        self.0.read().get(table).cloned()
    }
}
