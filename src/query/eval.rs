//! Evaluates conditions against a `RowView` with SQL three-valued logic
//! (where-clause.md §2, §10): a NULL comparison is unknown, NOT unknown is unknown, and a row
//! matches only when the clause is true. Relation paths are joined by `join`, columns are
//! read by `column`, functions and arithmetic computed by `scalar`; the budget and memos of the
//! query live in its `Evaluator`, IN lists are hashed by `value_set`.

use serde_json::Value;

use std::rc::Rc;

use super::aggregate::aggregate;
use super::ast::{
    ColumnRef, CompareOp, Expr, InList, Junction, Literal, NonEmpty, Number, Operand, Subquery,
};
use super::column::{column_value, group_value, json_value};
use super::compare::{compare, compare_dates};
use super::error::{QueryError, QueryErrorKind};
use super::evaluator::{Candidates, Evaluator, OrAsIn};
use super::join::{drive, Control, Env, Flow};
use super::like::like;
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
        Expr::Or(j) => match or_as_in(ctx, j)? {
            Some(plan) => {
                let operand = plan_operand(j, &plan).ok_or_else(internal)?;
                let value = eval_operand(ctx, operand)?;
                is_in(ctx, &value, &plan.candidates)
            }
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
            let result = match list {
                InList::Values(items) => match literal_list(ctx, items)? {
                    Some(candidates) => is_in(ctx, &value, &candidates)?,
                    None => {
                        let values = items
                            .as_slice()
                            .iter()
                            .map(|i| eval_operand(ctx, i))
                            .collect::<Result<Vec<_>, _>>()?;
                        is_in(ctx, &value, &Candidates::new(values, false))?
                    }
                },
                // MySQL: anything IN an empty subquery result is false, even NULL.
                InList::Subquery(sq) => match subquery_values(ctx, sq)? {
                    c if c.values.is_empty() => Some(false),
                    c => is_in(ctx, &value, &c)?,
                },
            };
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

fn internal() -> Flow {
    Flow::Fail(QueryError::evaluation(
        QueryErrorKind::Evaluation,
        "an OR evaluated as IN lost its operand",
    ))
}

/// `value IN (candidates)` with SQL three-valued logic: a hashed lookup when both sides allow
/// it, else the comparison with each candidate in order.
fn is_in(ctx: &Ctx<'_>, value: &SqlValue, candidates: &Candidates) -> Result<Option<bool>, Flow> {
    if let Some(found) = candidates.set.as_ref().and_then(|s| s.lookup(value)) {
        return Ok(found);
    }
    let mut result = Some(false);
    for candidate in &candidates.values {
        ctx.eval.spend(1)?;
        match compare(value, candidate)? {
            Some(o) if o.is_eq() => return Ok(Some(true)),
            None => result = None,
            Some(_) => {}
        }
    }
    Ok(result)
}

/// The values of an IN list made only of literals, hashed once per query; `None` when an
/// item is not a literal (it is then evaluated per row).
fn literal_list(ctx: &Ctx<'_>, items: &NonEmpty<Operand>) -> Result<Option<Rc<Candidates>>, Flow> {
    let collation = ctx.row.collation();
    if let Some(known) = ctx.eval.list(items, collation) {
        return Ok(known);
    }
    let literals: Option<Vec<SqlValue>> = items
        .as_slice()
        .iter()
        .map(|i| match i {
            Operand::Literal(lit) => Some(literal_value(lit, ctx)),
            _ => None,
        })
        .collect();
    ctx.eval.spend(items.as_slice().len() as u64)?;
    let candidates = literals.map(|values| Candidates::new(values, ctx.eval.hashed()));
    Ok(ctx.eval.remember_list(items, collation, candidates))
}

/// The compared value and the literal of one OR term, if it is `value = literal`,
/// `literal = value` or `value IN (literals)`.
fn equality_term(term: &Expr) -> Option<(&Operand, Option<bool>, Vec<&Literal>)> {
    fn literal(o: &Operand) -> Option<&Literal> {
        match o {
            Operand::Literal(l) => Some(l),
            _ => None,
        }
    }
    match term {
        Expr::Compare {
            left,
            op: CompareOp::Eq,
            right,
        } => match (literal(left), literal(right)) {
            (None, Some(l)) => Some((left, Some(true), vec![l])),
            (Some(l), None) => Some((right, Some(false), vec![l])),
            _ => None,
        },
        Expr::In {
            operand,
            list: InList::Values(items),
            negated: false,
        } if literal(operand).is_none() => {
            let lits: Option<Vec<&Literal>> = items.as_slice().iter().map(literal).collect();
            Some((operand, None, lits?))
        }
        _ => None,
    }
}

/// An OR of equalities between one value and literals, as an IN over those literals (same
/// three-valued result, same order of comparisons), planned once per query.
fn or_as_in(ctx: &Ctx<'_>, j: &Junction) -> Result<Option<Rc<OrAsIn>>, Flow> {
    let collation = ctx.row.collation();
    if let Some(known) = ctx.eval.or_as_in(j, collation) {
        return Ok(known);
    }
    let terms = j.operands();
    ctx.eval.spend(terms.len() as u64)?;
    let mut plan = None;
    let first = terms.first().filter(|_| ctx.eval.hashed());
    if let Some((first, first_left, _)) = first.and_then(equality_term) {
        let mut values = Vec::new();
        let all = terms.iter().all(|t| match equality_term(t) {
            Some((operand, _, lits)) if operand == first => {
                values.extend(lits.into_iter().map(|l| literal_value(l, ctx)));
                true
            }
            _ => false,
        });
        if all {
            plan = Some(OrAsIn {
                first_left,
                candidates: Candidates::new(values, ctx.eval.hashed()),
            });
        }
    }
    Ok(ctx.eval.remember_or(j, collation, plan))
}

/// The compared value of an OR planned as IN (read from its first term).
fn plan_operand<'e>(j: &'e Junction, plan: &OrAsIn) -> Option<&'e Operand> {
    match (j.operands().first()?, plan.first_left) {
        (Expr::Compare { left, .. }, Some(true)) => Some(left),
        (Expr::Compare { right, .. }, Some(false)) => Some(right),
        (Expr::In { operand, .. }, None) => Some(operand),
        _ => None,
    }
}

