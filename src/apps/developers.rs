//! Developer accounts and console sessions (`auth-key`), shared by every app of the process, and
//! [`Dev`]: the developer behind a console request's `auth-key` header (or `dev-auth-key` cookie).
//!
//! A developer sees and changes only the apps it owns: those it created through the console, and
//! for the `--dev-login` account every app made another way. Another developer's app answers as
//! an unknown app does (2002), so its existence is not revealed either.

use std::collections::BTreeMap;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{errors, AppMeta, Shared};
use crate::error::{ApiError, Code};
use crate::ids::IdGen;
use crate::password;

/// A developer account of the console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Developer {
    /// Account id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email.
    pub email: String,
    password_hash: String,
}

impl Developer {
    /// The account object the console API answers with.
    pub fn to_json(&self, auth_key: Option<&str>) -> Value {
        let mut v =
            json!({"id": self.id, "name": self.name, "email": self.email, "login": self.email});
        if let (Some(key), Value::Object(o)) = (auth_key, &mut v) {
            o.insert("authKey".into(), Value::from(key));
        }
        v
    }
}

/// Every developer account and console session.
#[derive(Debug)]
pub struct ConsoleState {
    developers: RwLock<BTreeMap<String, Developer>>,
    sessions: RwLock<BTreeMap<String, String>>,
    /// Developer id → the community profile it created.
    profiles: RwLock<BTreeMap<String, serde_json::Map<String, Value>>>,
    ids: IdGen,
    /// Id of the `--dev-login` account.
    operator: String,
}

impl ConsoleState {
    /// Console state with one developer account.
    pub fn new(login: &str, password_text: &str, ids: IdGen) -> Self {
        let mut state = ConsoleState {
            developers: RwLock::new(BTreeMap::new()),
            sessions: RwLock::new(BTreeMap::new()),
            profiles: RwLock::new(BTreeMap::new()),
            ids,
            operator: String::new(),
        };
        if let Ok(operator) = state.register(
            &json!({"email": login, "password": password_text, "name": "Emulator Developer"}),
        ) {
            state.operator = operator.id;
        }
        state
    }

    /// Id of the developer owning the app of `meta`: its console creator, else (made another
    /// way, or its creator is unknown to this process) the `--dev-login` account.
    pub fn owner_of(&self, meta: &AppMeta) -> String {
        meta.owner
            .as_ref()
            .filter(|id| self.developers.read().contains_key(*id))
            .cloned()
            .unwrap_or_else(|| self.operator.clone())
    }

    /// Whether `developer` may see and change the app of `meta`: its owner or a member of its
    /// developer team.
    pub fn owns(&self, developer: &Developer, meta: &AppMeta) -> bool {
        self.is_owner(developer, meta) || meta.team.contains(&developer.id)
    }

    /// Whether `developer` owns the app of `meta` (only the owner may change its team).
    pub fn is_owner(&self, developer: &Developer, meta: &AppMeta) -> bool {
        self.owner_of(meta) == developer.id
    }

    /// The developer account with this id.
    pub fn by_id(&self, id: &str) -> Option<Developer> {
        self.developers.read().get(id).cloned()
    }

    /// The developer account with this login email (case-insensitive).
    pub fn by_email(&self, email: &str) -> Option<Developer> {
        self.developers
            .read()
            .values()
            .find(|d| d.email.eq_ignore_ascii_case(email.trim()))
            .cloned()
    }

