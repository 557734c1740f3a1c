//! [`Evaluator`]: the state of one query's evaluation, shared by every row it visits.
//!
//! - A budget of work: every condition evaluated, every relation-join combination, every
//!   subquery row and every IN candidate scanned costs one unit, so "rows visited × terms" of
//!   the whole query, subqueries and joins included, is bounded. Running out ends the query
//!   with a `TooComplex` error instead of letting it run for minutes.
//! - Memory: a subquery is uncorrelated (its inner where only sees its own table), so its
//!   values are computed once per query, not once per outer row; literal IN lists and ORs of
//!   equalities on one value are hashed once ([`ValueSet`]).
//!
//! Memos are keyed by the address of the AST node. The `'q` lifetime makes every clause
//! evaluated outlive the evaluator, so an address cannot be reused for another node while the
//! memo lives; an evaluator lives for one pass over rows under one lock, so memoised rows
//! never go stale.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::rc::Rc;

use super::ast::{Expr, Junction, NonEmpty, Operand, Subquery};
use super::error::{QueryError, QueryErrorKind};
use super::eval::matches_with;
use super::row::{Collation, RowView};
use super::select::Projection;
use super::value::SqlValue;
use super::value_set::ValueSet;

/// Units of work one query may spend by default: a few seconds of evaluation in a release build
/// at most (the data bench measures it), far above what a query over the emulator's data needs
/// (a 100k-row scan with a ten-condition clause spends about a million).
pub const DEFAULT_BUDGET: u64 = 10_000_000;

/// The values an IN compares against, in order, and their hashed form when they have one.
#[derive(Debug)]
pub(crate) struct Candidates {
    pub(crate) values: Vec<SqlValue>,
    pub(crate) set: Option<ValueSet>,
}

impl Candidates {
    pub(crate) fn new(values: Vec<SqlValue>, hashed: bool) -> Self {
        let set = if hashed {
            ValueSet::build(&values)
        } else {
            None
        };
        Candidates { values, set }
    }
}

/// An OR whose terms all compare one value for equality with literals: evaluated as an IN.
#[derive(Debug)]
pub(crate) struct OrAsIn {
    /// Which side of the first term is the compared value (`None`: the first term is an IN).
    pub(crate) first_left: Option<bool>,
    pub(crate) candidates: Candidates,
}

type ListKey = (*const NonEmpty<Operand>, Collation);
type OrKey = (*const Junction, Collation);

/// One query's budget and memos (see the module documentation).
pub struct Evaluator<'q> {
    left: Cell<u64>,
    limit: u64,
    hashed: bool,
    subqueries: RefCell<HashMap<*const Subquery, Rc<Candidates>>>,
    lists: RefCell<HashMap<ListKey, Option<Rc<Candidates>>>>,
    ors: RefCell<HashMap<OrKey, Option<Rc<OrAsIn>>>>,
    _clauses: PhantomData<&'q Expr>,
}

impl Default for Evaluator<'_> {
    fn default() -> Self {
        Evaluator::new(DEFAULT_BUDGET)
    }
}

impl<'q> Evaluator<'q> {
    /// An evaluator that may spend `budget` units of work.
    pub fn new(budget: u64) -> Self {
        Evaluator {
            left: Cell::new(budget),
            limit: budget,
            hashed: true,
            subqueries: RefCell::default(),
            lists: RefCell::default(),
            ors: RefCell::default(),
            _clauses: PhantomData,
        }
    }

    /// The same evaluator without shortcuts: IN candidates compared one by one, ORs evaluated
    /// term by term (the reference the hashed lookups are tested against).
    #[cfg(test)]
    pub(crate) fn naive(mut self) -> Self {
        self.hashed = false;
        self
    }

    /// True if the where clause matches the row.
    pub fn matches(&self, expr: &'q Expr, row: &dyn RowView) -> Result<bool, QueryError> {
        matches_with(self, expr, row, None)
    }

    /// True if `having` holds for a group; it may name props aliases (`averageAmount > 5`).
    pub fn having(
        &self,
        expr: &'q Expr,
        projections: &[Projection],
        rows: &[&dyn RowView],
    ) -> Result<bool, QueryError> {
        super::aggregate::having(self, expr, projections, rows)
    }

    /// Units of work spent so far.
    pub fn spent(&self) -> u64 {
        self.limit - self.left.get()
    }

    /// Spend `units`, or fail once the budget is gone.
    pub(crate) fn spend(&self, units: u64) -> Result<(), QueryError> {
        let left = self.left.get();
        if left < units {
            self.left.set(0);
            return Err(QueryError::evaluation(
                QueryErrorKind::TooComplex,
                format!(
                    "the query needs more work than the emulator allows for one query ({} \
                     steps: rows visited times conditions evaluated, subqueries and relation \
                     joins included); narrow the clause",
                    self.limit
                ),
            ));
        }
        self.left.set(left - units);
        Ok(())
    }

    pub(crate) fn hashed(&self) -> bool {
        self.hashed
    }

    pub(crate) fn subquery(&self, sq: &Subquery) -> Option<Rc<Candidates>> {
        self.subqueries
            .borrow()
            .get(&std::ptr::from_ref(sq))
            .cloned()
    }

    pub(crate) fn remember_subquery(&self, sq: &Subquery, c: Candidates) -> Rc<Candidates> {
        let c = Rc::new(c);
        self.subqueries
            .borrow_mut()
            .insert(std::ptr::from_ref(sq), Rc::clone(&c));
        c
    }

    /// The memoised literal list: `Some(None)` when it is known not to be all literals.
    pub(crate) fn list(
        &self,
        items: &NonEmpty<Operand>,
        collation: Collation,
    ) -> Option<Option<Rc<Candidates>>> {
        let key = (std::ptr::from_ref(items), collation);
        self.lists.borrow().get(&key).cloned()
    }

    pub(crate) fn remember_list(
        &self,
        items: &NonEmpty<Operand>,
        collation: Collation,
        c: Option<Candidates>,
    ) -> Option<Rc<Candidates>> {
        let c = c.map(Rc::new);
        let key = (std::ptr::from_ref(items), collation);
        self.lists.borrow_mut().insert(key, c.clone());
        c
    }

    /// The memoised OR-as-IN plan: `Some(None)` when the OR is not one.
    pub(crate) fn or_as_in(
        &self,
        j: &Junction,
        collation: Collation,
    ) -> Option<Option<Rc<OrAsIn>>> {
        let key = (std::ptr::from_ref(j), collation);
        self.ors.borrow().get(&key).cloned()
    }

    pub(crate) fn remember_or(
        &self,
        j: &Junction,
        collation: Collation,
        plan: Option<OrAsIn>,
    ) -> Option<Rc<OrAsIn>> {
        let plan = plan.map(Rc::new);
        let key = (std::ptr::from_ref(j), collation);
        self.ors.borrow_mut().insert(key, plan.clone());
        plan
    }
}