/// The IN list of a subquery ([D-sub]): uncorrelated, so computed once per query (the inner
/// where runs under the same evaluator, sharing its budget and memos). Only rows the caller
/// may read take part; a table it may not read at all fails as a find on it would.
fn subquery_values(ctx: &Ctx<'_>, sq: &Subquery) -> Result<Rc<Candidates>, Flow> {
    if let Some(known) = ctx.eval.subquery(sq) {
        return Ok(known);
    }
    let table = sq.table.as_str();
    let rows = ctx.row.table_rows(table).ok_or_else(|| {
        QueryError::evaluation(
            QueryErrorKind::UnknownTable,
            format!("table '{table}' does not exist"),
        )
    })?;
    if !ctx.row.readable(table) {
        return Err(Flow::Fail(QueryError::evaluation(
            QueryErrorKind::Denied,
            format!("a subquery reads table '{table}', which the caller may not find"),
        )));
    }
    let target = Operand::Column(ColumnRef::path(sq.path.clone()));
    let mut out = Vec::new();
    for row in &rows {
        ctx.eval.spend(1)?;
        if let Some(filter) = &sq.filter {
            if !matches_with(ctx.eval, filter, row.as_ref(), None)? {
                continue;
            }
        }
        collect_values(ctx.eval, &target, row.as_ref(), &mut out)?;
    }
    let candidates = Candidates::new(out, ctx.eval.hashed());
    Ok(ctx.eval.remember_subquery(sq, candidates))
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

fn literal_value(lit: &Literal, ctx: &Ctx<'_>) -> SqlValue {
    match lit {
        Literal::String(s) => SqlValue::Str(s.clone(), ctx.row.collation()),
        Literal::Number(Number::Int(i)) => SqlValue::Int(*i),
        Literal::Number(Number::Float(f)) => SqlValue::Float(f.get()),
        Literal::Bool(b) => SqlValue::Bool(*b),
        Literal::Null => SqlValue::Null,
    }
}
