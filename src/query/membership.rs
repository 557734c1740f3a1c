//! IN and its look-alikes (where-clause.md §2, §5): literal IN lists, ORs of equalities on one
//! value, and subqueries. Each list is built once per query (the `Evaluator` keeps it) and looked
//! up per row, hashed by `value_set` when both sides allow it.

use std::rc::Rc;

use super::ast::{
    ColumnRef, CompareOp, Expr, InList, Junction, Literal, NonEmpty, Operand, Subquery,
};
use super::compare::compare;
use super::error::{QueryError, QueryErrorKind};
use super::eval::{collect_values, eval_operand, literal_value, matches_with, Ctx};
use super::evaluator::{Candidates, OrAsIn};
use super::join::Flow;
use super::value::SqlValue;

/// `value IN (list)`, three-valued, before NOT IN's negation.
pub(crate) fn in_list(
    ctx: &Ctx<'_>,
    value: &SqlValue,
    list: &InList,
) -> Result<Option<bool>, Flow> {
    match list {
        InList::Values(items) => match literal_list(ctx, items)? {
            Some(candidates) => is_in(ctx, value, &candidates),
            None => {
                let values = items
                    .as_slice()
                    .iter()
                    .map(|i| eval_operand(ctx, i))
                    .collect::<Result<Vec<_>, _>>()?;
                is_in(ctx, value, &Candidates::new(values, false))
            }
        },
        // MySQL: anything IN an empty subquery result is false, even NULL.
        InList::Subquery(sq) => match subquery_values(ctx, sq)? {
            c if c.values.is_empty() => Ok(Some(false)),
            c => is_in(ctx, value, &c),
        },
    }
}

/// The result of an OR that compares one value with literals, evaluated as an IN; `None` when
/// the OR is not one (it is then evaluated term by term).
pub(crate) fn or_as_in(ctx: &Ctx<'_>, j: &Junction) -> Result<Option<Option<bool>>, Flow> {
    let Some(plan) = plan_or(ctx, j)? else {
        return Ok(None);
    };
    let operand = plan_operand(j, &plan).ok_or_else(internal)?;
    let value = eval_operand(ctx, operand)?;
    is_in(ctx, &value, &plan.candidates).map(Some)
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
fn plan_or(ctx: &Ctx<'_>, j: &Junction) -> Result<Option<Rc<OrAsIn>>, Flow> {
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
