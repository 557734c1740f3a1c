//! The application registry: app id → [`App`], API key → (app, key kind), and which app a
//! client-API URL addresses.

use std::sync::Arc;

use dashmap::DashMap;
use parking_lot::RwLock;

use super::keys::CUSTOM_KEY_KIND;
use super::{ApiKey, App, AppMeta, AppUrl, CustomKey, KeyKind, ServiceSet};
use crate::clock::{Clock, DETERMINISTIC_EPOCH_MS};
use crate::error::{ApiError, Code};
use crate::ids::{derive_seed, IdGen};

/// How apps are created: random or deterministic.
#[derive(Debug, Clone, Copy, Default)]
pub struct Determinism {
    /// `Some(seed)` in deterministic mode.
    pub seed: Option<u64>,
}

/// What a caller may pin when creating an app.
#[derive(Debug, Clone, Default)]
pub struct NewApp {
    /// Application name (default: generated).
    pub name: Option<String>,
    /// Application id (default: generated).
    pub id: Option<String>,
    /// REST and JS key (default: generated); other kinds derive from it.
    pub api_key: Option<String>,
}

/// Every app of this emulator process.
#[derive(Debug)]
pub struct AppRegistry {
    apps: DashMap<String, Arc<App>>,
    keys: DashMap<String, (String, KeyKind)>,
    default_app: RwLock<String>,
    determinism: Determinism,
    /// Ids of registry-level things (app ids, keys) in deterministic mode.
    ids: IdGen,
    /// What every app's service state is made of.
    services: Arc<ServiceSet>,
    max_apps: std::sync::atomic::AtomicUsize,
    /// Registration order of each app, so apps with equal `created` times (fresh seeded apps all
    /// start at the same virtual instant) are listed in the same order on every run.
    order: DashMap<String, u64>,
    registered: std::sync::atomic::AtomicU64,
}

/// Default cap on apps per process (`--max-apps`).
pub const MAX_APPS: usize = 1000;

