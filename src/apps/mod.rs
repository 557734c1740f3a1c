//! The apps floor: the registry of apps and their API keys, each [`App`] with the state of its
//! services, the URL forms that address them, and the state every request may reach ([`Shared`],
//! developer accounts).
//!
//! Apps share nothing: each owns one state per service, its clock and its id generator.
//! Resetting an app swaps in fresh service state while keeping its id and keys.

use std::sync::Arc;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::ids::IdGen;
use crate::settings::AppSettings;

mod ctx;
pub mod developers;
mod errors;
mod keys;
pub mod naming;
mod registry;
pub(crate) mod services;
mod session;
mod shared;
mod url;
pub use ctx::{AppCtx, Ctx};
pub use keys::{ApiKey, CustomKey, KeyKind};
pub use registry::{wrong_app_info, AppRegistry, ClientApi, Determinism, NewApp, MAX_APPS};
pub use services::{LoadError, ServiceSet, ServiceState, Services};
pub use session::{Session, SessionLookup};
pub use shared::{Inner, Shared};
pub use url::{AppUrl, CLIENT_API};

/// Identity of an app: what survives a reset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AppMeta {
    /// Application id (GUID).
    pub id: String,
    /// Application name shown in the console.
    pub name: String,
    /// One key per [`KeyKind`].
    pub keys: Vec<ApiKey>,
    /// Creation time, epoch ms.
    pub created: i64,
    /// Id of the developer account that created the app through the console; apps made any
    /// other way (the default app, the control plane) belong to the `--dev-login` account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Keys added in the console besides the one per kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_keys: Vec<CustomKey>,
    /// The developer team besides the owner: ids of developer accounts that may work on the app.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<String>,
    /// A pending ownership transfer: the id of the team member it is offered to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership_offer: Option<String>,
    /// Console operations denied to team members (developer id → operation names of
    /// `backendless-console-sdk` `src/dev-permissions.js`); every other operation is granted.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub denied: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
}

impl AppMeta {
    /// The key of a given kind.
    pub fn key(&self, kind: KeyKind) -> &str {
        self.keys
            .iter()
            .find(|k| k.kind == kind)
            .map(|k| k.key.as_str())
            .unwrap_or("")
    }
}

/// One Backendless application with all of its state.
#[derive(Debug)]
pub struct App {
    meta: RwLock<AppMeta>,
    /// This app's clock (every time-based rule reads it).
    pub clock: Clock,
    /// This app's id generator.
    pub ids: IdGen,
    /// Settings the console toggles (registration, login policy, dynamic schema).
    pub settings: RwLock<AppSettings>,
    services: RwLock<Arc<Services>>,
    set: Arc<ServiceSet>,
}

impl App {
    fn new(meta: AppMeta, clock: Clock, ids: IdGen, set: Arc<ServiceSet>) -> Self {
        App {
            meta: RwLock::new(meta),
            clock,
            ids,
            settings: RwLock::new(AppSettings::default()),
            services: RwLock::new(Arc::new(set.fresh(None))),
            set,
        }
    }

    fn set_created(&self, created: i64) {
        self.meta.write().created = created;
    }

    /// The app's id.
    pub fn id(&self) -> String {
        self.meta.read().id.clone()
    }

    /// A copy of the app's identity (id, name, keys).
    pub fn meta(&self) -> AppMeta {
        self.meta.read().clone()
    }

    /// Give the app to the developer account `developer_id` (its console creator).
    pub fn set_owner(&self, developer_id: &str) {
        self.meta.write().owner = Some(developer_id.to_string());
    }

    /// Change who works on the app in one step: its owner, its team (developer ids besides the
    /// owner) and its pending ownership offer.
    pub fn update_team<T>(
        &self,
        change: impl FnOnce(&mut Option<String>, &mut Vec<String>, &mut Option<String>) -> T,
    ) -> T {
        let mut meta = self.meta.write();
        let meta = &mut *meta;
        change(&mut meta.owner, &mut meta.team, &mut meta.ownership_offer)
    }

    /// Change the console operations denied to team members (developer id → operations).
    pub fn update_denied<T>(
        &self,
        change: impl FnOnce(
            &mut std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
        ) -> T,
    ) -> T {
        change(&mut self.meta.write().denied)
    }

