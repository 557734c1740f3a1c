//! The request side of every handler, below the apps: [`JsonBody`] (Backendless error codes for
//! bad JSON), [`ExportBody`], [`read_body`], the [`RequestLimits`] the router hands down,
//! [`QueryParams`] (repeated keys kept), and the answers [`json`] and [`empty`] (Backendless "void"
//! operations).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use std::time::Duration;

use axum::http::{header, Method, Uri};
use bytes::Bytes;
use serde_json::Value;

use crate::error::{ApiError, Code};

/// A JSON request body as a `Value` (`Null` when the body is empty).
///
/// Bad JSON → 8002; a non-JSON content type on a non-empty body → 8011; a body over the limit →
/// 99002; nesting deeper than [`crate::nesting::MAX_DEPTH`] → 8002, checked before parsing.
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
                return Err(ApiError::templated(Code::NOT_JSON, &[]));
            }
        }
        crate::nesting::parse_request(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::templated(Code::UNPARSABLE_REQUEST, &[&e]))
    }
}

/// An app export in a request body (`POST /_emulator/apps/{id}/import`): parsed with the bound of
/// the emulator's own documents, so every export it wrote imports again.
#[derive(Debug, Clone)]
pub struct ExportBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for ExportBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = read_body(req, state).await?;
        crate::nesting::parse_document(&bytes)
            .map(ExportBody)
            .map_err(|e| ApiError::templated(Code::UNPARSABLE_REQUEST, &[&e]))
    }
}

/// Limits the server was started with that handlers apply; the router puts them in every
/// request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    /// Largest accepted body, in bytes (a 99002 names it).
    pub body: usize,
}

impl Default for RequestLimits {
    fn default() -> Self {
        RequestLimits {
            body: 16 * 1024 * 1024,
        }
    }
}

impl RequestLimits {
    /// The limits in `extensions` (the defaults outside the server's stack).
    pub fn of(extensions: &axum::http::Extensions) -> Self {
        extensions
            .get::<RequestLimits>()
            .copied()
            .unwrap_or_default()
    }

    /// 99002 naming the body limit found in `extensions`.
    pub fn exceeded(extensions: &axum::http::Extensions) -> ApiError {
        body_too_large(RequestLimits::of(extensions).body)
    }
}

/// 99002: the body is larger than `limit` bytes.
pub fn body_too_large(limit: usize) -> ApiError {
    ApiError::templated(Code::BODY_TOO_LARGE, &[&limit.to_string()])
}

/// The body did not arrive within the body read timeout (the server's timed body fails with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeout(pub Duration);

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body did not arrive within {} ms",
            self.0.as_millis()
        )
    }
}

impl std::error::Error for BodyTimeout {}

/// Whether `error` (or one of its sources) is a [`BodyTimeout`].
pub fn is_body_timeout(error: &(dyn std::error::Error + 'static)) -> Option<BodyTimeout> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(timeout) = e.downcast_ref::<BodyTimeout>() {
            return Some(*timeout);
        }
        current = e.source();
    }
    None
}

/// 99109 (HTTP 408) when `error` comes from a request body that missed its deadline.
pub fn body_timeout(error: &(dyn std::error::Error + 'static)) -> Option<ApiError> {
    is_body_timeout(error)
        .map(|late| ApiError::templated(Code::REQUEST_TIMEOUT, &[&late.to_string()]))
}

/// The raw request body, with the body limit reported as 99002 and a late body as 99109.
pub async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    let too_large = RequestLimits::exceeded(req.extensions());
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if let Some(late) = body_timeout(&rejection) {
            late
        } else if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            too_large
        } else {
            ApiError::templated(Code::UNPARSABLE_REQUEST, &[&rejection.body_text()])
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
            Code::UNPARSABLE_REQUEST,
            &[&format!("'{name}' must be a whole number, got '{text}'")],
        )),
    })
}

/// A 200 response with this JSON body.
pub fn json(value: impl Into<Value>) -> crate::error::ApiResult {
    Ok(axum::response::IntoResponse::into_response(axum::Json(
        value.into(),
    )))
}

/// An empty 200 response (Backendless "void" operations).
pub fn empty() -> axum::response::Response {
    axum::response::IntoResponse::into_response(axum::http::StatusCode::OK)
}

/// 99001 for any method + path no route matches.
pub async fn unknown_endpoint(method: Method, uri: Uri) -> ApiError {
    ApiError::templated(Code::UNKNOWN_ENDPOINT, &[method.as_str(), uri.path()])
}