impl AppRegistry {
    /// An empty registry whose apps hold the states of `services`.
    pub fn new(determinism: Determinism, services: Arc<ServiceSet>) -> Self {
        let ids = match determinism.seed {
            Some(seed) => IdGen::seeded(derive_seed(seed, "registry")),
            None => IdGen::random(),
        };
        AppRegistry {
            apps: DashMap::new(),
            keys: DashMap::new(),
            default_app: RwLock::new(String::new()),
            determinism,
            ids,
            services,
            max_apps: std::sync::atomic::AtomicUsize::new(MAX_APPS),
            order: DashMap::new(),
            registered: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Cap the number of apps [`AppRegistry::create`] allows (restoring a snapshot ignores it).
    pub fn set_max_apps(&self, limit: usize) {
        self.max_apps
            .store(limit, std::sync::atomic::Ordering::Relaxed);
    }

    /// Create an app; the first app created becomes the default one.
    pub fn create(&self, spec: NewApp) -> Result<Arc<App>, ApiError> {
        let limit = self.max_apps.load(std::sync::atomic::Ordering::Relaxed);
        if self.apps.len() >= limit {
            return Err(ApiError::templated(Code::APP_LIMIT, &[&limit.to_string()]));
        }
        let id = spec.id.unwrap_or_else(|| self.ids.guid());
        super::naming::check_app_id(&id)?;
        if let Some(key) = &spec.api_key {
            super::naming::check_api_key(key)?;
        }
        // A pinned key serves both REST and JS, and the other kinds derive from it so scripts can
        // rely on every key across restarts; otherwise each kind gets its own generated key.
        let keys: Vec<ApiKey> = match &spec.api_key {
            Some(main) => KeyKind::ALL
                .iter()
                .map(|&kind| ApiKey {
                    kind,
                    key: match kind {
                        KeyKind::Rest | KeyKind::Js => main.clone(),
                        _ => IdGen::seeded(derive_seed(0, &format!("{main}/{}", kind.as_str())))
                            .guid(),
                    },
                    id: None,
                })
                .collect(),
            None => KeyKind::ALL
                .iter()
                .map(|&kind| ApiKey {
                    kind,
                    key: self.ids.guid(),
                    id: None,
                })
                .collect(),
        };
        let name = spec
            .name
            .unwrap_or_else(|| format!("app-{}", id.chars().take(8).collect::<String>()));
        let app = self.restore(AppMeta {
            id,
            name,
            keys,
            created: 0,
            owner: None,
            custom_keys: Vec::new(),
            team: Vec::new(),
            ownership_offer: None,
            denied: Default::default(),
        })?;
        let created = app.clock.now_ms();
        app.set_created(created);
        Ok(app)
    }

    /// Recreate an app with a known identity (restart from a snapshot, fork): same id and keys.
    pub fn restore(&self, meta: AppMeta) -> Result<Arc<App>, ApiError> {
        // URLs resolve app ids case-insensitively, so `app` and `APP` would be one app.
        if self
            .apps
            .iter()
            .any(|a| a.key().eq_ignore_ascii_case(&meta.id))
        {
            return Err(ApiError::new(
                Code::OPERATION_NOT_ALLOWED,
                format!("Application with id {} already exists", meta.id),
            ));
        }
        let custom = meta.custom_keys.iter().map(|k| (&k.key, CUSTOM_KEY_KIND));
        let all: Vec<(&String, KeyKind)> = meta.keys.iter().map(|k| (&k.key, k.kind)).collect();
        if let Some((taken, _)) = all
            .iter()
            .copied()
            .chain(custom.clone())
            .find(|(k, _)| self.keys.contains_key(*k))
        {
            return Err(ApiError::new(
                Code::OPERATION_NOT_ALLOWED,
                format!("API key {taken} is already used by another app"),
            ));
        }
        let (clock, ids) = match self.determinism.seed {
            Some(seed) => (
                Clock::deterministic(DETERMINISTIC_EPOCH_MS),
                IdGen::seeded(derive_seed(seed, &meta.id)),
            ),
            None => (Clock::system(), IdGen::random()),
        };
        let id = meta.id.clone();
        // A pinned key serves REST and JS; requests with it count as REST (listed after JS).
        for (key, kind) in all.into_iter().chain(custom) {
            self.keys.insert(key.clone(), (id.clone(), kind));
        }
        let app = Arc::new(App::new(meta, clock, ids, self.services.clone()));
        self.apps.insert(id.clone(), app.clone());
        let seq = self
            .registered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.order.insert(id.clone(), seq);
        let mut default = self.default_app.write();
        if default.is_empty() {
            *default = id;
        }
        Ok(app)
    }

    /// The app with this id.
    pub fn app(&self, id: &str) -> Option<Arc<App>> {
        self.apps.get(id).map(|a| a.clone())
    }

    /// The app and key kind for an `/{appId}/{apiKey}` pair (2002 when either is wrong).
    pub fn resolve(&self, app_id: &str, api_key: &str) -> Result<(Arc<App>, KeyKind), ApiError> {
        let found = self.keys.get(api_key).map(|e| e.clone());
        match found {
            Some((owner, kind)) if owner.eq_ignore_ascii_case(app_id) => {
                let app = self.app(&owner).ok_or_else(wrong_app_info)?;
                Ok((app, kind))
            }
            _ => Err(wrong_app_info()),
        }
    }

    /// The client API a [`AppUrl::Keyed`] or [`AppUrl::Api`] URL addresses (2002 when no app
    /// has that id and key, or `/api` has no default app); `None` for the other URL forms.
    pub fn client_api<'a>(&self, url: AppUrl<'a>) -> Option<Result<ClientApi<'a>, ApiError>> {
        match url {
            AppUrl::Keyed {
                app_id,
                api_key,
                rest,
            } => Some(self.resolve(app_id, api_key).map(|(app, key)| ClientApi {
                app,
                key,
                prefix: format!("/{app_id}/{api_key}"),
                rest,
            })),
            AppUrl::Api { rest } => {
                // The Pro form wins only when both segments name an app and one of its keys;
                // otherwise `/api/...` is the default app's REST root.
                let pro = url.pro_form().and_then(|(app_id, api_key, pro_rest)| {
                    let (app, key) = self.resolve(app_id, api_key).ok()?;
                    Some(ClientApi {
                        app,
                        key,
                        prefix: format!("/api/{app_id}/{api_key}"),
                        rest: pro_rest,
                    })
                });
                let found = pro.or_else(|| {
                    self.default_app().map(|app| ClientApi {
                        app,
                        key: KeyKind::Rest,
                        prefix: "/api".to_string(),
                        rest,
                    })
                });
                Some(found.ok_or_else(wrong_app_info))
            }
            _ => None,
        }
    }

