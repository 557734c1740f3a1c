//! The find engine: filter the compact rows with the where clause, trim what the caller may not
//! see, sort (top-k when only a page is needed), page, and only then build JSON for the page.
//! Grouped queries (aggregates, groupBy, having) and distinct take their own path.

use serde_json::{Map, Value};

use super::names::check_names;
use super::order::{
    compare_cells, compare_keys, group_sort_value, plain_column, sort_value, SortCell,
};
use super::plan::Plan;
use super::project::Projector;
pub use super::reader::Reader;
use super::sort_index::MIN_ROWS;
use super::view::RowRef;
use crate::error::{ApiError, Code};
use crate::query::codes::{query_error, Clause};
use crate::query::{self, ColumnRef, CompareOp, Expr, InList, Literal, Operand, RowView, SortKey};
use crate::services::data::access::Gate;
use crate::services::data::schema::{CLASS, OBJECT_ID, OWNER_ID};
use crate::services::data::table::{Row, Table};
use crate::services::security::Permission;

impl<'a> Reader<'a> {
    /// Whether the where clause holds for a row (one row as a whole query).
    pub fn matches(&self, table: &'a Table, row: &'a Row, filter: &Expr) -> Result<bool, ApiError> {
        self.matches_in(&self.evaluator(), table, row, filter)
    }

