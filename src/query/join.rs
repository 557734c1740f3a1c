//! Relation joins for evaluation (where-clause.md §5, inferred LEFT JOIN semantics).
//!
//! Each relation path in a clause (`friends.name`, `Parent[rel].col`) is bound to one related
//! row at a time; an empty relation binds the all-NULL row; a row matches if any combination
//! of bindings makes the clause true. So `friends.age > 3 AND friends.name = 'x'` needs one
//! friend satisfying both, as a SQL join would. Bindings are requested lazily: evaluation
//! stops with `Flow::Bind(path)` the first time it reads an unbound path, and `drive` re-runs
//! it once per related row. Every run costs one unit of the query's budget, so a join of many
//! 1:N relations ends with the budget error instead of running for hours.

use super::error::{QueryError, QueryErrorKind};
use super::evaluator::Evaluator;
use super::row::RowView;

/// Most relation hops bound at once in one evaluation.
const MAX_HOPS: usize = 64;

/// One hop of a relation path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Hop {
    Relation(String),
    Inverse(String, String),
}

/// Relation paths bound to one related row each (`None` = the all-NULL row).
pub(crate) struct Env<'a> {
    key: Vec<Hop>,
    row: Option<&'a dyn RowView>,
    parent: Option<&'a Env<'a>>,
    depth: usize,
}

pub(crate) fn lookup<'a>(env: Option<&Env<'a>>, key: &[Hop]) -> Option<Option<&'a dyn RowView>> {
    let mut current = env;
    while let Some(e) = current {
        if e.key == key {
            return Some(e.row);
        }
        current = e.parent;
    }
    None
}

/// Why evaluation stopped early.
pub(crate) enum Flow {
    /// The path needs a binding; re-run once per related row.
    Bind(Vec<Hop>),
    Fail(QueryError),
}

impl From<QueryError> for Flow {
    fn from(e: QueryError) -> Self {
        Flow::Fail(e)
    }
}

pub(crate) enum Control {
    Continue,
    Stop,
}

/// Runs `run` under every binding combination it asks for, until it returns `Stop`.
pub(crate) fn drive(
    eval: &Evaluator<'_>,
    root: &dyn RowView,
    env: Option<&Env<'_>>,
    run: &mut dyn FnMut(Option<&Env<'_>>) -> Result<Control, Flow>,
) -> Result<Control, QueryError> {
    eval.spend(1)?;
    let key = match run(env) {
        Ok(control) => return Ok(control),
        Err(Flow::Fail(e)) => return Err(e),
        Err(Flow::Bind(key)) => key,
    };
    let depth = env.map_or(0, |e| e.depth) + 1;
    if depth > MAX_HOPS {
        return Err(QueryError::unsupported(
            0,
            format!("more than {MAX_HOPS} relation paths in one clause"),
        ));
    }
    let internal = || {
        QueryError::evaluation(
            QueryErrorKind::Evaluation,
            "relation path bound out of order",
        )
    };
    let (last, prefix) = key.split_last().ok_or_else(internal)?;
    let owner = if prefix.is_empty() {
        Some(root)
    } else {
        lookup(env, prefix).ok_or_else(internal)?
    };
    let children = match owner {
        Some(row) => fetch(row, last)?,
        None => Vec::new(),
    };
    if children.is_empty() {
        let bound = Env {
            key,
            row: None,
            parent: env,
            depth,
        };
        return drive(eval, root, Some(&bound), run);
    }
    for child in &children {
        let bound = Env {
            key: key.clone(),
            row: Some(child.as_ref()),
            parent: env,
            depth,
        };
        if let Control::Stop = drive(eval, root, Some(&bound), run)? {
            return Ok(Control::Stop);
        }
    }
    Ok(Control::Continue)
}

fn fetch<'r>(row: &'r dyn RowView, hop: &Hop) -> Result<Vec<Box<dyn RowView + 'r>>, QueryError> {
    match hop {
        Hop::Relation(name) => row.related(name).ok_or_else(|| {
            QueryError::evaluation(
                QueryErrorKind::UnknownColumn,
                format!("relation '{name}' does not exist"),
            )
        }),
        Hop::Inverse(table, relation) => row.parents(table, relation).ok_or_else(|| {
            QueryError::evaluation(
                QueryErrorKind::UnknownTable,
                format!("table '{table}' with relation '{relation}' does not exist"),
            )
        }),
    }
}

/// The row bound to `key`, or a request to bind it.
pub(crate) fn bound<'a>(
    env: Option<&Env<'a>>,
    key: &[Hop],
) -> Result<Option<&'a dyn RowView>, Flow> {
    lookup(env, key).ok_or_else(|| Flow::Bind(key.to_vec()))
}
