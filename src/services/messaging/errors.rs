//! Messaging errors with the codes and messages of messaging.md and error-codes.md §5, §8.
//! Situations Backendless documents no code for get emulator codes 99020/99021.

use crate::error::{ApiError, Code};

/// 8010: a required body field is absent.
pub fn missing(field: &str) -> ApiError {
    ApiError::templated(Code::MISSING_FIELD, &[field])
}

/// 8002: a body field has the wrong type or an impossible value.
pub fn bad_field(reason: &str) -> ApiError {
    ApiError::templated(Code::UNPARSABLE_REQUEST, &[reason])
}

/// 5040: cancel of a message that is not (or no longer) scheduled.
pub fn not_cancellable() -> ApiError {
    ApiError::templated(Code::MESSAGE_NOT_FOUND, &[])
}

/// 24002: templated email with an unknown template (exact text asserted by the JS e2e suite).
pub fn unknown_email_template(name: &str) -> ApiError {
    ApiError::templated(Code::EMAIL_TEMPLATE_NOT_FOUND, &[name])
}

/// 99021: push with an unknown template (undocumented; worded like 24002).
pub fn unknown_push_template(name: &str) -> ApiError {
    ApiError::templated(Code::PUSH_TEMPLATE_NOT_FOUND, &[name])
}

/// 99020: poll of an unknown legacy subscription (undocumented).
pub fn unknown_subscription(id: &str) -> ApiError {
    ApiError::templated(Code::SUBSCRIPTION_NOT_FOUND, &[id])
}