    /// Rename the app.
    pub fn rename(&self, name: &str) {
        self.meta.write().name = name.to_string();
    }

    /// The session of a `user-token` in `services` (this app's, as a request took them), on the
    /// app's clock and login policy; 3064 when unknown or expired.
    pub fn session(&self, services: &Services, token: &str) -> Result<Session, ApiError> {
        let login = self.settings.read().login.clone();
        self.set
            .session(services, token, self.clock.now_ms(), &login)
    }

    /// The app's service states. Cloned out so no lock is held while a request runs.
    pub fn services(&self) -> Arc<Services> {
        self.services.read().clone()
    }

    /// Drop every object, user, file and setting; keep id and keys.
    pub fn reset(&self) {
        let fresh = self.set.fresh(Some(&self.services()));
        self.swap_services(fresh);
        *self.settings.write() = AppSettings::default();
    }

    /// Install new service states; the old ones are freed on a background thread, so a reset or
    /// import of a 100k-object app answers without waiting for 100k rows to be dropped.
    fn swap_services(&self, services: Services) {
        let old = std::mem::replace(&mut *self.services.write(), Arc::new(services));
        drop_later(old);
    }

    /// Replace this app's state with a copy of `source`'s (its id and keys stay as they are):
    /// what `import(&source.export())` does, without JSON, sharing unchanged rows with `source`.
    pub fn fork_from(&self, source: &App) -> Result<(), LoadError> {
        self.thaw(&source.freeze()?)
    }

    /// A copy of the whole state that later writes to the app do not change (an in-memory
    /// snapshot); it shares unchanged rows with the app, so it costs O(tables), not O(rows).
    pub fn freeze(&self) -> Result<Frozen, LoadError> {
        Ok(Frozen {
            settings: self.settings.read().clone(),
            now: self.clock.peek_ms(),
            services: self.set.fork(&self.services(), None)?,
        })
    }

    /// Replace this app's state with a copy of a frozen one (its id and keys stay as they are).
    pub fn thaw(&self, frozen: &Frozen) -> Result<(), LoadError> {
        let services = self.set.fork(&frozen.services, Some(&self.services()))?;
        // As in an import: a virtual clock resumes at the copy's time.
        if self.clock.is_virtual() {
            self.clock.set_ms(frozen.now);
        }
        *self.settings.write() = frozen.settings.clone();
        self.swap_services(services);
        Ok(())
    }

    /// The whole state as JSON (no password ever appears; credentials are hashes).
    pub fn export(&self) -> Value {
        json!({
            "format": EXPORT_FORMAT,
            "app": self.meta(),
            "settings": *self.settings.read(),
            "clock": {"virtual": self.clock.is_virtual(), "now": self.clock.peek_ms()},
            "services": self.set.save(&self.services()),
        })
    }

    /// Replace this app's state with an export (its id and keys stay as they are).
    pub fn import(&self, export: &Value) -> Result<(), LoadError> {
        let format = export.get("format").and_then(Value::as_u64).unwrap_or(0);
        if format != EXPORT_FORMAT {
            return Err(LoadError::new(
                "format",
                format!("export format {format} is not {EXPORT_FORMAT}"),
            ));
        }
        let settings: AppSettings = serde_json::from_value(export["settings"].clone())
            .map_err(|e| LoadError::new("settings", e))?;
        let services = self.set.load(&export["services"], Some(&self.services()))?;
        // A virtual clock resumes where the export left it; a system clock keeps real time.
        if let (true, Some(now)) = (self.clock.is_virtual(), export["clock"]["now"].as_i64()) {
            self.clock.set_ms(now);
        }
        *self.settings.write() = settings;
        self.swap_services(services);
        Ok(())
    }
}

/// Drop `value` on a short-lived thread; when no thread can be started, the refused closure
/// (and so `value`) is dropped right here.
fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("drop-state".into())
        .spawn(move || drop(value));
}

/// An app's state frozen by [`App::freeze`]: what an export holds, as live values.
#[derive(Debug)]
pub struct Frozen {
    settings: AppSettings,
    now: i64,
    services: Services,
}

/// Version of the JSON produced by [`App::export`].
pub const EXPORT_FORMAT: u64 = 1;
