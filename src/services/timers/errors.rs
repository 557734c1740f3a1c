//! Timer errors. Console error codes are undocumented (management.md §6 q3), so the emulator
//! uses its own codes 99022/99023/99025 with the HTTP statuses the Console SDK tests show.

use crate::error::ApiError;

/// 99022 (404): no timer with this id or name in this mode.
pub fn unknown_timer(key: &str) -> ApiError {
    ApiError::templated(99022, &[key])
}

/// 99023 (400): the timer definition is invalid; the reason says why.
pub fn invalid_timer(reason: &str) -> ApiError {
    ApiError::templated(99023, &[reason])
}

/// 99025 (409): a timer with this name already exists in this mode.
pub fn duplicate_timer(name: &str) -> ApiError {
    ApiError::templated(99025, &[name])
}

/// 8010: a required field is absent.
pub fn missing(field: &str) -> ApiError {
    ApiError::templated(8010, &[field])
}
