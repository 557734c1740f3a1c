//! Control plane: `POST /_emulator/apps/{id}/login-as`, a session for an existing user without
//! its password, so a test can act as that user at once.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::Value;

use crate::apps::Shared;
use crate::error::{ApiError, Code};
use crate::extract::JsonBody;
use crate::services::users::UserOps;

/// Who to log in as: exactly one of these body fields.
const SELECTORS: [&str; 3] = ["email", "login", "objectId"];

/// `POST /_emulator/apps/{id}/login-as` with `{email}`, `{login}` (the identity column's value) or
/// `{objectId}`: opens a session under the app's login policy and answers what `/users/login`
/// answers (the user with its `user-token`). A disabled user is refused as at login (3090).
pub async fn login_as(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, ApiError> {
    let app = shared.app(&id)?;
    let services = app.services();
    let ops = UserOps::new(&app, &services, &shared.public_url());
    let (field, value) = selector(&body)?;
    let user_id = match field {
        "objectId" => {
            ops.find(&value)?;
            value
        }
        _ => {
            let column = if field == "email" {
                "email".to_string()
            } else {
                ops.identity_column()
            };
            let user = ops.find_by_column(&column, &value).ok_or_else(|| {
                ApiError::templated(Code::LOGIN_AS_USER_NOT_FOUND, &[field, &value, &id])
            })?;
            user.get("objectId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        }
    };
    Ok(Json(Value::Object(ops.login_by_object_id(&user_id)?)))
}

/// The one selector field the body names, with its value as text.
fn selector(body: &Value) -> Result<(&'static str, String), ApiError> {
    let given: Vec<(&'static str, &Value)> = SELECTORS
        .iter()
        .filter_map(|k| body.get(*k).map(|v| (*k, v)))
        .collect();
    match given.as_slice() {
        [(field, Value::String(s))] if !s.trim().is_empty() => Ok((field, s.clone())),
        [(field, Value::Number(n))] if *field != "objectId" => Ok((field, n.to_string())),
        _ => Err(ApiError::templated(Code::LOGIN_AS_IDENTITY, &[])),
    }
}
