//! `RowView`: how the evaluator reads a stored row, its relations and its table's context.
//!
//! A storage engine implements it over whatever it keeps (a `serde_json::Map` plus the table
//! schema); values are borrowed through `Cow`, so a lookup need not clone.

use std::borrow::Cow;

use serde_json::Value;

/// Column types that change how a stored JSON value compares (data.md §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnKind {
    /// `STRING` (up to 500 characters).
    String,
    /// `TEXT`.
    Text,
    /// `EXTENDED_STRING`.
    ExtendedString,
    /// `STRING_ID` (objectId).
    StringId,
    /// `INT`.
    Int,
    /// `DOUBLE`.
    Double,
    /// `DECIMAL`.
    Decimal,
    /// `AUTO_INCREMENT`.
    AutoIncrement,
    /// `BOOLEAN`: stored `true`/`false`, compares as 1/0 like MySQL TINYINT(1).
    Boolean,
    /// `DATETIME`: stored as epoch milliseconds (UTC).
    DateTime,
    /// `JSON`: any JSON document.
    Json,
    /// `FILE_REF`: a URL string.
    FileRef,
    /// `POINT`, `LINESTRING`, `POLYGON`, `GEOMETRY`.
    Spatial,
    /// `DATA_REF`: a relation to rows of another table.
    Relation(Cardinality),
}

/// Relation cardinality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cardinality {
    /// `ONE_TO_ONE`: at most one child.
    OneToOne,
    /// `ONE_TO_MANY`: any number of children; a condition matches if any child does.
    OneToMany,
}

/// How strings compare for `=`, `<`, `LIKE`, `IN`, grouping and sorting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Collation {
    /// MySQL's default `utf8mb4_general_ci`-like rule: letters compare without case. This is
    /// the emulator default (where-clause.md §3; unverified against Backendless).
    #[default]
    CaseInsensitive,
    /// Exact code-point comparison (MySQL `_bin`); also used for JSON strings.
    Binary,
}

/// A row as the query evaluator sees it.
pub trait RowView {
    /// The stored value: `None` if the row has no such column, `Some(Null)` for SQL NULL.
    /// Relation columns are read through `related`, not here.
    fn value(&self, column: &str) -> Option<Cow<'_, Value>>;

    /// The schema type of a column; `None` when unknown (the type is then taken from the
    /// JSON value itself).
    fn column_type(&self, column: &str) -> Option<ColumnKind>;

    /// Children of a relation column (1:1 → at most one); `None` if there is no such relation.
    fn related(&self, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let _ = relation;
        None
    }

    /// Rows of `parent_table` whose relation `relation` contains this row (`Parent[rel]`);
    /// `None` if the table or its relation does not exist.
    fn parents(&self, parent_table: &str, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let _ = (parent_table, relation);
        None
    }

    /// Every row of another table of the same app that the caller may read, for subqueries;
    /// `None` if it does not exist. Relation children and parents are trimmed the same way.
    fn table_rows(&self, table: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let _ = table;
        None
    }

    /// Whether the caller may read `table` at all: a subquery on a table it may not read fails
    /// (as a find on that table would) instead of answering an empty list.
    fn readable(&self, table: &str) -> bool {
        let _ = table;
        true
    }

    /// Current time in epoch milliseconds for `NOW()`: the emulator's (possibly virtual) clock.
    fn now_ms(&self) -> i64;

    /// String comparison rule; case-insensitive unless the emulator is configured otherwise.
    fn collation(&self) -> Collation {
        Collation::CaseInsensitive
    }
}

/// The all-NULL row of a LEFT JOIN with no match, or of an empty group.
pub(crate) struct NullRow {
    pub(crate) now_ms: i64,
    pub(crate) collation: Collation,
}

impl RowView for NullRow {
    fn value(&self, _column: &str) -> Option<Cow<'_, Value>> {
        Some(Cow::Owned(Value::Null))
    }

    fn column_type(&self, _column: &str) -> Option<ColumnKind> {
        None
    }

    fn related(&self, _relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        Some(Vec::new())
    }

    fn parents(&self, _table: &str, _relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        Some(Vec::new())
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }

    fn collation(&self) -> Collation {
        self.collation
    }
}