    /// Whether the where clause holds for a row, as part of the query `eval` runs.
    pub fn matches_in<'q>(
        &self,
        eval: &query::Evaluator<'q>,
        table: &Table,
        row: &Row,
        filter: &'q Expr,
    ) -> Result<bool, ApiError> {
        eval.matches(filter, &self.view(table, row))
            .map_err(|e| query_error(Clause::Where, &e))
    }

    /// Whether the caller may do `permission` on a row.
    pub fn permits(&self, permission: Permission, table: &Table, row: &Row) -> bool {
        let id = table.object_id(row);
        let owner = table.value(row, OWNER_ID).as_str();
        self.actor
            .may_object(self.security, permission, &table.name, id, owner)
    }

    /// The refusal of `permission` on a row, naming the rule that refused it.
    pub fn refusal(&self, permission: Permission, table: &Table, row: &Row) -> ApiError {
        let id = table.object_id(row);
        let owner = table.value(row, OWNER_ID).as_str();
        self.actor
            .refusal(self.security, permission, &table.name, Some((id, owner)))
    }

    /// Rows matching `filter` that the caller may `permission`, in created order (security.md
    /// §4.2: denied objects are left out; 1013-style refusal when the table itself is denied).
    pub fn matching(
        &self,
        table: &'a Table,
        filter: Option<&Expr>,
        permission: Permission,
    ) -> Result<Vec<&'a Row>, ApiError> {
        // An id not found exactly may still match without case (MySQL collation): scan then.
        let by_id = filter
            .and_then(object_ids)
            .filter(|ids| ids.iter().all(|id| table.contains(id)));
        let candidates: Box<dyn Iterator<Item = &Row>> = match &by_id {
            Some(ids) => Box::new(table.rows_of(ids).into_iter()),
            None => Box::new(table.rows()),
        };
        let all = Limits {
            wanted: usize::MAX,
            read: usize::MAX,
        };
        Ok(self
            .select(table, candidates, filter, permission, all)?
            .unwrap_or_default())
    }

    /// The rows of `candidates`, in their order, that match `filter` and that the caller may
    /// `permission`: up to `limits.wanted` of them, or `None` when `limits.read` rows were read
    /// first. Refusals as [`Reader::matching`].
    fn select(
        &self,
        table: &'a Table,
        candidates: impl Iterator<Item = &'a Row>,
        filter: Option<&Expr>,
        permission: Permission,
        limits: Limits,
    ) -> Result<Option<Vec<&'a Row>>, ApiError> {
        let gate = Gate::new(self.actor, self.security, permission, &table.name);
        let uniform = gate.uniform();
        if uniform == Some(false) {
            return Err(self
                .actor
                .refusal(self.security, permission, &table.name, None));
        }
        let owner_index = table.column_index(OWNER_ID);
        let id_index = table.column_index(OBJECT_ID);
        let mut kept = Vec::new();
        let eval = self.evaluator();
        for (read, row) in candidates.enumerate() {
            if kept.len() == limits.wanted {
                return Ok(Some(kept));
            }
            if read == limits.read {
                return Ok(None);
            }
            if let Some(f) = filter {
                if !self.matches_in(&eval, table, row, f)? {
                    continue;
                }
            }
            // Without object ACLs or an owner policy the row itself is never read for security.
            let allowed = uniform.unwrap_or_else(|| {
                let owner = owner_index.and_then(|i| row.at(i).as_str());
                let id = id_index
                    .and_then(|i| row.at(i).as_str())
                    .unwrap_or_default();
                gate.allows(id, owner)
            });
            if allowed {
                kept.push(row);
            }
        }
        if kept.is_empty() && !gate.table_level() {
            return Err(self
                .actor
                .refusal(self.security, permission, &table.name, None));
        }
        Ok(Some(kept))
    }

    /// The first rows of a paged find sorted by plain columns, read in a kept sort order
    /// (`sort_index.rs`) until the page is full; `None` when the find is not of that kind or
    /// its matches are too sparse to find by walking (an eighth of the table read in vain).
    fn first_in_order(
        &self,
        table: &'a Table,
        plan: &Plan,
    ) -> Result<Option<Vec<&'a Row>>, ApiError> {
        let wanted = page_end(plan);
        let plain = !plan.sort.is_empty() && !plan.distinct && !plan.is_grouped();
        let by_id = plan.filter.as_ref().and_then(object_ids).is_some();
        if !plain || by_id || table.len() < MIN_ROWS || wanted > table.len() / 8 {
            return Ok(None);
        }
        let Some(columns) = plan
            .sort
            .iter()
            .map(|k| plain_column(table, k))
            .collect::<Option<Vec<usize>>>()
        else {
            return Ok(None);
        };
        let order = self.tables.sort_orders().order(table, &plan.sort, &columns);
        let rows = order.iter().filter_map(|seq| table.row_at(*seq));
        let limits = Limits {
            wanted,
            read: table.len() / 8,
        };
        self.select(table, rows, plan.filter.as_ref(), Permission::Find, limits)
    }

    /// D7 find: a page of objects (or groups).
    pub fn find(&self, table_name: &str, plan: &Plan) -> Result<Vec<Value>, ApiError> {
        let table = self.tables.table(table_name)?;
        check_names(self.tables, table, plan)?;
        let rows = match self.first_in_order(table, plan)? {
            Some(rows) => rows,
            None => self.matching(table, plan.filter.as_ref(), Permission::Find)?,
        };
        self.page_of(table, rows, plan)
    }

    /// Sort, group or dedupe already selected rows, then build the requested page.
    pub fn page_of(
        &self,
        table: &'a Table,
        rows: Vec<&'a Row>,
        plan: &Plan,
    ) -> Result<Vec<Value>, ApiError> {
        let projector = Projector::new(self.clone(), plan)?;
        projector.check_load_relations(&table.name)?;
        if plan.is_grouped() {
            return self.grouped(table, rows, plan, &projector);
        }
        let rows = self.sorted(table, rows, &plan.sort, page_end(plan))?;
        if plan.distinct && !plan.props.is_empty() {
            let mut seen: Vec<Map<String, Value>> = Vec::new();
            for row in rows {
                let mut obj = projector.object(table, row)?;
                obj.remove(OBJECT_ID);
                if !seen.contains(&obj) {
                    seen.push(obj);
                }
            }
            return Ok(page(seen.into_iter().map(Value::Object), plan));
        }
        page(rows.into_iter(), plan)
            .into_iter()
            .map(|row| projector.object(table, row).map(Value::Object))
            .collect()
    }

    /// D9 count: matching objects the caller may see; with groupBy, the number of groups
    /// (data.md §12 open question 9).
    pub fn count(&self, table_name: &str, plan: &Plan) -> Result<usize, ApiError> {
        let table = self.tables.table(table_name)?;
        check_names(self.tables, table, plan)?;
        let rows = self.matching(table, plan.filter.as_ref(), Permission::Find)?;
        if plan.group_by.is_empty() {
            return Ok(rows.len());
        }
        let views: Vec<RowRef> = rows.iter().map(|r| self.view(table, r)).collect();
        let dyn_views: Vec<&dyn RowView> = views.iter().map(|v| v as &dyn RowView).collect();
        query::group_rows(&plan.group_by, &dyn_views)
            .map(|g| g.len())
            .map_err(|e| query_error(Clause::Options, &e))
    }

    /// Sort rows by `keys` (stable: ties keep created order); only the first `needed` rows are
    /// put in order when that is fewer than all of them.
    pub fn sorted(
        &self,
        table: &'a Table,
        rows: Vec<&'a Row>,
        keys: &[SortKey],
        needed: usize,
    ) -> Result<Vec<&'a Row>, ApiError> {
        if keys.is_empty() {
            return Ok(rows);
        }
        // A sort key naming a plain column reads the stored value in place (no clone).
        let direct: Vec<Option<usize>> = keys.iter().map(|k| plain_column(table, k)).collect();
        let mut keyed: Vec<(Vec<SortCell>, usize, &Row)> = Vec::with_capacity(rows.len());
        for (pos, row) in rows.into_iter().enumerate() {
            let view = self.view(table, row);
            let mut values = Vec::with_capacity(keys.len());
            for (key, column) in keys.iter().zip(&direct) {
                values.push(match column {
                    // The stored cell is compared in place (no allocation for text).
                    Some(i) => SortCell::Stored(row.at(*i)),
                    None => SortCell::Computed(sort_value(&view, key)?),
                });
            }
            keyed.push((values, pos, row));
        }
        let cmp = |a: &(Vec<SortCell>, usize, &Row), b: &(Vec<SortCell>, usize, &Row)| {
            compare_cells(keys, &a.0, &b.0).then(a.1.cmp(&b.1))
        };
        if needed < keyed.len() {
            if needed == 0 {
                return Ok(Vec::new());
            }
            keyed.select_nth_unstable_by(needed - 1, cmp);
            keyed.truncate(needed);
        }
        keyed.sort_unstable_by(cmp);
        Ok(keyed.into_iter().map(|(_, _, row)| row).collect())
    }

    /// Aggregates, groupBy and having: one object per group, without objectId.
    fn grouped(
        &self,
        table: &'a Table,
        rows: Vec<&'a Row>,
        plan: &Plan,
        projector: &Projector,
    ) -> Result<Vec<Value>, ApiError> {
        let views: Vec<RowRef> = rows.iter().map(|r| self.view(table, r)).collect();
        let all: Vec<&dyn RowView> = views.iter().map(|v| v as &dyn RowView).collect();
        let opts = |e: query::QueryError| query_error(Clause::Options, &e);
        let groups = query::group_rows(&plan.group_by, &all).map_err(opts)?;
        let eval = self.evaluator();
        let mut out: Vec<(Vec<Value>, usize, Map<String, Value>)> = Vec::new();
        for (pos, members) in groups.into_iter().enumerate() {
            let group: Vec<&dyn RowView> = members
                .iter()
                .filter_map(|&i| all.get(i).copied())
                .collect();
            if let Some(having) = &plan.having {
                let keep = eval
                    .having(having, &plan.props, &group)
                    .map_err(|e| query_error(Clause::Having, &e))?;
                if !keep {
                    continue;
                }
            }
            let mut obj = Map::new();
            if plan.selects_defaults() {
                if let Some(&first) = members.first().and_then(|&i| rows.get(i)) {
                    obj = projector.object(table, first)?;
                }
                if !plan.props.is_empty() {
                    obj.remove(OBJECT_ID);
                }
            }
            obj.insert(CLASS.into(), Value::from(table.name.clone()));
            for p in &plan.props {
                if let Some(name) = p.output_name() {
                    obj.insert(name, query::project_group(p, &group).map_err(opts)?);
                }
            }
            let mut sort_values = Vec::with_capacity(plan.sort.len());
            for key in &plan.sort {
                sort_values.push(group_sort_value(key, &plan.props, &group)?);
            }
            out.push((sort_values, pos, obj));
        }
        out.sort_by(|a, b| compare_keys(&plan.sort, &a.0, &b.0).then(a.1.cmp(&b.1)));
        Ok(page(
            out.into_iter().map(|(_, _, o)| Value::Object(o)),
            plan,
        ))
    }
}

