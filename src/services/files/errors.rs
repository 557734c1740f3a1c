//! The errors of the Files service (files.md §4), plus the emulator's storage limits.

use axum::http::StatusCode;

use crate::error::{ApiError, Code};

/// 4000: the file ACL refuses the operation.
pub(super) fn no_permission() -> ApiError {
    ApiError::templated(Code::NO_RESOURCE_PERMISSION, &[])
}

/// 6000: a path to delete, download or list does not exist.
pub(super) fn not_found() -> ApiError {
    ApiError::templated(Code::FILE_NOT_FOUND, &[])
}

/// 6000 with HTTP 404: a plain GET of a missing file or directory (files.md open question 8;
/// conventions.md §4 recommends 404 for missing downloadable files).
pub(super) fn download_not_found() -> ApiError {
    not_found().with_status(StatusCode::NOT_FOUND)
}

/// 6007: the source of a copy, move or rename does not exist (JS e2e asserts 6007 for all three).
pub(super) fn source_not_found() -> ApiError {
    ApiError::templated(Code::RESOURCE_NOT_FOUND, &[])
}

/// 6018: the target already exists (also: upload without `overwrite=true` onto an existing file,
/// files.md open question 1 — the documented "already exists" code is the closest match).
pub(super) fn already_exists(name: &str) -> ApiError {
    ApiError::templated(Code::FILE_EXISTS, &[name])
}

/// 6028: a required parameter is missing or null.
pub(super) fn null_parameter(name: &str) -> ApiError {
    ApiError::templated(Code::PARAMETER_NULL, &[name])
}

/// 8010: a required JSON body field is absent.
pub(super) fn missing_field(name: &str) -> ApiError {
    ApiError::missing_field(name)
}

/// 99060: one file would grow beyond the emulator's per-file limit.
pub(super) fn file_too_large(limit: u64) -> ApiError {
    ApiError::templated(Code::FILE_TOO_LARGE, &[&limit.to_string()])
}

/// 99061: the app's file storage would grow beyond the emulator's per-app limit.
pub(super) fn storage_full(limit: u64) -> ApiError {
    ApiError::templated(Code::STORAGE_FULL, &[&limit.to_string()])
}

/// 99062: a directory cannot be moved or copied into itself or one of its subdirectories.
pub(super) fn into_itself(path: &str) -> ApiError {
    ApiError::templated(Code::COPY_INTO_ITSELF, &[path])
}

/// 8002: a zip archive that cannot be written or read, or an entry that would land outside
/// the archive's directory.
pub(super) fn bad_archive(reason: &str) -> ApiError {
    ApiError::unparsable(&format!("zip archive: {reason}"))
}
