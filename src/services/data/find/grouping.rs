//! Data retrieval with grouping (D24: `POST /data/data-grouping/{table}` and `.../count`, the JS
//! SDK's `DataStore.group` / `countInGroup` with a `GroupQueryBuilder` body).
//!
//! The body is a find query (`where`, `property`, `excludeProps`, `sortBy`, `loadRelations`,
//! `relationsDepth`, `relationsPageSize`, `pageSize`, `offset`) plus `groupBy` (the grouping
//! columns, outermost first), `groupPath` (`[{column, value}]`: descend into one group first),
//! `groupDepth` (group levels returned, default 3 as in the Java SDK's `BackendlessGroupDataQuery`),
//! `groupPageSize` and `recordsPageSize` (groups per nested level, objects per innermost group).
//!
//! The answer is the tree the Swift SDK's `adaptToGroupResult` reads: `{hasNextPage, items}` where
//! each item is a group `{groupBy: {column, value}, hasNextPage, items}` or, below the last
//! grouping column, an object (it carries `___class`). The outermost level is paged by
//! `offset`/`pageSize`; groups are ordered by their value (descending when `sortBy` names the
//! column with `desc`), objects by `sortBy`. A group at the `groupDepth` limit holds no items and
//! says `hasNextPage: true`. `count` answers how many objects the group `groupPath` names holds.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::names::check_names;
use super::plan::Plan;
use super::project::Projector;
use super::select::Reader;
use crate::error::{ApiError, Code};
use crate::query::codes::{query_error, Clause};
use crate::query::{self, Collation, Operand, SortDirection};
use crate::services::data::options::{self, FindOptions, MAX_PAGE_SIZE};
use crate::services::data::table::{Row, Table};
use crate::services::security::Permission;

/// Group levels returned when the body does not say (Java SDK `GROUP_DEPTH`).
pub const DEFAULT_GROUP_DEPTH: usize = 3;
/// Most objects one grouped answer embeds (100 groups of 100 groups of 100 objects would be a
/// million).
const MAX_OBJECTS: usize = 10_000;

/// A parsed grouping request.
#[derive(Debug, Clone)]
pub struct GroupQuery {
    /// The find part: where, props, sort, relations; `offset`/`pageSize` page the outer level.
    pub plan: Plan,
    /// `groupBy` items, outermost first, with their parsed operands.
    pub columns: Vec<(String, Operand)>,
    /// `groupPath`: (index into `columns`, value) pairs.
    pub path: Vec<(usize, Value)>,
    /// Group levels returned.
    pub depth: usize,
    /// Groups per nested level.
    pub group_page_size: usize,
    /// Objects per innermost group.
    pub records_page_size: usize,
}

impl GroupQuery {
    /// [`GroupQuery::from_body`] with `app`'s `includeObjectIdByDefault`.
    pub fn for_app(app: &crate::apps::App, body: &Value) -> Result<Self, ApiError> {
        Self::from_body(body, app.settings.read().data.include_object_id_by_default)
    }

    /// Parse a `GroupQueryBuilder` body; `include_object_id` is the app's
    /// `includeObjectIdByDefault`.
    pub fn from_body(body: &Value, include_object_id: bool) -> Result<Self, ApiError> {
        let options = FindOptions::from_body(body)?;
        let plan = Plan::parse(&options)?.with_object_id_by_default(include_object_id);
        if plan.group_by.is_empty() {
            return Err(ApiError::missing_field("groupBy"));
        }
        let columns: Vec<(String, Operand)> = plan
            .group_by
            .iter()
            .map(|key| (key.to_string(), key.clone()))
            .collect();
        let path = match body.get("groupPath") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(steps)) => steps
                .iter()
                .map(|step| path_step(step, &columns))
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(bad("groupPath", other)),
        };
        let depth = match body.get("groupDepth") {
            None | Some(Value::Null) => DEFAULT_GROUP_DEPTH,
            Some(v) => match v.as_u64() {
                Some(n) => (n as usize).clamp(1, columns.len().max(1)),
                None => return Err(bad("groupDepth", v)),
            },
        };
        Ok(GroupQuery {
            plan,
            columns,
            path,
            depth,
            group_page_size: options::page_size(body.get("groupPageSize"))?,
            records_page_size: options::page_size(body.get("recordsPageSize"))?,
        })
    }

    /// The grouping columns below `groupPath`, outermost first.
    fn levels(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|i| !self.path.iter().any(|(p, _)| p == i))
            .collect()
    }
}

