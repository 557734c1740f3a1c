//! Timer errors. Console error codes are undocumented (management.md §6 q3), so the emulator
//! uses its own codes 99022/99023/99025 with the HTTP statuses the Console SDK tests show.

use crate::error::{ApiError, Code};

/// 99022 (404): no timer with this id or name in this mode.
pub(super) fn unknown_timer(key: &str) -> ApiError {
    ApiError::templated(Code::TIMER_NOT_FOUND, &[key])
}

/// 99023 (400): the timer definition is invalid; the reason says why.
pub(super) fn invalid_timer(reason: &str) -> ApiError {
    ApiError::templated(Code::INVALID_TIMER, &[reason])
}

/// 99025 (409): a timer with this name already exists in this mode.
pub(super) fn duplicate_timer(name: &str) -> ApiError {
    ApiError::templated(Code::TIMER_EXISTS, &[name])
}

/// 8010: a required field is absent.
pub(super) fn missing(field: &str) -> ApiError {
    ApiError::missing_field(field)
}

/// 8002: a paging parameter that is not a non-negative integer.
pub(super) fn not_a_count(key: &str) -> ApiError {
    ApiError::unparsable(&format!("{key} must be a non-negative integer"))
}
