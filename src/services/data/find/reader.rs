//! [`Reader`]: one caller's reading of the tables, with what it may see and its query budget.
//! The find engine (`select.rs`) and the projection of objects (`project.rs`) both read through it.

use std::rc::Rc;

use super::view::RowRef;
use crate::query;
use crate::services::data::access::{Actor, Visibility};
use crate::services::data::store::Tables;
use crate::services::data::table::{Row, Table};
use crate::services::security::SecurityState;

/// Reads data for one caller.
#[derive(Clone)]
pub struct Reader<'a> {
    /// Every table.
    pub tables: &'a Tables,
    /// The app's permissions.
    pub security: &'a SecurityState,
    /// Who reads.
    pub actor: Actor<'a>,
    /// Current time.
    pub now: i64,
    /// Units of work each query may spend ([`query::Evaluator`]).
    pub budget: u64,
    /// What the caller may find, shared by every view this reader makes.
    visibility: Rc<Visibility<'a>>,
}

impl<'a> Reader<'a> {
    /// A reader of `tables` for `actor`, with the default query budget.
    pub fn new(
        tables: &'a Tables,
        security: &'a SecurityState,
        actor: Actor<'a>,
        now: i64,
    ) -> Self {
        Reader {
            tables,
            security,
            actor,
            now,
            budget: query::DEFAULT_BUDGET,
            visibility: Rc::new(Visibility::new(actor, security)),
        }
    }

    /// The same reader with another budget of work per query.
    pub fn with_budget(mut self, budget: u64) -> Self {
        self.budget = budget;
        self
    }

    /// A view of one row as this caller sees it (relations and subqueries trimmed to what it
    /// may find).
    pub fn view<'v>(&'v self, table: &'v Table, row: &'v Row) -> RowRef<'v> {
        RowRef::new(self.tables, table, row, self.now).seen_by(&self.visibility)
    }

    /// The evaluator of one query: its budget, and subqueries computed once for all its rows.
    pub fn evaluator<'q>(&self) -> query::Evaluator<'q> {
        query::Evaluator::new(self.budget)
    }
}
