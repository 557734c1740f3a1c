//! Counter errors. Backendless documents no counter codes; the 1026-1031 range that data.md
//! assigns to cache/counters supplies 1029 and 1030, and malformed numbers use 8002 / 8010.

use crate::error::{ApiError, Code};

/// 1030: the result does not fit a signed 64-bit value.
pub(super) fn too_large() -> ApiError {
    ApiError::templated(Code::VALUE_TOO_LARGE_FOR_LONG, &[])
}

/// 1029: `compareandset` without `expected`.
pub(super) fn expected_missing() -> ApiError {
    ApiError::templated(Code::EXPECTED_VALUE_NULL, &[])
}

/// 8002: a `regex:` pattern that does not compile.
pub(super) fn bad_pattern(detail: &str) -> ApiError {
    ApiError::unparsable(&format!("invalid pattern: {detail}"))
}

/// 99240: the console's update names a current value the counter no longer has.
pub(super) fn value_changed(name: &str, expected: i64, actual: i64) -> ApiError {
    ApiError::templated(
        Code::COUNTER_VALUE_CHANGED,
        &[name, &actual.to_string(), &expected.to_string()],
    )
}

/// 99241: a console call names a counter that does not exist.
pub(super) fn no_counter(name: &str) -> ApiError {
    ApiError::templated(Code::COUNTER_NOT_FOUND, &[name])
}
