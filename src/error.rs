//! `ApiError`: the only way an error becomes an HTTP response.
//!
//! Every error the emulator answers is `{"code": int, "message": str, "errorData": {}}` with a
//! non-2xx status. Codes, message templates and statuses live in `specs/errors.json` (compiled in),
//! so a status is decided in one place and a unit test can prove every raised code is catalogued.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

mod code;
#[cfg(test)]
mod scan;

pub use code::Code;

/// What a handler answers: a response (or `T`), or the error that becomes one.
pub type ApiResult<T = Response> = Result<T, ApiError>;

/// What a JSON handler answers: a JSON document, or the error that becomes one.
pub type JsonResult = ApiResult<axum::Json<Value>>;

/// One entry of `specs/errors.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogEntry {
    /// Backendless error code.
    pub code: u32,
    /// HTTP status answered with this code.
    pub http: u16,
    /// Message template; `{name}` placeholders are filled in order by [`ApiError::templated`].
    pub message: String,
    /// Where the code and message come from (spec file, SDK test, or "emulator").
    pub source: String,
}

const CATALOG_JSON: &str = include_str!("../specs/errors.json");

/// The parsed error catalogue, keyed by code.
pub fn catalog() -> &'static HashMap<u32, CatalogEntry> {
    static CATALOG: OnceLock<HashMap<u32, CatalogEntry>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // The file is compiled in and checked by a unit test, so a parse failure is a build bug.
        let entries: Vec<CatalogEntry> = serde_json::from_str(CATALOG_JSON).unwrap_or_default();
        entries.into_iter().map(|e| (e.code, e)).collect()
    })
}

/// A Backendless error: code, message, HTTP status and `errorData`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// Backendless error code.
    pub code: u32,
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Human-readable message, verbatim from the spec where known.
    pub message: String,
    /// The `errorData` object (always present, usually `{}`).
    pub error_data: Value,
    /// Which permission and which rule refused the request, for the request journal only (never
    /// part of the response body, which stays what Backendless answers). Boxed: errors travel in
    /// every `Result`, and most have no rule.
    pub rule: Option<Box<str>>,
}

impl ApiError {
    /// An error whose status is the catalogued one for `code` (400 when uncatalogued).
    pub fn new(code: impl Into<Code>, message: impl Into<String>) -> Self {
        let code = code.into();
        ApiError {
            code: code.number(),
            status: code.status(),
            message: message.into(),
            error_data: json!({}),
            rule: None,
        }
    }

    /// An error whose message is the catalogue template with its `{..}` placeholders filled in order.
    pub fn templated(code: impl Into<Code>, args: &[&str]) -> Self {
        let code = code.into();
        ApiError::new(code, fill_template(code.template(), args))
    }

    /// The same error with another HTTP status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The same error carrying `errorData`.
    pub fn with_error_data(mut self, data: Value) -> Self {
        self.error_data = data;
        self
    }

    /// The same error explaining, for the journal, which rule refused the request.
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into().into_boxed_str());
        self
    }

    /// 8010: a required field or parameter is absent.
    pub fn missing_field(name: &str) -> Self {
        ApiError::templated(Code::MISSING_FIELD, &[name])
    }

    /// 8002: the request cannot be parsed; `detail` says why.
    pub fn unparsable(detail: &str) -> Self {
        ApiError::templated(Code::UNPARSABLE_REQUEST, &[detail])
    }

    /// The honest answer for a feature the emulator does not implement.
    pub fn unsupported(feature: &str) -> Self {
        ApiError::templated(Code::NOT_SUPPORTED, &[feature])
    }

    /// The JSON body of this error.
    pub fn to_json(&self) -> Value {
        json!({"code": self.code, "message": self.message, "errorData": self.error_data})
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code,
            self.status.as_u16(),
            self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, axum::Json(self.to_json())).into_response();
        response.extensions_mut().insert(RejectedBecause {
            message: self.message,
            rule: self.rule.map(String::from),
        });
        response
    }
}

/// Why a request was refused; kept as a response extension for the request journal.
#[derive(Debug, Clone)]
pub struct RejectedBecause {
    /// The error message the client got.
    pub message: String,
    /// Which permission and rule refused it, when a permission check did.
    pub rule: Option<String>,
}

/// Replace each `{...}` placeholder of `template` with the next argument.
fn fill_template(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        match args.next() {
            Some(arg) => out.push_str(arg),
            None => out.push_str(&rest[start..start + len + 1]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_has_no_duplicate_codes() {
        let entries: Vec<CatalogEntry> =
            serde_json::from_str(CATALOG_JSON).expect("specs/errors.json parses");
        let mut seen = std::collections::HashSet::new();
        for e in &entries {
            assert!(seen.insert(e.code), "code {} listed twice", e.code);
            assert!(
                (400..600).contains(&e.http) && e.http != 500,
                "code {} has status {}",
                e.code,
                e.http
            );
            assert!(!e.message.is_empty(), "code {} has no message", e.code);
        }
        assert_eq!(catalog().len(), entries.len());
    }

    #[test]
    fn templates_fill_in_order_and_keep_unfilled_placeholders() {
        assert_eq!(fill_template("a {x} b {y}", &["1", "2"]), "a 1 b 2");
        assert_eq!(fill_template("a {x} b {y}", &["1"]), "a 1 b {y}");
        assert_eq!(fill_template("plain", &["1"]), "plain");
    }

    #[test]
    fn error_body_has_code_message_and_error_data() {
        let e = ApiError::new(Code::UNKNOWN_USER_TOKEN, "x");
        assert_eq!(
            e.to_json(),
            json!({"code": 3064, "message": "x", "errorData": {}})
        );
    }
}
