//! Console (management) errors of the settings routes this folder owns.

use crate::error::{ApiError, Code};

/// 8000: a session timeout beyond 2 592 000 s (30 days, users.md §1.3).
pub fn invalid_range() -> ApiError {
    ApiError::templated(Code::INVALID_RANGE, &[])
}

/// 1024: a user property created with a data type the schema does not know.
pub fn unknown_data_type(ty: &str) -> ApiError {
    ApiError::templated(
        Code::CANNOT_UPDATE_PERMISSION,
        &[&format!("unknown data type {ty}")],
    )
}
