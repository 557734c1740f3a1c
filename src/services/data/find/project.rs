//! Building the JSON of returned objects (data.md §3.1, §6.3): `props` with aliases, functions
//! and `*`, `excludeProps`, and embedded relations (`loadRelations`, `relationsDepth`,
//! `relationsPageSize`, `autoLoad` columns).

use serde_json::{Map, Value};

use super::plan::Plan;
use super::reader::Reader;
use crate::error::{ApiError, Code};
use crate::query::codes::{query_error, Clause};
use crate::query::{self};
use crate::services::data::schema::{Cardinality, CLASS, OBJECT_ID};
use crate::services::data::table::{related_ids, Row, Table};
use crate::services::security::Permission;

/// How deep `autoLoad` columns are followed inside loaded children (cycles stop there).
const AUTO_LOAD_DEPTH: usize = 3;
/// Most related objects one response embeds: `relationsDepth=10` over a 1:N relation of itself
/// would otherwise ask for 10^10 copies.
const MAX_EMBEDDED: usize = 100_000;

/// Builds returned objects for one query.
pub struct Projector<'a> {
    reader: Reader<'a>,
    plan: &'a Plan,
    paths: Vec<Vec<String>>,
    embedded: std::cell::Cell<usize>,
}

impl<'a> Projector<'a> {
    /// A projector for `plan`; LOAD_RELATIONS is checked once when relations are requested.
    pub fn new(reader: Reader<'a>, plan: &'a Plan) -> Result<Self, ApiError> {
        let paths = plan
            .relations
            .paths
            .iter()
            .map(|p| p.split('.').map(|s| s.trim().to_string()).collect())
            .collect();
        Ok(Projector {
            reader,
            plan,
            paths,
            embedded: std::cell::Cell::new(0),
        })
    }

    /// Check LOAD_RELATIONS on the queried table when relations are requested explicitly.
    pub fn check_load_relations(&self, table: &str) -> Result<(), ApiError> {
        if self.plan.relations.any()
            && !self
                .reader
                .actor
                .may(self.reader.security, Permission::LoadRelations, table)
        {
            return Err(self.reader.actor.refusal(
                self.reader.security,
                Permission::LoadRelations,
                table,
                None,
            ));
        }
        Ok(())
    }

    /// The object returned for one row.
    pub fn object(&self, table: &Table, row: &Row) -> Result<Map<String, Value>, ApiError> {
        let plan = self.plan;
        let mut obj = if plan.selects_defaults() {
            table.to_object(row)
        } else {
            let mut m = Map::new();
            m.insert(CLASS.into(), Value::from(table.name.clone()));
            m
        };
        if !plan.props.is_empty() {
            let view = self.reader.view(table, row);
            for p in &plan.props {
                let Some(name) = p.output_name() else {
                    continue;
                };
                let value =
                    query::project_row(p, &view).map_err(|e| query_error(Clause::Options, &e))?;
                obj.insert(name, value);
            }
            if !plan.selects_defaults() && !plan.distinct && plan.include_object_id {
                obj.insert(OBJECT_ID.into(), Value::from(table.object_id(row)));
            }
        }
        for name in &plan.exclude {
            if name != OBJECT_ID && name != CLASS {
                obj.remove(name);
            }
        }
        let paths: Vec<&[String]> = self.paths.iter().map(Vec::as_slice).collect();
        self.expand(table, row, &mut obj, &paths, plan.relations.depth, 0)?;
        Ok(obj)
    }

    /// A related child as embedded: its default columns plus its own nested relations.
    fn child(
        &self,
        table: &Table,
        row: &Row,
        paths: &[&[String]],
        depth: usize,
        level: usize,
    ) -> Result<Value, ApiError> {
        let count = self.embedded.get() + 1;
        if count > MAX_EMBEDDED {
            return Err(ApiError::new(
                Code::INVALID_RANGE,
                format!("Invalid value range: a response may embed at most {MAX_EMBEDDED} related objects; lower relationsDepth or relationsPageSize"),
            ));
        }
        self.embedded.set(count);
        let mut obj = table.to_object(row);
        self.expand(table, row, &mut obj, paths, depth, level)?;
        Ok(Value::Object(obj))
    }

    fn expand(
        &self,
        table: &Table,
        row: &Row,
        obj: &mut Map<String, Value>,
        paths: &[&[String]],
        depth: usize,
        level: usize,
    ) -> Result<(), ApiError> {
        for (i, column) in table.columns.iter().enumerate() {
            if !column.is_relation() {
                continue;
            }
            let name = &column.name;
            let explicit = paths
                .iter()
                .any(|p| p.first().is_some_and(|s| s == name || s == "*"));
            let auto = column.auto_load && level < AUTO_LOAD_DEPTH;
            if !explicit && depth == 0 && !auto {
                continue;
            }
            let rest: Vec<&[String]> = paths
                .iter()
                .filter(|p| p.first().is_some_and(|s| s == name) && p.len() > 1)
                .map(|p| &p[1..])
                .collect();
            let Some(child_table) = column
                .related_table
                .as_deref()
                .and_then(|t| self.reader.tables.table(t).ok())
            else {
                continue;
            };
            let limit = match column.cardinality {
                Some(Cardinality::OneToMany) => self.plan.relations.page_size.max(1),
                _ => 1,
            };
            let mut children = Vec::new();
            for id in related_ids(row.at(i)) {
                if children.len() == limit {
                    break;
                }
                let Some(child) = child_table.row(id) else {
                    continue;
                };
                if !self.reader.permits(Permission::Find, child_table, child) {
                    continue;
                }
                children.push(self.child(
                    child_table,
                    child,
                    &rest,
                    depth.saturating_sub(1),
                    level + 1,
                )?);
            }
            let value = match column.cardinality {
                Some(Cardinality::OneToMany) => Value::Array(children),
                // data.md §12 open question 6: a requested 1:1 relation without a child is
                // `null` (the SDK reads the property either way; absent would hide the request).
                _ => children.into_iter().next().unwrap_or(Value::Null),
            };
            obj.insert(name.clone(), value);
        }
        Ok(())
    }
}