    /// The default app (served under `/api/...`).
    pub fn default_app(&self) -> Option<Arc<App>> {
        let id = self.default_app.read().clone();
        self.app(&id)
    }

    /// Make another app the default one.
    pub fn set_default(&self, id: &str) -> Result<(), ApiError> {
        if !self.apps.contains_key(id) {
            return Err(wrong_app_info());
        }
        *self.default_app.write() = id.to_string();
        Ok(())
    }

    /// Every app, sorted by creation time, then by registration order.
    pub fn list(&self) -> Vec<Arc<App>> {
        let mut apps: Vec<Arc<App>> = self.apps.iter().map(|a| a.clone()).collect();
        apps.sort_by_cached_key(|a| {
            let meta = a.meta();
            let seq = self.order.get(&meta.id).map_or(u64::MAX, |s| *s);
            (meta.created, seq)
        });
        apps
    }

    /// Remove an app and its keys. The default app cannot be deleted while others depend on `/api`.
    pub fn delete(&self, id: &str) -> Result<(), ApiError> {
        let (_, app) = self.apps.remove(id).ok_or_else(wrong_app_info)?;
        self.order.remove(id);
        let meta = app.meta();
        let custom = meta.custom_keys.into_iter().map(|k| k.key);
        for key in meta.keys.into_iter().map(|k| k.key).chain(custom) {
            self.keys.remove_if(&key, |_, (owner, _)| owner == id);
        }
        let mut default = self.default_app.write();
        if *default == id {
            *default = self.list().first().map(|a| a.id()).unwrap_or_default();
        }
        Ok(())
    }

    /// Add a custom API key named `name` to the app (console `createAPIKey`); it works at once.
    pub fn add_custom_key(&self, app: &App, name: &str) -> CustomKey {
        let key = CustomKey {
            id: self.ids.guid(),
            name: name.to_string(),
            key: self.ids.guid(),
        };
        self.keys
            .insert(key.key.clone(), (app.id(), CUSTOM_KEY_KIND));
        app.meta.write().custom_keys.push(key.clone());
        key
    }

    /// Give the key `key_id` (system or custom) a new value: the old one stops working at once.
    /// `None` when the app has no such key.
    pub fn regenerate_key(&self, app: &App, key_id: &str) -> Option<String> {
        let fresh = self.ids.guid();
        let mut meta = app.meta.write();
        let old = if let Some(k) = meta.keys.iter_mut().find(|k| k.id() == key_id) {
            k.id = Some(k.id());
            std::mem::replace(&mut k.key, fresh.clone())
        } else {
            let k = meta.custom_keys.iter_mut().find(|k| k.id == key_id)?;
            std::mem::replace(&mut k.key, fresh.clone())
        };
        let kind = meta
            .keys
            .iter()
            .find(|k| k.key == fresh)
            .map_or(CUSTOM_KEY_KIND, |k| k.kind);
        self.keys.insert(fresh.clone(), (meta.id.clone(), kind));
        self.forget_key(&meta, &old);
        Some(fresh)
    }

    /// Remove the custom key `key_id`; `None` when the app has no such custom key.
    pub fn remove_custom_key(&self, app: &App, key_id: &str) -> Option<CustomKey> {
        let mut meta = app.meta.write();
        let at = meta.custom_keys.iter().position(|k| k.id == key_id)?;
        let removed = meta.custom_keys.remove(at);
        self.forget_key(&meta, &removed.key);
        Some(removed)
    }

