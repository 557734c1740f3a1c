//! Cache errors: the 1026-1031 range data.md assigns to cache/counters (1026 size, 1028
//! lifetime, 1031 past timestamp), 8000 for a non-positive lifetime, 8010/8002 for parameters.

use crate::error::{ApiError, Code};

/// 1026: the value serializes to more than 10240 bytes.
pub(super) fn too_big() -> ApiError {
    ApiError::templated(Code::VALUE_TOO_BIG, &[])
}

/// 1028: a lifetime beyond 7200 seconds.
pub(super) fn too_long() -> ApiError {
    ApiError::templated(Code::EXPIRATION_TOO_LONG, &[])
}

/// 1031: an `expireAt` timestamp that is not in the future.
pub(super) fn in_the_past() -> ApiError {
    ApiError::templated(Code::TIMESTAMP_IN_PAST, &[])
}

/// 8000: a lifetime below one second.
pub(super) fn out_of_range() -> ApiError {
    ApiError::templated(Code::INVALID_RANGE, &[])
}
