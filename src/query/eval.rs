//! Evaluates conditions against a `RowView` with SQL three-valued logic
//! (where-clause.md §2, §10): a NULL comparison is unknown, NOT unknown is unknown, and a row
//! matches only when the clause is true. Relation paths are joined by `join`, columns are
//! read by `column`, functions and arithmetic computed by `scalar`, IN lists, ORs of equalities
//! and subqueries by `membership`; the budget and memos of the query live in its `Evaluator`.

use serde_json::Value;

use super::aggregate::aggregate;
use super::ast::{CompareOp, Expr, Literal, Number, Operand};
use super::column::{column_value, group_value, json_value};
use super::compare::{compare, compare_dates};
use super::error::{QueryError, QueryErrorKind};
use super::evaluator::Evaluator;
use super::join::{drive, Control, Env, Flow};
use super::like::like;
use super::membership;
use super::row::RowView;
use super::scalar::{arith, call, negate};
use super::select::Projection;
use super::value::SqlValue;

/// Rows of one group plus the props whose aliases `having` may name.
pub(crate) struct Group<'a> {
    pub(crate) rows: &'a [&'a dyn RowView],
    pub(crate) aliases: &'a [Projection],
}

/// What an expression is evaluated against.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub(crate) row: &'a dyn RowView,
    pub(crate) env: Option<&'a Env<'a>>,
    pub(crate) group: Option<&'a Group<'a>>,
    pub(crate) eval: &'a Evaluator<'a>,
}

/// True if the where clause matches the row (one query of one row: a fresh [`Evaluator`]).
pub fn evaluate(expr: &Expr, row: &dyn RowView) -> Result<bool, QueryError> {
    Evaluator::default().matches(expr, row)
}

pub(crate) fn matches_with(
    eval: &Evaluator<'_>,
    expr: &Expr,
    row: &dyn RowView,
    group: Option<&Group<'_>>,
) -> Result<bool, QueryError> {
    let mut matched = false;
    drive(eval, row, None, &mut |env| {
        let ctx = Ctx {
            row,
            env,
            group,
            eval,
        };
        if eval_expr(&ctx, expr)? == Some(true) {
            matched = true;
            return Ok(Control::Stop);
        }
        Ok(Control::Continue)
    })?;
    Ok(matched)
}

/// The value of a props-style expression on one row (the first related row for 1:N paths).
pub fn evaluate_operand(op: &Operand, row: &dyn RowView) -> Result<Value, QueryError> {
    first_value(&Evaluator::default(), op, row, None).map(|v| v.to_json())
}

/// Every value of `op` over all relation bindings of `row` (LEFT JOIN rows).
pub(crate) fn collect_values(
    eval: &Evaluator<'_>,
    op: &Operand,
    row: &dyn RowView,
    out: &mut Vec<SqlValue>,
) -> Result<(), QueryError> {
    drive(eval, row, None, &mut |env| {
        out.push(eval_operand(
            &Ctx {
                row,
                env,
                group: None,
                eval,
            },
            op,
        )?);
        Ok(Control::Continue)
    })
    .map(|_| ())
}

/// The value of `op` under the first relation binding of `row`.
pub(crate) fn first_value(
    eval: &Evaluator<'_>,
    op: &Operand,
    row: &dyn RowView,
    group: Option<&Group<'_>>,
) -> Result<SqlValue, QueryError> {
    let mut found = SqlValue::Null;
    drive(eval, row, None, &mut |env| {
        found = eval_operand(
            &Ctx {
                row,
                env,
                group,
                eval,
            },
            op,
        )?;
        Ok(Control::Stop)
    })?;
    Ok(found)
}

/// Three-valued OR: true if any is true, else unknown if any is unknown, else false.
fn any_true(
    results: impl Iterator<Item = Result<Option<bool>, Flow>>,
) -> Result<Option<bool>, Flow> {
    let mut unknown = false;
    for result in results {
        match result? {
            Some(true) => return Ok(Some(true)),
            None => unknown = true,
            Some(false) => {}
        }
    }
    Ok(if unknown { None } else { Some(false) })
}

/// Three-valued AND, as NOT (any NOT x).
fn all_true(
    results: impl Iterator<Item = Result<Option<bool>, Flow>>,
) -> Result<Option<bool>, Flow> {
    Ok(any_true(results.map(|r| r.map(|v| v.map(|b| !b))))?.map(|b| !b))
}

