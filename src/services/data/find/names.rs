//! Names in a query checked against the schema before any row is read, so an unknown column is
//! an error even on an empty table (where-clause.md §3, §9; data.md §3.1: "Column
//! 'nonExistingProp' does not exist in table 'Contact'").

use crate::error::{ApiError, Code};
use crate::query::{ColumnRef, Expr, Projection};
use crate::services::data::store::Tables;
use crate::services::data::table::Table;

use super::plan::Plan;

/// The message of the real server for an unknown column.
fn unknown(column: &str, table: &str) -> String {
    format!("Column '{column}' does not exist in table '{table}'")
}

/// The first segment of `column` that names nothing, walking relations; `None` when every
/// segment resolves. `Parent[rel]` paths are resolved by the evaluator itself.
fn missing<'a>(tables: &Tables, table: &Table, column: &'a ColumnRef) -> Option<(&'a str, String)> {
    if column.inverse.is_some() {
        return None;
    }
    let segments = column.path.segments();
    let mut current = table;
    for (i, segment) in segments.iter().enumerate() {
        let name = segment.as_str();
        let Some(c) = current.column(name) else {
            return Some((name, current.name.clone()));
        };
        if i + 1 < segments.len() {
            let next = c
                .related_table
                .as_deref()
                .filter(|_| c.is_relation())
                .and_then(|t| tables.table(t).ok());
            match next {
                Some(t) => current = t,
                None => return Some((segments[i + 1].as_str(), name.to_string())),
            }
        }
    }
    None
}

/// Check the columns a where clause names (1017).
pub fn check_filter(tables: &Tables, table: &Table, filter: &Expr) -> Result<(), ApiError> {
    for column in filter.columns() {
        if let Some((name, owner)) = missing(tables, table, column) {
            return Err(ApiError::new(
                Code::INVALID_WHERE,
                format!("Invalid where clause: {}", unknown(name, &owner)),
            ));
        }
    }
    Ok(())
}

/// Check the where clause of `plan` (1017) and its props, sortBy and groupBy (1006).
pub fn check_names(tables: &Tables, table: &Table, plan: &Plan) -> Result<(), ApiError> {
    if let Some(filter) = &plan.filter {
        check_filter(tables, table, filter)?;
    }
    let aliases: Vec<String> = plan.props.iter().filter_map(alias_of).collect();
    let listed = plan
        .props
        .iter()
        .filter_map(|p| match p {
            Projection::Item { expr, .. } => Some(expr),
            Projection::All => None,
        })
        .chain(plan.sort.iter().map(|k| &k.expr))
        .chain(plan.group_by.iter());
    for operand in listed {
        for column in operand.columns() {
            let is_alias = column.inverse.is_none()
                && column.path.segments().len() == 1
                && aliases
                    .iter()
                    .any(|a| a == column.path.segments()[0].as_str());
            if is_alias {
                continue;
            }
            if let Some((name, owner)) = missing(tables, table, column) {
                return Err(ApiError::new(
                    Code::INVALID_QUERY_PROPERTIES,
                    unknown(name, &owner),
                ));
            }
        }
    }
    Ok(())
}

fn alias_of(p: &Projection) -> Option<String> {
    match p {
        Projection::Item {
            alias: Some(alias), ..
        } => Some(alias.as_str().to_string()),
        _ => None,
    }
}
