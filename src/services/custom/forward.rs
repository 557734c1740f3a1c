//! Forwarding a client-API call (custom service method or custom event) to its webhook and
//! turning the webhook's answer into the emulator's response (management.md §5).

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::Value;

use super::webhooks::{client, webhook_failed};
use crate::error::ApiError;
use crate::error::ApiResult;

/// Request headers that are not forwarded: those of one hop, and the emulator's own control token.
/// `accept-encoding` is dropped so the webhook answers uncompressed (the emulator re-serialises
/// the JSON it gets).
const HOP_HEADERS: [&str; 12] = [
    "x-emulator-token",
    super::webhooks::FORWARDED_HEADER,
    "host",
    "content-length",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "proxy-connection",
    "accept-encoding",
];

/// One call to forward.
#[derive(Debug)]
pub struct Forward<'a> {
    /// HTTP verb of the original call.
    pub method: Method,
    /// Where it goes.
    pub url: reqwest::Url,
    /// The caller's headers (`bl-execution-type`, `user-token`, custom ones, content type).
    pub headers: &'a HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// Extra `x-emulator-*` context headers (app id, event name).
    pub context: Vec<(&'static str, String)>,
}

/// The URL of a service method: the service's base URL plus the path after the service name,
/// each segment re-encoded, plus the original query.
pub fn service_url(base: &str, rest: &str, query: Option<&str>) -> Result<reqwest::Url, ApiError> {
    let mut url = reqwest::Url::parse(base)
        .map_err(|e| super::errors::webhook_failed(base, &e.to_string()))?;
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().extend(rest.split('/'));
    }
    url.set_query(query);
    Ok(url)
}

/// Send the call and answer with the webhook's status and JSON body.
pub async fn forward(call: Forward<'_>) -> ApiResult {
    let mut req = client().request(call.method, call.url.clone());
    for (name, value) in call.headers {
        if !HOP_HEADERS.contains(&name.as_str()) {
            req = req.header(name, value);
        }
    }
    for (name, value) in call.context {
        if let Ok(value) = HeaderValue::from_str(&value) {
            req = req.header(HeaderName::from_static(name), value);
        }
    }
    let resp = req
        .body(call.body)
        .send()
        .await
        .map_err(|e| webhook_failed(call.url.as_str(), &e))?;
    let status = resp.status();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| webhook_failed(call.url.as_str(), &e))?;
    Ok(answer(call.url.as_str(), status, &bytes))
}

/// The emulator's response for a webhook answer.
///
/// - 2xx: the JSON body as is (a non-JSON body becomes a JSON string, an empty one stays empty).
/// - An error in Backendless shape (`{code, message}`): passed through with its status, which is
///   how `Backendless.ServerCode.Error(code, message, httpStatus)` reaches clients.
/// - Another 4xx: code 0 with the body text (a plain `Error` thrown in Cloud Code).
/// - Another 5xx: 99024 (the webhook failed), HTTP 400: backendless-request turns any 502 into
///   "No connection with server" without code or message (its `src/error.js` `parseError`).
pub fn answer(url: &str, status: StatusCode, bytes: &[u8]) -> Response {
    let parsed: Option<Value> = serde_json::from_slice(bytes).ok();
    let text = String::from_utf8_lossy(bytes).trim().to_string();
    if status.is_success() {
        return match parsed {
            Some(json) => (status, Json(json)).into_response(),
            None if text.is_empty() => status.into_response(),
            None => (status, Json(Value::String(text))).into_response(),
        };
    }
    let backendless_error = parsed
        .as_ref()
        .is_some_and(|v| v.get("code").is_some() && v.get("message").is_some_and(Value::is_string));
    match parsed {
        Some(json) if backendless_error => (status, Json(json)).into_response(),
        _ if status.is_client_error() => {
            let message = if text.is_empty() {
                status.to_string()
            } else {
                text
            };
            super::errors::webhook_refused(message, status).into_response()
        }
        _ => super::errors::webhook_failed(url, &format!("it answered {status}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_urls_append_the_method_path_and_query() {
        let url = service_url("http://127.0.0.1:9/hook/", "add/a b", Some("x=1")).expect("url");
        assert_eq!(url.as_str(), "http://127.0.0.1:9/hook/add/a%20b?x=1");
        let url = service_url("http://127.0.0.1:9", "sum", None).expect("url");
        assert_eq!(url.as_str(), "http://127.0.0.1:9/sum");
    }

    #[test]
    fn answers_map_to_backendless_shapes() {
        let u = "http://h/x";
        assert_eq!(
            answer(u, StatusCode::OK, b"{\"a\":1}").status(),
            StatusCode::OK
        );
        assert_eq!(
            answer(u, StatusCode::CREATED, b"").status(),
            StatusCode::CREATED
        );
        let custom = answer(
            u,
            StatusCode::FORBIDDEN,
            b"{\"code\":777,\"message\":\"no\"}",
        );
        assert_eq!(custom.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            answer(u, StatusCode::NOT_FOUND, b"gone").status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            answer(u, StatusCode::INTERNAL_SERVER_ERROR, b"boom").status(),
            StatusCode::BAD_REQUEST
        );
    }
}