/// One `groupPath` step: `{column, value}` naming a `groupBy` column.
fn path_step(step: &Value, columns: &[(String, Operand)]) -> Result<(usize, Value), ApiError> {
    let column = step
        .get("column")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("groupPath", step))?;
    let index = columns
        .iter()
        .position(|(name, _)| name == column)
        .ok_or_else(|| {
            ApiError::new(
                Code::INVALID_QUERY_PROPERTIES,
                format!("Query contains invalid object properties: groupPath column '{column}' is not in groupBy"),
            )
        })?;
    Ok((index, step.get("value").cloned().unwrap_or(Value::Null)))
}

fn bad(option: &str, value: &Value) -> ApiError {
    ApiError::unparsable(&format!("invalid {option}: {value}"))
}

/// A group under construction: its value and member rows.
struct Group<'a> {
    value: Value,
    rows: Vec<&'a Row>,
}

impl<'a> Reader<'a> {
    /// D24 group: the grouped tree of `table`.
    pub fn group(&self, table_name: &str, q: &GroupQuery) -> Result<Value, ApiError> {
        let table = self.tables.table(table_name)?;
        let rows = self.group_rows_of(table, q)?;
        let mut plan = q.plan.clone();
        plan.group_by.clear();
        let projector = Projector::new(self.clone(), &plan)?;
        projector.check_load_relations(&table.name)?;
        let mut budget = MAX_OBJECTS;
        let builder = TreeBuilder {
            reader: self.clone(),
            table,
            query: q,
            plan: &plan,
            projector: &projector,
        };
        let (has_next, items) = builder.level(rows, &q.levels(), 0, &mut budget)?;
        Ok(json!({"hasNextPage": has_next, "items": items}))
    }

    /// D24 count: objects in the group `groupPath` names (every matching object without one).
    pub fn count_in_group(&self, table_name: &str, q: &GroupQuery) -> Result<usize, ApiError> {
        let table = self.tables.table(table_name)?;
        Ok(self.group_rows_of(table, q)?.len())
    }

    /// Rows matching the where clause that the caller may find, inside `groupPath`.
    fn group_rows_of(&self, table: &'a Table, q: &GroupQuery) -> Result<Vec<&'a Row>, ApiError> {
        check_names(self.tables, table, &q.plan)?;
        let rows = self.matching(table, q.plan.filter.as_ref(), Permission::Find)?;
        let mut kept = Vec::with_capacity(rows.len());
        for row in rows {
            let mut inside = true;
            for (index, wanted) in &q.path {
                let value = self.group_value(table, row, &q.columns[*index].1)?;
                if !same_value(&value, wanted) {
                    inside = false;
                    break;
                }
            }
            if inside {
                kept.push(row);
            }
        }
        Ok(kept)
    }

    fn group_value(
        &self,
        table: &'a Table,
        row: &'a Row,
        key: &Operand,
    ) -> Result<Value, ApiError> {
        query::evaluate_operand(key, &self.view(table, row))
            .map_err(|e| query_error(Clause::Options, &e))
    }
}

/// The identity of a group value: exact, except that `1` and `1.0` are the same number.
fn group_key(value: &Value) -> String {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) => format!("n:{f}"),
            None => format!("n:{n}"),
        },
        other => other.to_string(),
    }
}

fn same_value(a: &Value, b: &Value) -> bool {
    group_key(a) == group_key(b)
}

/// Builds the nested levels of one answer.
struct TreeBuilder<'r, 'a> {
    reader: Reader<'a>,
    table: &'a Table,
    query: &'r GroupQuery,
    plan: &'r Plan,
    projector: &'r Projector<'a>,
}

