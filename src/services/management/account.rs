//! Console developer account (management.md §2 A1-A5).

use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::apps::developers::Dev;
use crate::apps::Shared;
use crate::error::ApiError;
use crate::extract::empty;
use crate::extract::JsonBody;

/// A1 `POST /console/home/login`: the account in the body, the key in the `auth-key` header.
pub(super) async fn login(
    State(shared): State<Shared>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let (dev, key) = shared.console.login(&body)?;
    let mut response = Json(dev.to_json(Some(&key))).into_response();
    if let Ok(v) = HeaderValue::from_str(&key) {
        response.headers_mut().insert("auth-key", v);
    }
    Ok(response)
}

/// A2 `POST /console/home/otp-login`: two-factor login needs a real authenticator.
pub(super) async fn otp_login() -> ApiError {
    ApiError::unsupported("Two-factor (TOTP) console login")
}

/// A3 `GET /console/home/myaccount`.
pub(super) async fn my_account(dev: Dev) -> Json<serde_json::Value> {
    Json(dev.developer.to_json(Some(&dev.auth_key)))
}

/// A4 `DELETE /console/home/logout`.
pub(super) async fn logout(State(shared): State<Shared>, dev: Dev) -> Response {
    shared.console.logout(&dev.auth_key);
    empty()
}

/// A5 `POST /console/devreg`.
pub(super) async fn register(
    State(shared): State<Shared>,
    JsonBody(body): JsonBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(shared.console.register(&body)?.to_json(None)))
}

/// `user.updateMyAccount`: `PUT /console/home/myaccount/` with `{name?, email?}`.
pub(super) async fn update_my_account(
    State(shared): State<Shared>,
    dev: Dev,
    JsonBody(body): JsonBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    let updated = shared.console.update_profile(&dev.developer.id, &body)?;
    Ok(Json(updated.to_json(Some(&dev.auth_key))))
}

/// `user.changePassword`: `POST /console/passwordchange` with `{id, password}`; the account is
/// the caller's (an `id` naming another developer is refused).
pub(super) async fn change_password(
    State(shared): State<Shared>,
    dev: Dev,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let id = body["id"].as_str().unwrap_or(&dev.developer.id);
    if id != dev.developer.id {
        return Err(crate::apps::developers::not_authorized());
    }
    let password = body["password"].as_str().unwrap_or_default();
    shared.console.change_password(id, password)?;
    Ok(empty())
}

/// `GET /console/developer/login/2fa`: two-factor login is off (the emulator has no TOTP).
pub(super) async fn two_factor(_dev: Dev) -> Json<serde_json::Value> {
    Json(serde_json::json!({"enabled": false}))
}

/// `PUT /console/developer/login/2fa` with `{enabled}`: turning it off is what it already is;
/// turning it on needs a real authenticator (99000); no `enabled` is 8010.
pub(super) async fn set_two_factor(
    _dev: Dev,
    JsonBody(body): JsonBody,
) -> Result<Json<serde_json::Value>, ApiError> {
    match body.get("enabled").and_then(serde_json::Value::as_bool) {
        Some(false) => Ok(Json(serde_json::json!({"enabled": false}))),
        Some(true) => Err(ApiError::unsupported("Two-factor (TOTP) console login")),
        None => Err(ApiError::missing_field("enabled")),
    }
}
