//! Messaging errors with the codes and messages of messaging.md and error-codes.md §5, §8.
//! Situations Backendless documents no code for get emulator codes 99020/99021 and 99270-99278.

use crate::error::{ApiError, Code};

/// 8010: a required body field is absent.
pub fn missing(field: &str) -> ApiError {
    ApiError::missing_field(field)
}

/// 8002: a body field has the wrong type or an impossible value.
pub fn bad_field(reason: &str) -> ApiError {
    ApiError::unparsable(reason)
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

/// 99271: a console push button or channel template that does not exist.
pub fn unknown_template(kind: &str, name: &str) -> ApiError {
    ApiError::templated(Code::TEMPLATE_NOT_FOUND, &[kind, name])
}

/// 99272: a template name that is already taken (create, or a rename onto another template).
pub fn template_exists(kind: &str, name: &str) -> ApiError {
    ApiError::templated(Code::TEMPLATE_EXISTS, &[kind, name])
}

/// 99273: a channel (by id or name) the app does not have.
pub fn unknown_channel(channel: &str) -> ApiError {
    ApiError::templated(Code::CHANNEL_NOT_FOUND, &[channel])
}

/// 99274: a channel name that is already taken.
pub fn channel_exists(channel: &str) -> ApiError {
    ApiError::templated(Code::CHANNEL_EXISTS, &[channel])
}

/// 99278: a system email event id the emulator does not know.
pub fn unknown_email_event(event: &str) -> ApiError {
    ApiError::templated(Code::EMAIL_EVENT_NOT_FOUND, &[event])
}

/// 99270: the console's SMTP connection test; the emulator sends no mail at all.
pub fn no_smtp(app: &str) -> ApiError {
    ApiError::templated(Code::SMTP_NOT_AVAILABLE, &[app])
}
