//! `QueryError`: the one error type of the query language, for syntax and evaluation alike.
//!
//! The emulator maps it to a Backendless code at its boundary (where-clause.md §9):
//! `Syntax` → 1017 / 19000 (19001 for having), `UnknownColumn` → 1006 or 1017,
//! `UnknownTable` → 1009, `InvalidDate` → 8003, `Unsupported` and `Evaluation` → 1017,
//! `TooComplex` → 1017, `Denied` → 1013.

use std::fmt;

/// What went wrong, so the emulator can choose the Backendless error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryErrorKind {
    /// The text does not follow the grammar (includes nesting deeper than the limit).
    Syntax,
    /// A column, relation or alias named in the clause does not exist on the row.
    UnknownColumn,
    /// A table named by a subquery or an inverted relation does not exist.
    UnknownTable,
    /// A string compared with a DATETIME value is not in any documented date format.
    InvalidDate,
    /// The clause uses a documented feature that the emulator does not implement.
    Unsupported,
    /// A value could not be computed (arithmetic overflow, invalid JSON text, ...).
    Evaluation,
    /// The query needs more work than its budget allows, or its text is too long.
    TooComplex,
    /// A subquery reads a table the caller may not FIND.
    Denied,
}

/// An error from parsing or evaluating a query expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// Character (not byte) offset into the parsed text; 0 for evaluation errors.
    pub position: usize,
    /// Human-readable description, without the position.
    pub message: String,
    /// Category used to pick the Backendless error code.
    pub kind: QueryErrorKind,
}

impl QueryError {
    /// A syntax error at a character position.
    pub fn syntax(position: usize, message: impl Into<String>) -> Self {
        Self {
            position,
            message: message.into(),
            kind: QueryErrorKind::Syntax,
        }
    }

    /// An error found while evaluating (no position: the AST does not keep source spans).
    pub fn evaluation(kind: QueryErrorKind, message: impl Into<String>) -> Self {
        Self {
            position: 0,
            message: message.into(),
            kind,
        }
    }

    /// A documented feature the emulator does not implement; the message says so verbatim.
    pub fn unsupported(position: usize, feature: impl fmt::Display) -> Self {
        Self {
            position,
            message: format!("{feature} is not supported by the emulator"),
            kind: QueryErrorKind::Unsupported,
        }
    }

    /// The same error placed at `position` (constructors that know no position use 0).
    pub(crate) fn at(mut self, position: usize) -> Self {
        self.position = position;
        self
    }

    /// The same error moved by `offset` characters (used when a sub-text is parsed alone).
    pub(crate) fn shifted(mut self, offset: usize) -> Self {
        self.position = self.position.saturating_add(offset);
        self
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            QueryErrorKind::Syntax => write!(f, "{} at position {}", self.message, self.position),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QueryError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_show_their_position() {
        let err = QueryError::syntax(7, "unexpected ')'");
        assert_eq!(err.to_string(), "unexpected ')' at position 7");
    }

    #[test]
    fn unsupported_message_names_the_feature() {
        let err = QueryError::unsupported(3, "DATEADD");
        assert_eq!(err.message, "DATEADD is not supported by the emulator");
        assert_eq!(err.kind, QueryErrorKind::Unsupported);
    }
}
