//! Requests and answers as the runner sends and reads them, and the URL helpers reports use.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::scenario::{KeyChoice, Part, Root};

/// A request with its variables filled in.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// Method.
    pub method: String,
    /// Path below the root.
    pub path: String,
    /// App or server root.
    pub root: Root,
    /// Key kind.
    pub key: KeyChoice,
    /// Query parameters.
    pub query: BTreeMap<String, String>,
    /// Headers.
    pub headers: BTreeMap<String, String>,
    /// Body.
    pub body: Body,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    Empty,
    /// JSON.
    Json(Value),
    /// `text/plain`.
    Text(String),
    /// `multipart/form-data`.
    Multipart(Vec<Part>),
    /// Raw bytes (with the request's own `content-type`).
    Bytes(Vec<u8>),
}

/// An answer: status, body (`null` when empty, a string when not JSON) and headers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Parsed body.
    pub body: Value,
    /// Response headers (lower-case names), for `header:` captures only; never reported.
    pub headers: BTreeMap<String, String>,
}

/// The path of an absolute URL (`http://host:port/a/b` → `/a/b`); other paths as they are.
pub fn url_path(path: &str) -> &str {
    match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => path,
    }
}

/// The host part of a URL (what reports may show).
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest).to_string()
}
