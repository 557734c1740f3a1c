//! The Backendless query language: where clauses, and the `props`, `sortBy`, `groupBy` and
//! `having` query options.
//!
//! Implements `shared/spec/where-clause.md` (Backendless "Search with the Where Clause",
//! "Search with dates", "Inverted relation retrieval", "Search with subquery", "JSON query",
//! "Database functions") and the query parts of `shared/spec/data.md` §3-§5 (properties,
//! aggregates, sorting, grouping). Pipeline, in the sqlparser style:
//!
//! ```text
//! text ─lexer─▶ tokens ─parser/operand─▶ Expr / Operand (ast, printable via display)
//!      ─eval/scalar─▶ bool / value against a RowView   (aggregate: groups, sorting)
//! ```
//!
//! Files: `error` (QueryError), `lexer`, `ast`, `function` (names, arities), `jsonpath`,
//! `parser` (conditions), `operand` (values), `display` (canonical text), `select` (props,
//! sortBy, groupBy, having), `visit` (columns a clause reads), `row` (the RowView trait a
//! storage engine implements), `value` (SQL values, coercion), `compare` (MySQL comparison,
//! ordering, grouping), `like`, `dates` (documented date formats), `eval` (three-valued
//! conditions), `join` (relation paths as LEFT JOINs), `column` (reading columns and JSON),
//! `scalar` (functions, arithmetic), `aggregate` (groups, having, sorting), `evaluator` (one
//! query's work budget and memos: subqueries once per query), `membership` (IN lists, ORs of
//! equalities, subqueries), `value_set` (IN as a hash lookup).
//!
//! Unspecified rules follow MySQL (Backendless runs on MySQL); each such choice is commented
//! where it is made. Features the spec documents but the emulator cannot evaluate return a
//! `QueryError` whose message ends in "is not supported by the emulator".

#![warn(missing_docs)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        reason = "the module's tests were written for clippy's allow-unwrap-in-tests"
    )
)]

mod aggregate;
mod ast;
pub mod codes;
mod column;
mod compare;
pub mod dates;
mod display;
mod error;
mod eval;
mod evaluator;
mod function;
mod join;
mod jsonpath;
mod lexer;
mod like;
mod membership;
mod operand;
mod parser;
mod row;
mod scalar;
mod select;
mod value;
mod value_set;
mod visit;

#[cfg(test)]
mod tests;

pub use aggregate::{
    compare_json_values, compare_rows, evaluate_aggregate, evaluate_group_operand, evaluate_having,
    group_rows, project_group, project_row,
};
pub use ast::{
    ArithOp, ColumnRef, CompareOp, Expr, Finite, Ident, InList, InverseRef, JsonAccess, Junction,
    Literal, NonEmpty, Number, Operand, Path, Subquery,
};
pub use error::{QueryError, QueryErrorKind};
pub use eval::{evaluate, evaluate_operand};
pub use evaluator::{Evaluator, DEFAULT_BUDGET};
pub use function::{AggregateArg, AggregateCall, AggregateFn, Function, FunctionCall, SpatialName};
pub use jsonpath::{ArrayIndex, JsonPath, Leg};
pub use lexer::MAX_TOKENS;
pub use parser::MAX_DEPTH;
pub use row::{Cardinality, Collation, ColumnKind, RowView};
pub use select::{
    join_list, parse_group_by, parse_having, parse_props, parse_sort_by, Projection, SortDirection,
    SortKey,
};

/// Parses a where clause; blank input is an error (see `parse_optional_where`).
pub fn parse_where(input: &str) -> Result<Expr, QueryError> {
    let mut parser = parser::Parser::new(input, parser::Clause::Where)?;
    if parser.at_end() {
        return Err(parser.unexpected("a where clause"));
    }
    let expr = parser.parse_expr()?;
    parser.expect_end()?;
    Ok(expr)
}

/// Parses a where clause where blank means "no filter" (where-clause.md §1: all rows).
pub fn parse_optional_where(input: &str) -> Result<Option<Expr>, QueryError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    parse_where(input).map(Some)
}