    /// `POST /console/devreg`: a new developer account.
    pub fn register(&self, body: &Value) -> Result<Developer, ApiError> {
        let email = body
            .get("email")
            .or_else(|| body.get("login"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        let pw = body.get("password").and_then(Value::as_str).unwrap_or("");
        if email.is_empty() || pw.is_empty() {
            return Err(ApiError::missing_field("email and password"));
        }
        let mut devs = self.developers.write();
        if devs.values().any(|d| d.email.eq_ignore_ascii_case(email)) {
            return Err(ApiError::new(
                Code::USER_EXISTS,
                "Developer with the same email already exists",
            ));
        }
        let dev = Developer {
            id: self.ids.guid(),
            name: body
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(email)
                .to_string(),
            email: email.to_string(),
            password_hash: password::hash(pw, &self.ids),
        };
        devs.insert(dev.id.clone(), dev.clone());
        Ok(dev)
    }

    /// `POST /console/home/login`: a new auth key for a developer.
    pub fn login(&self, body: &Value) -> Result<(Developer, String), ApiError> {
        let login = body
            .get("login")
            .or_else(|| body.get("email"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let pw = body.get("password").and_then(Value::as_str).unwrap_or("");
        if login.is_empty() || pw.is_empty() {
            return Err(errors::empty_login_or_password());
        }
        let dev = self
            .developers
            .read()
            .values()
            .find(|d| d.email.eq_ignore_ascii_case(login))
            .cloned()
            .filter(|d| password::verify(pw, &d.password_hash))
            .ok_or_else(errors::invalid_login)?;
        let key = self.ids.guid();
        self.sessions.write().insert(key.clone(), dev.id.clone());
        Ok((dev, key))
    }

    /// The developer of an auth key.
    pub fn developer(&self, auth_key: &str) -> Option<Developer> {
        let id = self.sessions.read().get(auth_key).cloned()?;
        self.developers.read().get(&id).cloned()
    }

    /// `PUT /console/home/myaccount/`: change the name and (unless another account has it) the
    /// email of a developer.
    pub fn update_profile(&self, id: &str, body: &Value) -> Result<Developer, ApiError> {
        let mut devs = self.developers.write();
        let email = body["email"]
            .as_str()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(email) = email {
            if devs
                .values()
                .any(|d| d.id != id && d.email.eq_ignore_ascii_case(email))
            {
                return Err(ApiError::new(
                    Code::USER_EXISTS,
                    "Developer with the same email already exists",
                ));
            }
        }
        let dev = devs.get_mut(id).ok_or_else(not_authorized)?;
        if let Some(name) = body["name"].as_str() {
            dev.name = name.to_string();
        }
        if let Some(email) = email {
            dev.email = email.to_string();
        }
        Ok(dev.clone())
    }

    /// `POST /console/passwordchange`: a developer's new password (8010 when empty).
    pub fn change_password(&self, id: &str, password_text: &str) -> Result<(), ApiError> {
        if password_text.is_empty() {
            return Err(errors::missing_password());
        }
        let mut devs = self.developers.write();
        let dev = devs.get_mut(id).ok_or_else(not_authorized)?;
        dev.password_hash = password::hash(password_text, &self.ids);
        Ok(())
    }

    /// Read or change the developers' community profiles (developer id → profile).
    pub fn with_profiles<R>(
        &self,
        f: impl FnOnce(&mut BTreeMap<String, serde_json::Map<String, Value>>) -> R,
    ) -> R {
        f(&mut self.profiles.write())
    }

    /// End a console session.
    pub fn logout(&self, auth_key: &str) {
        self.sessions.write().remove(auth_key);
    }
}

/// A console request from a logged-in developer.
#[derive(Debug, Clone)]
pub struct Dev {
    /// The developer.
    pub developer: Developer,
    /// The auth key used.
    pub auth_key: String,
}

impl FromRequestParts<Shared> for Dev {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get("auth-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cookie = parts
            .headers
            .get(axum::http::header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|c| {
                c.split(';')
                    .map(str::trim)
                    .find_map(|kv| kv.strip_prefix("dev-auth-key="))
            })
            .map(str::to_string);
        let key = header
            .or(cookie)
            .filter(|k| !k.is_empty())
            .ok_or_else(not_authorized)?;
        let developer = shared.console.developer(&key).ok_or_else(not_authorized)?;
        if let Some(app) = console_app(parts.uri.path()).and_then(|id| shared.registry.app(id)) {
            if !shared.console.owns(&developer, &app.meta()) {
                return Err(super::wrong_app_info());
            }
        }
        Ok(Dev {
            developer,
            auth_key: key,
        })
    }
}

/// The app id of a per-app console path (`/{appId}/console/...`).
/// The app id of a `/{appId}/console/...` path.
pub(crate) fn console_app(path: &str) -> Option<&str> {
    let mut segments = path.trim_start_matches('/').split('/');
    let app_id = segments.next().filter(|s| !s.is_empty())?;
    (segments.next() == Some("console")).then_some(app_id)
}

pub use super::errors::not_authorized;

/// A console request about one app: the developer behind the `auth-key`, the app named by the
/// `{app_id}` path segment (2002 when there is none) and its services, the skeleton every
/// `/{appId}/console/...` handler starts with. An app another developer owns answers 2002, as
/// an unknown one does, whatever URL form named it.
#[derive(Clone)]
pub struct ConsoleApp {
    /// The developer.
    pub dev: Dev,
    /// The app.
    pub app: std::sync::Arc<super::App>,
    /// Its services' state.
    pub services: std::sync::Arc<super::Services>,
}

impl FromRequestParts<Shared> for ConsoleApp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, ApiError> {
        let dev = Dev::from_request_parts(parts, shared).await?;
        let params = axum::extract::RawPathParams::from_request_parts(parts, shared)
            .await
            .map_err(|_| super::wrong_app_info())?;
        let id = params
            .iter()
            .find(|(name, _)| *name == "app_id")
            .map(|(_, value)| value.to_string())
            .ok_or_else(super::wrong_app_info)?;
        let app = shared.app(&id)?;
        if !shared.console.owns(&dev.developer, &app.meta()) {
            return Err(super::wrong_app_info());
        }
        let services = app.services();
        Ok(ConsoleApp { dev, app, services })
    }
}
