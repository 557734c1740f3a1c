//! Transaction errors (transactions.md §3): a unit of work that cannot be read is the generic
//! 8002, a missing field 8010; a column absent from the schema is 1126.

use crate::error::{ApiError, Code};

/// 8002: a unit of work, an operation or an op result reference that cannot be read.
pub(super) fn bad_unit_of_work(reason: &str) -> ApiError {
    ApiError::unparsable(reason)
}

/// 8010: a required field of a unit of work or of one operation is absent.
pub(super) fn missing(field: &str) -> ApiError {
    ApiError::missing_field(field)
}

/// 1126: an operation saves a column the table does not have (transactions never add columns).
pub(super) fn column_missing(table: &str, column: &str) -> ApiError {
    ApiError::new(
        Code::SAVE_COLUMN_MISSING,
        format!(
            "Column '{column}' in table '{table}' does not exists. All tables and columns must be present in the database before a transaction is executed."
        ),
    )
}
