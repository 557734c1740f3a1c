//! Data service errors with the exact Backendless codes and messages (data.md §11).

use crate::error::{ApiError, Code};

/// 1009 with the double-wrapped message the real server sends (JS e2e persistence.js).
pub fn table_not_found(name: &str) -> ApiError {
    ApiError::templated(Code::TABLE_NOT_FOUND, &[name])
}

/// 1000: no object with this id.
pub fn object_not_found(id: &str) -> ApiError {
    ApiError::new(
        Code::OBJECT_NOT_FOUND,
        format!("Entity with ID {id} not found"),
    )
}

/// Table names: letters, digits and `_`, starting with a letter; `GeoPoint` is reserved (1135).
pub fn check_table_name(name: &str) -> Result<(), ApiError> {
    if name == "GeoPoint" {
        return Err(ApiError::templated(Code::GEOPOINT_RESERVED, &[name]));
    }
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64;
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            Code::INVALID_TABLE_NAME,
            format!("Invalid table name: '{name}'"),
        ))
    }
}

/// Column names: no backtick (1038), not empty, no leading digit.
pub fn check_column_name(name: &str) -> Result<(), ApiError> {
    if name.contains('`') {
        return Err(ApiError::templated(Code::BACKTICK_IN_PROPERTY, &[]));
    }
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            Code::INVALID_COLUMN_NAME,
            format!("Invalid column name: '{name}'"),
        ))
    }
}

/// 99242: a console table view id (or name) the app does not hold.
pub fn no_table_view(id: &str) -> ApiError {
    ApiError::templated(Code::TABLE_VIEW_NOT_FOUND, &[id])
}

/// 1037: a console cell or file-column operation names a column the table lacks.
pub fn no_column(column: &str) -> ApiError {
    ApiError::templated(Code::PROPERTY_NOT_FOUND, &[column])
}

/// 1007: a file operation on a column that is not of type FILE_REF.
pub fn not_a_file_column(column: &str) -> ApiError {
    ApiError::templated(Code::INVALID_PROPERTY_TYPE, &[column])
}

/// 1032: a delete item without an `objectId` (console delete records).
pub fn remove_without_object_id() -> ApiError {
    ApiError::templated(Code::REMOVE_WITHOUT_OBJECT_ID, &[])
}
