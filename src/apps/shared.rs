//! [`Shared`]: the state every request may reach: the apps, the developer accounts of the
//! console, and the public URL the emulator answers at.

use std::sync::Arc;

use parking_lot::RwLock;

use super::developers::ConsoleState;
use super::{App, AppRegistry};
use crate::error::ApiError;

/// State shared by every request: the apps, the console accounts, the public URL.
#[derive(Clone)]
pub struct Shared(Arc<Inner>);

/// What [`Shared`] points to.
pub struct Inner {
    /// Every app.
    pub registry: AppRegistry,
    /// Developer accounts and console sessions.
    pub console: ConsoleState,
    public_url: RwLock<String>,
    query_budget: std::sync::atomic::AtomicU64,
}

impl std::ops::Deref for Shared {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("public_url", &self.public_url())
            .finish()
    }
}

impl Shared {
    /// Shared state around a registry and console accounts.
    pub fn new(registry: AppRegistry, console: ConsoleState) -> Self {
        Shared(Arc::new(Inner {
            registry,
            console,
            public_url: RwLock::new(String::new()),
            query_budget: std::sync::atomic::AtomicU64::new(crate::query::DEFAULT_BUDGET),
        }))
    }

    /// Units of work one where clause may spend (rows visited × conditions evaluated).
    pub fn query_budget(&self) -> u64 {
        self.query_budget.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Set the per-query work budget (start-up configuration).
    pub fn set_query_budget(&self, units: u64) {
        self.query_budget
            .store(units, std::sync::atomic::Ordering::Relaxed);
    }

    /// The base URL clients reach the emulator at (`http://127.0.0.1:9000`).
    pub fn public_url(&self) -> String {
        self.public_url.read().clone()
    }

    /// Record the base URL once the listener is bound.
    pub fn set_public_url(&self, url: &str) {
        *self.public_url.write() = url.trim_end_matches('/').to_string();
    }

    /// The app with this id, or 2002.
    pub fn app(&self, id: &str) -> Result<Arc<App>, ApiError> {
        self.registry
            .app(id)
            .ok_or_else(crate::apps::wrong_app_info)
    }
}
