//! Logging errors. Backendless documents no code of its own for a bad log batch, so a malformed
//! entry is the generic 8002 and a missing field 8010 (error-codes.md §1).

use crate::error::ApiError;

/// 8002: a log batch or logging configuration that cannot be read; the reason says why.
pub(super) fn bad_entry(reason: &str) -> ApiError {
    ApiError::unparsable(reason)
}

/// 8010: a required field of a log entry or logger configuration is absent.
pub(super) fn missing(field: &str) -> ApiError {
    ApiError::missing_field(field)
}

/// 99000: forwarding an app's log to another service.
pub(super) fn integrations_unsupported() -> ApiError {
    ApiError::unsupported("Log integrations (forwarding an app's log to another service)")
}
