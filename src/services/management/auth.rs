//! [`Dev`]: the developer behind a console request's `auth-key` header (or `dev-auth-key` cookie).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::state::Developer;
use crate::error::{codes, ApiError};
use crate::server::Shared;

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
        Ok(Dev {
            developer,
            auth_key: key,
        })
    }
}

/// 99004: the console `auth-key` is missing or unknown (HTTP 401).
pub fn not_authorized() -> ApiError {
    ApiError::templated(codes::CONSOLE_AUTH, &[])
}