/// A condition: `Some(true)`, `Some(false)` or `None` (unknown).
pub(crate) fn eval_expr(ctx: &Ctx<'_>, expr: &Expr) -> Result<Option<bool>, Flow> {
    ctx.eval.spend(1)?;
    match expr {
        Expr::Or(j) => match membership::or_as_in(ctx, j)? {
            Some(result) => Ok(result),
            None => any_true(j.operands().iter().map(|e| eval_expr(ctx, e))),
        },
        Expr::And(j) => all_true(j.operands().iter().map(|e| eval_expr(ctx, e))),
        Expr::Not(inner) => Ok(eval_expr(ctx, inner)?.map(|b| !b)),
        Expr::Compare { left, op, right } => {
            let l = eval_operand(ctx, left)?;
            let r = eval_operand(ctx, right)?;
            let order = match op {
                CompareOp::After
                | CompareOp::Before
                | CompareOp::AtOrAfter
                | CompareOp::AtOrBefore => compare_dates(&l, &r)?,
                _ => compare(&l, &r)?,
            };
            Ok(order.map(|o| match op {
                CompareOp::Eq => o.is_eq(),
                CompareOp::NotEq => o.is_ne(),
                CompareOp::Lt | CompareOp::Before => o.is_lt(),
                CompareOp::Le | CompareOp::AtOrBefore => o.is_le(),
                CompareOp::Gt | CompareOp::After => o.is_gt(),
                CompareOp::Ge | CompareOp::AtOrAfter => o.is_ge(),
            }))
        }
        Expr::Like {
            operand,
            pattern,
            escape,
            negated,
        } => {
            let value = eval_operand(ctx, operand)?;
            let pat = eval_operand(ctx, pattern)?;
            let default = ctx.row.collation();
            let collation = match (value.collation(default), pat.collation(default)) {
                (a, b) if a == b => a,
                _ => super::row::Collation::Binary,
            };
            let result = match (value.to_text(), pat.to_text()) {
                (Some(text), Some(p)) => Some(like(&text, &p, escape.unwrap_or('\\'), collation)),
                _ => None,
            };
            Ok(result.map(|b| b != *negated))
        }
        Expr::In {
            operand,
            list,
            negated,
        } => {
            let value = eval_operand(ctx, operand)?;
            let result = membership::in_list(ctx, &value, list)?;
            Ok(result.map(|b| b != *negated))
        }
        Expr::IsNull { operand, negated } => {
            Ok(Some(eval_operand(ctx, operand)?.is_null() != *negated))
        }
        Expr::Between {
            operand,
            low,
            high,
            negated,
        } => {
            let value = eval_operand(ctx, operand)?;
            let lo = compare(&value, &eval_operand(ctx, low)?)?.map(|o| o.is_ge());
            let hi = compare(&value, &eval_operand(ctx, high)?)?.map(|o| o.is_le());
            let both = all_true([Ok(lo), Ok(hi)].into_iter())?;
            Ok(both.map(|b| b != *negated))
        }
        Expr::Truth(op) => Ok(eval_operand(ctx, op)?.truth()),
    }
}

/// A value expression in the current binding (or group).
pub(crate) fn eval_operand(ctx: &Ctx<'_>, op: &Operand) -> Result<SqlValue, Flow> {
    match op {
        Operand::Literal(lit) => Ok(literal_value(lit, ctx)),
        Operand::Column(_) | Operand::Json { .. } if ctx.group.is_some() => group_value(ctx, op),
        Operand::Column(column) => column_value(ctx, column),
        Operand::Json {
            column,
            path,
            access,
        } => json_value(ctx, column, path, *access),
        Operand::Call(fc) => call(ctx, fc),
        Operand::Aggregate(agg) => match ctx.group {
            Some(group) => Ok(aggregate(ctx.eval, agg, group.rows)?),
            None => Err(Flow::Fail(QueryError::evaluation(
                QueryErrorKind::Evaluation,
                format!("aggregate {agg} needs groupBy or aggregate props"),
            ))),
        },
        Operand::Negate(inner) => Ok(negate(eval_operand(ctx, inner)?)?),
        Operand::Binary { left, op, right } => Ok(arith(
            *op,
            eval_operand(ctx, left)?,
            eval_operand(ctx, right)?,
        )?),
    }
}

pub(crate) fn literal_value(lit: &Literal, ctx: &Ctx<'_>) -> SqlValue {
    match lit {
        Literal::String(s) => SqlValue::Str(s.clone(), ctx.row.collation()),
        Literal::Number(Number::Int(i)) => SqlValue::Int(*i),
        Literal::Number(Number::Float(f)) => SqlValue::Float(f.get()),
        Literal::Bool(b) => SqlValue::Bool(*b),
        Literal::Null => SqlValue::Null,
    }
}
