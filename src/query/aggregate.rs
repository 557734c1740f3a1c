//! Groups, aggregates, `having` and sorting (data.md §3.1, where-clause.md §8).
//!
//! MySQL rules: `Count(x)` counts non-NULL values and `Count(*)` rows; Sum/Avg/Min/Max skip
//! NULLs and are NULL when nothing is left; `Count(rel)` over a relation counts related rows
//! (each row's relation is joined on its own, LEFT JOIN style). A non-aggregated column in a
//! group reads the group's first row. Sorting puts NULLs first ascending and last descending;
//! ties are left to the caller (the data service breaks them by `created`, then `objectId`).

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::Value;

use super::ast::{Expr, Operand};
use super::compare::{group_key, sort_order};
use super::error::{QueryError, QueryErrorKind};
use super::eval::{collect_values, first_value, matches_with, Group};
use super::evaluator::Evaluator;
use super::function::{AggregateArg, AggregateCall, AggregateFn};
use super::row::{Collation, NullRow, RowView};
use super::select::{Projection, SortDirection, SortKey};
use super::value::{Num, SqlValue};

/// An aggregate over the rows of one group.
pub(crate) fn aggregate(
    eval: &Evaluator<'_>,
    call: &AggregateCall,
    rows: &[&dyn RowView],
) -> Result<SqlValue, QueryError> {
    let (operand, distinct) = match call.arg() {
        AggregateArg::Star => return Ok(SqlValue::Int(rows.len() as i64)),
        AggregateArg::All(op) => (op, false),
        AggregateArg::Distinct(op) => (op, true),
    };
    let mut values = Vec::new();
    for row in rows {
        collect_values(eval, operand, *row, &mut values)?;
    }
    values.retain(|v| !v.is_null());
    if distinct {
        let mut seen = std::collections::HashSet::new();
        values.retain(|v| seen.insert(group_key(v)));
    }
    Ok(match call.function() {
        AggregateFn::Count => SqlValue::Int(values.len() as i64),
        _ if values.is_empty() => SqlValue::Null,
        AggregateFn::Sum => sum(&values),
        AggregateFn::Avg => {
            let total: f64 = values
                .iter()
                .filter_map(SqlValue::to_num)
                .map(Num::as_f64)
                .sum();
            SqlValue::Float(total / values.len() as f64)
        }
        AggregateFn::Min => extreme(values, Ordering::Less),
        AggregateFn::Max => extreme(values, Ordering::Greater),
    })
}

fn sum(values: &[SqlValue]) -> SqlValue {
    let nums: Vec<Num> = values.iter().filter_map(SqlValue::to_num).collect();
    let exact: Option<i128> = nums.iter().try_fold(0_i128, |acc, n| match n {
        Num::I(i) => acc.checked_add(i128::from(*i)),
        Num::F(_) => None,
    });
    match exact.and_then(|t| i64::try_from(t).ok()) {
        Some(total) => SqlValue::Int(total),
        None => SqlValue::Float(nums.iter().map(|n| n.as_f64()).sum()),
    }
}

fn extreme(values: Vec<SqlValue>, wanted: Ordering) -> SqlValue {
    values
        .into_iter()
        .reduce(|best, v| {
            if sort_order(&v, &best) == wanted {
                v
            } else {
                best
            }
        })
        .unwrap_or(SqlValue::Null)
}

fn first_row<'a>(rows: &'a [&'a dyn RowView], fallback: &'a NullRow) -> &'a dyn RowView {
    rows.first().copied().unwrap_or(fallback)
}

fn empty_group_row(rows: &[&dyn RowView]) -> NullRow {
    let collation = rows
        .first()
        .map_or(Collation::CaseInsensitive, |r| r.collation());
    // An empty group has no row to ask for the time: NOW() there reads epoch 0.
    NullRow {
        now_ms: 0,
        collation,
    }
}

/// An aggregate over a group, as a response value.
pub fn evaluate_aggregate(
    call: &AggregateCall,
    rows: &[&dyn RowView],
) -> Result<Value, QueryError> {
    aggregate(&Evaluator::default(), call, rows).map(|v| v.to_json())
}

