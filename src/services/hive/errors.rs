//! Hive errors (hive.md §3, §10.6; error-codes.md §9).
//!
//! 27003 and 27010 are documented. Backendless documents no code for a missing or taken hive name
//! or for arithmetic on a non-number, so the emulator raises codes of its own in the Hive range
//! (27001, 27002, 27004; catalogued with source "emulator"). Malformed arguments use the generic
//! REST codes 8000 / 8002 / 8010.

use crate::error::{ApiError, Code};

/// 27003 `no such key`.
pub(super) fn no_such_key() -> ApiError {
    ApiError::templated(Code::HIVE_KEY_NOT_FOUND, &[])
}

/// 27010 `Expiration for key wasn't set.`
pub(super) fn expiration_not_set() -> ApiError {
    ApiError::templated(Code::HIVE_NO_EXPIRATION, &[])
}

/// 27001: renaming a hive that does not exist.
pub(super) fn hive_not_found(name: &str) -> ApiError {
    ApiError::templated(Code::HIVE_NOT_FOUND, &[name])
}

/// 27002: renaming a hive onto a name already taken.
pub(super) fn hive_exists(name: &str) -> ApiError {
    ApiError::templated(Code::HIVE_EXISTS, &[name])
}

/// 27004: increment/decrement of a value that is not a number (or would overflow).
pub(super) fn not_a_number(key: &str) -> ApiError {
    ApiError::templated(Code::HIVE_NOT_A_NUMBER, &[key])
}

/// 8002: an argument that cannot be read (wrong JSON type, not a number, unknown option).
pub(super) fn bad_argument(message: &str) -> ApiError {
    ApiError::unparsable(message)
}

/// 8010: a required body field or query parameter is absent.
pub(super) fn missing(field: &str) -> ApiError {
    ApiError::missing_field(field)
}

/// 8000: a number outside the accepted range.
pub(super) fn out_of_range() -> ApiError {
    ApiError::templated(Code::INVALID_RANGE, &[])
}
