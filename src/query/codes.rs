//! The Backendless error of a query-language error, by the clause it came from (where-clause.md
//! §9; the choices for its open questions are listed in `services::data::find::plan`).

use super::{QueryError, QueryErrorKind};
use crate::error::{ApiError, Code};

/// Which clause an error came from (it decides the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clause {
    /// `where` / `whereClause`.
    Where,
    /// `having`.
    Having,
    /// `props`, `sortBy`, `groupBy`.
    Options,
}

/// The Backendless error for a query-language error in `clause`.
pub fn query_error(clause: Clause, e: &QueryError) -> ApiError {
    match e.kind {
        QueryErrorKind::UnknownTable => {
            let table = e.message.split('\'').nth(1).unwrap_or(&e.message);
            ApiError::templated(Code::TABLE_NOT_FOUND, &[table])
        }
        // The query error already reads "Invalid date format: '<text>'".
        QueryErrorKind::InvalidDate => ApiError::new(Code::INVALID_DATE_FORMAT, e.to_string()),
        QueryErrorKind::Unsupported => ApiError::new(Code::NOT_SUPPORTED, e.message.clone()),
        QueryErrorKind::TooComplex => {
            ApiError::new(Code::INVALID_WHERE, format!("Invalid where clause: {e}"))
        }
        // The table-level decision refused; the journal says where the query met it.
        QueryErrorKind::Denied => ApiError::templated(Code::NO_FIND_PERMISSION, &[])
            .with_rule(format!("FIND denied: {}", e.message)),
        _ => match clause {
            Clause::Where => {
                ApiError::new(Code::INVALID_WHERE, format!("Invalid where clause: {e}"))
            }
            Clause::Having => ApiError::templated(Code::INVALID_HAVING, &[&e.to_string()]),
            Clause::Options => ApiError::new(
                Code::INVALID_QUERY_PROPERTIES,
                format!("Query contains invalid object properties: {e}"),
            ),
        },
    }
}