    /// Rename the custom key `key_id`; `None` when the app has no such custom key.
    pub fn rename_custom_key(&self, app: &App, key_id: &str, name: &str) -> Option<CustomKey> {
        let mut meta = app.meta.write();
        let key = meta.custom_keys.iter_mut().find(|k| k.id == key_id)?;
        key.name = name.to_string();
        Some(key.clone())
    }

    /// After `key` left `meta`: it keeps resolving only if another kind of the app still has
    /// it (a pinned key serves REST and JS at once).
    fn forget_key(&self, meta: &AppMeta, key: &str) {
        match meta.keys.iter().rev().find(|k| k.key == key) {
            Some(still) => {
                self.keys
                    .insert(key.to_string(), (meta.id.clone(), still.kind));
            }
            None => {
                self.keys.remove_if(key, |_, (owner, _)| *owner == meta.id);
            }
        }
    }

    /// Whether ids and time are deterministic.
    pub fn determinism(&self) -> Determinism {
        self.determinism
    }
}

/// An app's client API as a URL addresses it.
#[derive(Debug, Clone)]
pub struct ClientApi<'a> {
    /// The app.
    pub app: Arc<App>,
    /// Which kind of key the URL carries (REST for `/api/...`).
    pub key: KeyKind,
    /// The path before the service path: `/{appId}/{apiKey}`, `/api` or `/api/{appId}/{apiKey}`.
    pub prefix: String,
    /// The service path, without its leading `/` (`users/login`).
    pub rest: &'a str,
}

/// 2002: unknown application id or API key.
pub fn wrong_app_info() -> ApiError {
    ApiError::new(
        Code::WRONG_APP_INFO,
        "Version is disabled or provided wrong application info (application id or secret key)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> AppRegistry {
        AppRegistry::new(Determinism { seed: Some(1) }, Arc::default())
    }

    #[test]
    fn keys_resolve_to_their_app_and_kind() {
        let reg = registry();
        let app = reg
            .create(NewApp {
                id: Some("APP".into()),
                api_key: Some("KEY".into()),
                ..Default::default()
            })
            .expect("created");
        let meta = app.meta();
        assert_eq!(reg.resolve("APP", "KEY").expect("rest").1, KeyKind::Rest);
        assert_eq!(
            reg.resolve("APP", meta.key(KeyKind::Bl)).expect("bl").1,
            KeyKind::Bl
        );
        assert_eq!(
            reg.resolve("OTHER", "KEY").expect_err("wrong app").code,
            2002
        );
        assert_eq!(
            reg.resolve("APP", "nope").expect_err("wrong key").code,
            2002
        );
    }

    #[test]
    fn first_app_is_default_and_deleting_it_moves_default() {
        let reg = registry();
        let a = reg.create(NewApp::default()).expect("a");
        let b = reg.create(NewApp::default()).expect("b");
        assert_eq!(reg.default_app().expect("default").id(), a.id());
        reg.delete(&a.id()).expect("deleted");
        assert_eq!(reg.default_app().expect("default").id(), b.id());
        assert!(reg.resolve(&a.id(), a.meta().key(KeyKind::Rest)).is_err());
    }

    #[test]
    fn apps_created_at_the_same_instant_are_listed_in_creation_order() {
        let reg = registry();
        let made: Vec<String> = (0..6)
            .map(|_| reg.create(NewApp::default()).expect("app").id())
            .collect();
        let created: Vec<i64> = reg.list().iter().map(|a| a.meta().created).collect();
        assert!(created.iter().all(|c| *c == created[0]), "{created:?}");
        let listed: Vec<String> = reg.list().iter().map(|a| a.id()).collect();
        assert_eq!(listed, made);
    }

    #[test]
    fn seeded_registries_create_identical_apps() {
        let x = registry().create(NewApp::default()).expect("x").meta();
        let y = registry().create(NewApp::default()).expect("y").meta();
        assert_eq!(x, y);
    }
}