impl<'a> TreeBuilder<'_, 'a> {
    /// One level: groups by `levels[0]`, or objects when no grouping column is left.
    /// `nesting` counts the group levels above; returns (hasNextPage, items).
    fn level(
        &self,
        rows: Vec<&'a Row>,
        levels: &[usize],
        nesting: usize,
        budget: &mut usize,
    ) -> Result<(bool, Vec<Value>), ApiError> {
        let (offset, size) = if nesting == 0 {
            (self.plan.offset, self.plan.page_size)
        } else if levels.is_empty() {
            (0, self.query.records_page_size)
        } else {
            (0, self.query.group_page_size)
        };
        let Some((&column, rest)) = levels.split_first() else {
            let total = rows.len();
            let sorted = self.reader.sorted(
                self.table,
                rows,
                &self.plan.sort,
                offset.saturating_add(size),
            )?;
            let page: Vec<&Row> = sorted.into_iter().skip(offset).take(size).collect();
            spend(budget, page.len())?;
            let items = page
                .into_iter()
                .map(|row| self.projector.object(self.table, row).map(Value::Object))
                .collect::<Result<_, _>>()?;
            return Ok((offset.saturating_add(size) < total, items));
        };
        let groups = self.groups(rows, column)?;
        let total = groups.len();
        let (name, _) = &self.query.columns[column];
        let mut items = Vec::new();
        for group in groups
            .into_iter()
            .skip(offset)
            .take(size.min(MAX_PAGE_SIZE))
        {
            let mut item = Map::new();
            item.insert(
                "groupBy".into(),
                json!({"column": name, "value": group.value}),
            );
            if nesting + 1 >= self.query.depth && !rest.is_empty() {
                item.insert("hasNextPage".into(), Value::Bool(true));
                item.insert("items".into(), json!([]));
            } else {
                let (has_next, inner) = self.level(group.rows, rest, nesting + 1, budget)?;
                item.insert("hasNextPage".into(), Value::Bool(has_next));
                item.insert("items".into(), Value::Array(inner));
            }
            items.push(Value::Object(item));
        }
        Ok((offset.saturating_add(size) < total, items))
    }

    /// The rows split by one grouping column, ordered by value.
    fn groups(&self, rows: Vec<&'a Row>, column: usize) -> Result<Vec<Group<'a>>, ApiError> {
        let key = &self.query.columns[column].1;
        let mut groups: Vec<Group<'a>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let value = self.reader.group_value(self.table, row, key)?;
            let at = *index.entry(group_key(&value)).or_insert_with(|| {
                groups.push(Group {
                    value,
                    rows: Vec::new(),
                });
                groups.len() - 1
            });
            if let Some(group) = groups.get_mut(at) {
                group.rows.push(row);
            }
        }
        let descending = self
            .plan
            .sort
            .iter()
            .find(|k| &k.expr == key)
            .is_some_and(|k| k.direction == SortDirection::Desc);
        groups.sort_by(|a, b| {
            let order = query::compare_json_values(&a.value, &b.value, Collation::default());
            if descending {
                order.reverse()
            } else {
                order
            }
        });
        Ok(groups)
    }
}

/// Take `n` objects from the answer's budget.
fn spend(budget: &mut usize, n: usize) -> Result<(), ApiError> {
    *budget = budget.checked_sub(n).ok_or_else(|| {
        ApiError::new(
            Code::INVALID_RANGE,
            format!("Invalid value range: a grouped answer holds at most {MAX_OBJECTS} objects; lower groupPageSize or recordsPageSize"),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn group_values_are_exact_except_for_number_spelling() {
        assert!(same_value(&json!(1), &json!(1.0)));
        assert!(same_value(&json!(null), &json!(null)));
        assert!(!same_value(&json!(1), &json!("1")));
        assert!(!same_value(&json!("a"), &json!("A")));
        assert!(!same_value(&json!(true), &json!(1)));
    }

    #[test]
    fn group_by_is_required_and_group_path_must_name_a_group_by_column() {
        let q = |body: Value| GroupQuery::from_body(&body, false).map(|q| q.path.len());
        assert_eq!(q(json!({})).expect_err("no groupBy").code, 8010);
        assert_eq!(q(json!({"groupBy": ["a", "b"]})).expect("ok"), 0);
        let path = json!({"groupBy": ["a", "b"], "groupPath": [{"column": "b", "value": 1}]});
        assert_eq!(q(path).expect("ok"), 1);
        let stray = json!({"groupBy": ["a"], "groupPath": [{"column": "b", "value": 1}]});
        assert_eq!(q(stray).expect_err("not grouped").code, 1006);
        let depth = json!({"groupBy": ["a", "b"], "groupDepth": 9});
        assert_eq!(
            GroupQuery::from_body(&depth, false).expect("ok").depth,
            2,
            "no deeper than the grouping columns"
        );
    }
}
