//! [`Ctx`]: what every client-API handler knows about its request: the app and its service
//! states, the kind of key, the session of the `user-token` header, the app's URL root.
//! The router resolves the URL into an [`AppCtx`] before routing; `Ctx` adds the session.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{App, KeyKind, Services, Session, Shared};
use crate::error::{ApiError, Code};
use crate::extract::RequestLimits;

/// The app a client-API request addresses, resolved from its URL.
#[derive(Clone, Debug)]
pub struct AppCtx {
    /// The app.
    pub app: Arc<App>,
    /// Which kind of key the request used.
    pub key: KeyKind,
    /// The URL prefix of the app's client API (`http://host/{appId}/{apiKey}` or `http://host/api`).
    pub root_url: String,
}

/// Everything a client-API handler knows about its request's caller.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The app addressed by the URL.
    pub app: Arc<App>,
    /// The app's service states.
    pub services: Arc<Services>,
    /// Which kind of API key the URL carried.
    pub key: KeyKind,
    /// The session of a valid `user-token` header.
    pub session: Option<Session>,
    /// URL prefix of the app's client API.
    pub root_url: String,
    /// Process-wide state (public URL, registry).
    pub shared: Shared,
    /// The server's limits.
    pub limits: RequestLimits,
}

impl FromRequestParts<Shared> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, ApiError> {
        let AppCtx { app, key, root_url } =
            parts.extensions.get::<AppCtx>().cloned().ok_or_else(|| {
                ApiError::templated(
                    Code::UNKNOWN_ENDPOINT,
                    &[parts.method.as_str(), parts.uri.path()],
                )
            })?;
        let services = app.services();
        let token = parts
            .headers
            .get("user-token")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let session = match token {
            Some(token) => Some(app.session(&services, token)?),
            None => None,
        };
        Ok(Ctx {
            app,
            services,
            key,
            session,
            root_url,
            shared: shared.clone(),
            limits: RequestLimits::of(&parts.extensions),
        })
    }
}

impl Ctx {
    /// Current time on the app's clock.
    pub fn now(&self) -> i64 {
        self.app.clock.now_ms()
    }

    /// objectId of the logged-in user.
    pub fn user_id(&self) -> Option<&str> {
        self.session.as_ref().map(|s| s.user_id.as_str())
    }
}
