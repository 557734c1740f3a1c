//! The other query options (data.md §3, §3.1; where-clause.md §8): `props`, `sortBy`,
//! `groupBy` and `having`, parsed with the same lexer and expression grammar as `where`.

use std::fmt;

use super::ast::{Expr, Ident, Operand};
use super::error::QueryError;
use super::lexer::Tok;
use super::parser::{Clause, Parser};

/// One item of `props`.
#[derive(Debug, Clone, PartialEq)]
pub enum Projection {
    /// `*`: every default column.
    All,
    /// A column, relation path, function, JSON path or aggregate, optionally renamed.
    Item {
        /// The selected value.
        expr: Operand,
        /// `AS alias`.
        alias: Option<Ident>,
    },
}

impl Projection {
    /// Result key of this item: the alias, else `count`/`sum`/... for aggregates (data.md
    /// §3.1), `Time`-style title case for functions, the last path segment for columns
    /// (MySQL's rule, inferred for relation paths), else the expression text. `None` for `*`.
    pub fn output_name(&self) -> Option<String> {
        let Projection::Item { expr, alias } = self else {
            return None;
        };
        if let Some(alias) = alias {
            return Some(alias.as_str().to_owned());
        }
        Some(match expr {
            Operand::Aggregate(call) => call.function().default_alias().to_owned(),
            Operand::Call(call) => call.function().default_alias(),
            Operand::Column(column) => column
                .path
                .segments()
                .last()
                .map_or_else(|| column.to_string(), |s| s.as_str().to_owned()),
            other => other.to_string(),
        })
    }

    /// True if the item aggregates (so the query returns groups, not rows).
    pub fn is_aggregate(&self) -> bool {
        matches!(self, Projection::Item { expr, .. } if expr.contains_aggregate())
    }
}

/// Sort direction; ascending by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortDirection {
    /// `ASC`: NULLs first, as in MySQL.
    #[default]
    Asc,
    /// `DESC`: NULLs last.
    Desc,
}

/// One item of `sortBy`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// Column, relation path, function, alias or aggregate.
    pub expr: Operand,
    /// Direction.
    pub direction: SortDirection,
}

/// Parses `props` (comma-separated; blank → empty list = default columns).
pub fn parse_props(input: &str) -> Result<Vec<Projection>, QueryError> {
    comma_list(input, Clause::Props, |p| {
        if p.eat(&Tok::Star) {
            return Ok(Projection::All);
        }
        let expr = p.parse_operand()?;
        let alias = if p.eat_keyword("AS") {
            Some(p.expect_ident()?)
        } else {
            None
        };
        Ok(Projection::Item { expr, alias })
    })
}

/// Parses `sortBy`: `expr [ASC|DESC], ...` (blank → empty list).
pub fn parse_sort_by(input: &str) -> Result<Vec<SortKey>, QueryError> {
    comma_list(input, Clause::SortBy, |p| {
        let expr = p.parse_operand()?;
        let direction = if p.eat_keyword("DESC") {
            SortDirection::Desc
        } else {
            p.eat_keyword("ASC");
            SortDirection::Asc
        };
        Ok(SortKey { expr, direction })
    })
}

/// Parses `groupBy`: columns, relation paths and functions (blank → no grouping).
pub fn parse_group_by(input: &str) -> Result<Vec<Operand>, QueryError> {
    comma_list(input, Clause::GroupBy, Parser::parse_operand)
}

/// Parses `having`: the where grammar, plus aggregates and props aliases.
pub fn parse_having(input: &str) -> Result<Expr, QueryError> {
    let mut parser = Parser::new(input, Clause::Having)?;
    if parser.at_end() {
        return Err(parser.unexpected("a having clause"));
    }
    let expr = parser.parse_expr()?;
    parser.expect_end()?;
    Ok(expr)
}

fn comma_list<T>(
    input: &str,
    clause: Clause,
    mut item: impl FnMut(&mut Parser) -> Result<T, QueryError>,
) -> Result<Vec<T>, QueryError> {
    let mut parser = Parser::new(input, clause)?;
    let mut items = Vec::new();
    if parser.at_end() {
        return Ok(items);
    }
    items.push(item(&mut parser)?);
    while parser.eat(&Tok::Comma) {
        items.push(item(&mut parser)?);
    }
    parser.expect_end()?;
    Ok(items)
}

impl fmt::Display for Projection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Projection::All => f.write_str("*"),
            Projection::Item { expr, alias: None } => write!(f, "{expr}"),
            Projection::Item {
                expr,
                alias: Some(alias),
            } => write!(f, "{expr} AS {alias}"),
        }
    }
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let direction = match self.direction {
            SortDirection::Asc => "ASC",
            SortDirection::Desc => "DESC",
        };
        write!(f, "{} {direction}", self.expr)
    }
}

/// Prints a list the way the option parsers read it back: items joined by `, `.
pub fn join_list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
