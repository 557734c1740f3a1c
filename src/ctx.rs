//! Extractors every client-API handler uses: [`Ctx`] (app, key kind, session), [`JsonBody`]
//! (Backendless error codes for bad JSON) and [`QueryParams`] (repeated keys kept).

use std::sync::Arc;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use bytes::Bytes;
use serde_json::Value;

use crate::apps::Shared;
use crate::apps::{App, KeyKind};
use crate::error::{codes, ApiError};
use crate::server::AppCtx;
use crate::services::security::Caller;
use crate::services::users::Session;
use crate::services::Services;

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
}

impl FromRequestParts<Shared> for Ctx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &Shared) -> Result<Self, ApiError> {
        let AppCtx { app, key, root_url } =
            parts.extensions.get::<AppCtx>().cloned().ok_or_else(|| {
                ApiError::templated(
                    codes::UNKNOWN_ENDPOINT,
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
            Some(token) => {
                let login = app.settings.read().login.clone();
                Some(
                    services
                        .users
                        .touch_session(token, app.clock.now_ms(), &login)?,
                )
            }
            None => None,
        };
        Ok(Ctx {
            app,
            services,
            key,
            session,
            root_url,
            shared: shared.clone(),
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

    /// Every role of this request: session role, key role, then the user's custom roles.
    pub fn roles(&self) -> Vec<String> {
        roles_of(self.session.as_ref(), self.key, &self.services)
    }

    /// Run `f` with this request as a security [`Caller`].
    pub fn with_caller<R>(&self, f: impl FnOnce(&Caller) -> R) -> R {
        let roles = self.roles();
        f(&Caller {
            user_id: self.user_id(),
            roles: &roles,
        })
    }
}

/// The roles of a caller (security.md §1.1): the session role (`GuestUser`,
/// `AuthenticatedUser` or `NotAuthenticatedUser`), the key's role, then the user's custom roles.
pub fn roles_of(session: Option<&Session>, key: KeyKind, services: &Services) -> Vec<String> {
    let mut roles = Vec::with_capacity(4);
    roles.push(
        match session {
            Some(s) if s.guest => "GuestUser",
            Some(_) => "AuthenticatedUser",
            None => "NotAuthenticatedUser",
        }
        .to_string(),
    );
    roles.push(key.role().to_string());
    if let Some(s) = session {
        roles.extend(services.security.custom_roles_of(&s.user_id));
    }
    roles
}

/// A JSON request body as a `Value` (`Null` when the body is empty).
///
/// Bad JSON → 8002; a non-JSON content type on a non-empty body → 8011; a body over the limit →
/// 99002. serde_json's recursion limit turns nesting bombs into 8002 instead of a stack overflow.
#[derive(Debug, Clone)]
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase);
        let bytes = read_body(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(Value::Null));
        }
        if let Some(ct) = content_type {
            if !ct.contains("json") && !ct.starts_with("text/plain") {
                return Err(ApiError::templated(8011, &[]));
            }
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::templated(8002, &[&e.to_string()]))
    }
}

/// The raw request body, with the body limit reported as 99002.
pub async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::templated(codes::BODY_TOO_LARGE, &["the configured"])
        } else {
            ApiError::templated(8002, &[&rejection.body_text()])
        }
    })
}

/// Query-string pairs in order, repeated keys kept (`property=a&property=b`).
#[derive(Debug, Clone, Default)]
pub struct QueryParams(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        Ok(QueryParams(
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        ))
    }
}

impl QueryParams {
    /// The first value of a key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a key.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A whole-number parameter (`5`, `-2`, `5.0`; not `1.5`): 8002 when it is something else.
    pub fn whole(&self, key: &str) -> Result<Option<i64>, ApiError> {
        self.get(key).map(|text| parse_whole(key, text)).transpose()
    }

    /// A boolean flag (`true`/`false`, case-insensitive).
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key).map(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// A whole number from text (`5`, `-2`, `5.0`; not `1.5`), or 8002 naming the parameter.
pub fn parse_whole(name: &str, text: &str) -> Result<i64, ApiError> {
    let t = text.trim();
    t.parse::<i64>().or_else(|_| match t.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => Ok(f as i64),
        _ => Err(ApiError::templated(
            8002,
            &[&format!("'{name}' must be a whole number, got '{text}'")],
        )),
    })
}

/// An empty 200 response (Backendless "void" operations).
pub fn empty() -> axum::response::Response {
    axum::response::IntoResponse::into_response(axum::http::StatusCode::OK)
}
