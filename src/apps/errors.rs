//! Errors of the apps floor's console accounts (management.md §1): login, the `auth-key`.

use crate::error::{ApiError, Code};

/// 3006: a console login without login or password.
pub(super) fn empty_login_or_password() -> ApiError {
    ApiError::templated(Code::EMPTY_LOGIN_OR_PASSWORD, &[])
}

/// 3003: no developer account has this login and password.
pub(super) fn invalid_login() -> ApiError {
    ApiError::templated(Code::INVALID_LOGIN, &[])
}

/// 8010: a password change without a password.
pub(super) fn missing_password() -> ApiError {
    ApiError::templated(Code::MISSING_FIELD, &["password"])
}

/// 99004: the console `auth-key` is missing or unknown (HTTP 401).
pub fn not_authorized() -> ApiError {
    ApiError::templated(Code::CONSOLE_AUTH, &[])
}