/// The objectIds a where clause is limited to, when it says so at its top level
/// (`objectId = 'a'`, `objectId in ('a','b')`, or either inside an AND): the SDK's bulk delete
/// by objects and relation conditions then read a handful of rows by index, not the table.
/// The whole clause is still evaluated on those rows.
fn object_ids(filter: &Expr) -> Option<Vec<&str>> {
    let is_object_id = |o: &Operand| match o {
        Operand::Column(ColumnRef {
            inverse: None,
            path,
        }) => matches!(path.segments(), [name] if name.as_str() == OBJECT_ID),
        _ => false,
    };
    match filter {
        Expr::Compare {
            left,
            op: CompareOp::Eq,
            right,
        } if is_object_id(left) => string_literal(right).map(|id| vec![id]),
        Expr::In {
            operand,
            list: InList::Values(values),
            negated: false,
        } if is_object_id(operand) => values.as_slice().iter().map(string_literal).collect(),
        Expr::And(j) => j.operands().iter().find_map(object_ids),
        _ => None,
    }
}

fn string_literal(o: &Operand) -> Option<&str> {
    match o {
        Operand::Literal(Literal::String(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// How far [`Reader::select`] goes.
#[derive(Clone, Copy)]
struct Limits {
    /// Rows to keep.
    wanted: usize,
    /// Rows to read.
    read: usize,
}

fn page_end(plan: &Plan) -> usize {
    if plan.distinct {
        usize::MAX
    } else {
        plan.offset.saturating_add(plan.page_size)
    }
}

fn page<T>(items: impl Iterator<Item = T>, plan: &Plan) -> Vec<T> {
    items.skip(plan.offset).take(plan.page_size).collect()
}

/// 1010 for first/last on an empty table (data.md §3 findFirst note).
pub fn empty_store() -> ApiError {
    ApiError::templated(Code::STORE_EMPTY, &[])
}