/// A props item on one row (no aggregates).
pub fn project_row(projection: &Projection, row: &dyn RowView) -> Result<Value, QueryError> {
    match projection {
        Projection::All => Err(star_error()),
        Projection::Item { expr, .. } => {
            first_value(&Evaluator::default(), expr, row, None).map(|v| v.to_json())
        }
    }
}

/// A props item for a group: aggregates over the group, plain columns from its first row.
pub fn project_group(projection: &Projection, rows: &[&dyn RowView]) -> Result<Value, QueryError> {
    match projection {
        Projection::All => Err(star_error()),
        Projection::Item { expr, .. } => group_operand(expr, &[], rows).map(|v| v.to_json()),
    }
}

/// Any expression for a group (e.g. a sortBy key on grouped results), props aliases allowed.
pub fn evaluate_group_operand(
    op: &Operand,
    projections: &[Projection],
    rows: &[&dyn RowView],
) -> Result<Value, QueryError> {
    group_operand(op, projections, rows).map(|v| v.to_json())
}

fn star_error() -> QueryError {
    QueryError::evaluation(
        QueryErrorKind::Evaluation,
        "'*' is expanded by the data service, not evaluated",
    )
}

fn group_operand(
    op: &Operand,
    aliases: &[Projection],
    rows: &[&dyn RowView],
) -> Result<SqlValue, QueryError> {
    let fallback = empty_group_row(rows);
    let group = Group { rows, aliases };
    first_value(
        &Evaluator::default(),
        op,
        first_row(rows, &fallback),
        Some(&group),
    )
}

/// True if `having` holds for a group; it may name props aliases (`averageAmount > 5`).
/// One group of one query: a fresh evaluator (use [`Evaluator::having`] across groups).
pub fn evaluate_having(
    expr: &Expr,
    projections: &[Projection],
    rows: &[&dyn RowView],
) -> Result<bool, QueryError> {
    Evaluator::default().having(expr, projections, rows)
}

pub(crate) fn having(
    eval: &Evaluator<'_>,
    expr: &Expr,
    projections: &[Projection],
    rows: &[&dyn RowView],
) -> Result<bool, QueryError> {
    let fallback = empty_group_row(rows);
    let group = Group {
        rows,
        aliases: projections,
    };
    matches_with(eval, expr, first_row(rows, &fallback), Some(&group))
}

/// Splits rows into groups by the `groupBy` values, in first-seen order (indices into
/// `rows`). No keys: one group holding every row, even when there are none (data.md §3.1).
pub fn group_rows(keys: &[Operand], rows: &[&dyn RowView]) -> Result<Vec<Vec<usize>>, QueryError> {
    if keys.is_empty() {
        return Ok(vec![(0..rows.len()).collect()]);
    }
    let mut index: HashMap<Vec<String>, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let key = keys
            .iter()
            .map(|k| first_value(&Evaluator::default(), k, *row, None).map(|v| group_key(&v)))
            .collect::<Result<Vec<_>, _>>()?;
        match index.get(&key).and_then(|&g| groups.get_mut(g)) {
            Some(group) => group.push(i),
            None => {
                index.insert(key, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    Ok(groups)
}

/// Orders two rows by `sortBy` keys (MySQL order, NULLs first ascending).
pub fn compare_rows(
    keys: &[SortKey],
    a: &dyn RowView,
    b: &dyn RowView,
) -> Result<Ordering, QueryError> {
    for key in keys {
        let x = first_value(&Evaluator::default(), &key.expr, a, None)?;
        let y = first_value(&Evaluator::default(), &key.expr, b, None)?;
        let order = match key.direction {
            SortDirection::Asc => sort_order(&x, &y),
            SortDirection::Desc => sort_order(&y, &x),
        };
        if order.is_ne() {
            return Ok(order);
        }
    }
    Ok(Ordering::Equal)
}

/// Orders two response values (e.g. grouped results by alias) with the same rules.
pub fn compare_json_values(a: &Value, b: &Value, collation: Collation) -> Ordering {
    sort_order(
        &SqlValue::from_json(a, collation),
        &SqlValue::from_json(b, collation),
    )
}
