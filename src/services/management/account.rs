//! Console developer account (management.md §2 A1-A5).

use axum::extract::{Path, State};
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

/// The operations a developer may be granted or denied on an app (the console SDK's
/// `DevPermissions.OperationsTypes`, `src/dev-permissions.js`).
const DEV_OPERATIONS: &[&str] = &[
    "INVITE_OR_REMOVE_TEAM_MEMBER",
    "ASSIGN_TEAM_MEMBER_PERMISSION",
    "DELETE_AUDIT_LOGS",
    "ACTIVATE_HIPAA_COMPLIANCE",
    "ENABLE_PANIC_MODE",
    "APP_RESET",
    "MODIFY_CORS_DOMAIN_CONTROL",
    "MODIFY_CUSTOM_DOMAIN",
    "MODIFY_EMAIL_SETTINGS",
    "MODIFY_LIMIT_NOTIFICATION",
    "MODIFY_MOBILE_SETTINGS",
    "MANAGE_OAUTH_PROVIDERS",
    "DELETE_APPLICATION",
    "MANAGE_API_KEYS",
    "RENAME_APP",
    "ADD_UPDATE_CREDIT_CARD",
    "MODIFY_BILLING_PLAN",
    "MARKETPLACE_DELETE_PURCHASE",
    "MARKETPLACE_PURCHASE",
    "MODIFY_CACHE_CONTROL_RULES",
    "DELETE_FROM_MARKETPLACE",
    "INVOKE_EVENT_WITH_MODEL",
    "MODIFY_BL",
    "PUBLISH_TO_MARKETPLACE",
    "RUN_TIMER",
    "MODIFY_DYNAMIC_SCHEMA_DEFINITION",
    "CREATE_MODIFY_DELETE_COLUMN",
    "CREATE_MODIFY_DELETE_TABLE",
    "CREATE_DELETE_UPDATE_OBJECTS",
    "CREATE_MODIFY_DELETE_TABLE_PERMISSIONS",
    "CREATE_MODIFY_DELETE_OWNER_PERMISSIONS",
    "CREATE_MODIFY_DELETE_COLUMNS_VISIBILITY_PERMISSIONS",
    "CREATE_MODIFY_DELETE_DATA_CONNECTOR",
    "STORED_PROCEDURE",
    "CREATE_MODIFY_DELETE_TEMPLATE",
    "MODIFY_FILE_PERMISSIONS",
    "MANAGE_DIRECTORIES_AND_FILES",
    "UPLOAD_CREATE_FILES",
    "VIEW_DIRECTORY_CONTENT",
    "MODIFY_GEO_CATEGORY_PERMISSIONS",
    "CREATE_MODIFY_DELETE_GEOFENCE",
    "MODIFY_GEO_POINT_METADATA",
    "CREATE_MODIFY_DELETE_GEO_CATEGORY",
    "CREATE_MODIFY_DELETE_GEO_POINT",
    "CLONE_APP",
    "EXPORT_APP",
    "IMPORT",
    "MODIFY_LANDING_PAGE",
    "PUBLISH_LANDING_PAGE",
    "MODIFY_LOG_CONFIG",
    "MODIFY_LOG_INTEGRATIONS",
    "DELETE_LOGGERS",
    "MODIFY_MESSAGING_CHANNEL_PERMISSIONS",
    "CREATE_MODIFY_DELETE_BUTTON",
    "CREATE_MODIFY_DELETE_CHANEL_OPTIONS",
    "CREATE_MODIFY_DELETE_CHANEL",
    "CREATE_MODIFY_DELETE_PUSH_TEMPLATE",
    "SEND_MESSAGE_TO_CHANNEL",
    "SEND_PUSH_BY_TEMPLATE",
    "ADD_MODIFY_ASSIGN_ROLE",
    "ASSIGN_ROLE_PERMISSIONS",
    "MODIFY_LOGIN_PROPS",
    "MODIFY_USER_REGISTRATION_PROPS",
    "LOGOUT_ALL_USERS",
    "PUBLISH_UI_CONTAINERS",
];

/// `GET /{appId}/console/my-permissions`: what the calling developer may do in the app. The
/// emulator keeps no developer permissions, so the owner and every team member may do everything.
pub(super) async fn my_permissions(
    State(shared): State<Shared>,
    dev: Dev,
    Path(app_id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let app = shared.app(&app_id)?;
    if !shared.console.owns(&dev.developer, &app.meta()) {
        return Err(crate::apps::wrong_app_info());
    }
    let list: Vec<serde_json::Value> = DEV_OPERATIONS
        .iter()
        .map(|op| serde_json::json!({"operation": op, "access": "GRANT"}))
        .collect();
    Ok(Json(serde_json::Value::from(list)))
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

/// `devPermissions.get`: `GET /{appId}/console/security/{operation}`, whether the calling developer
/// may do one operation (one of `my-permissions`, any case): always granted, as there; 8002 for
/// an operation the console does not know.
pub(super) async fn dev_permission(
    _: crate::apps::developers::ConsoleApp,
    Path((_, operation)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let known = DEV_OPERATIONS
        .iter()
        .find(|op| op.eq_ignore_ascii_case(&operation))
        .ok_or_else(|| super::errors::unknown_dev_operation(&operation))?;
    Ok(Json(
        serde_json::json!({"operation": known, "access": "GRANT"}),
    ))
}
