//! Relation operations (data.md §6): set (D16), add (D17) and delete (D18) children given by
//! objectId or by a where clause on the child table, and the relation page (D19).

use serde_json::Value;

use super::{DataOps, Notice};
use crate::error::{ApiError, Code};
use crate::query::Expr;
use crate::services::data::find::{check_names, Plan};
use crate::services::data::relations::Link;
use crate::services::data::store::Tables;
use crate::services::realtime::{RelationChange, RelationEvent};
use crate::services::security::Permission;

/// Which children a relation operation names.
#[derive(Debug, Clone)]
pub enum Children {
    /// These objectIds.
    Ids(Vec<String>),
    /// The child-table rows matching this where clause (that the caller may FIND).
    Where(Option<Box<Expr>>),
}

impl DataOps<'_> {
    /// D16/D17/D18: change the children of `parent_id`'s relation `column_spec`
    /// (`name` or `name:ChildTable:1|n`); returns how many children were affected.
    pub fn relate(
        &mut self,
        t: &mut Tables,
        table: &str,
        parent_id: &str,
        column_spec: &str,
        children: Children,
        how: Link,
    ) -> Result<usize, ApiError> {
        match how {
            Link::Set => {
                self.require_on_object(t, Permission::AddRelation, table, parent_id)?;
                self.require_on_object(t, Permission::DeleteRelation, table, parent_id)?;
            }
            Link::Add => self.require_on_object(t, Permission::AddRelation, table, parent_id)?,
            Link::Delete => {
                self.require_on_object(t, Permission::DeleteRelation, table, parent_id)?
            }
        }
        let relation = t.relation_column(table, column_spec, self.ids)?;
        let (ids, where_clause) = match children {
            Children::Ids(ids) => {
                if how != Link::Delete {
                    self.require_findable(t, &relation.child_table, &ids)?;
                }
                (ids, None)
            }
            Children::Where(filter) => {
                let text = filter.as_ref().map(ToString::to_string).unwrap_or_default();
                let ids = self.matching_ids(
                    t,
                    &relation.child_table,
                    filter.as_deref(),
                    Permission::Find,
                )?;
                (ids, Some(text))
            }
        };
        let count = t.link(table, parent_id, &relation, &ids, how)?;
        let event = match how {
            Link::Set => RelationEvent::Set,
            Link::Add => RelationEvent::Add,
            Link::Delete => RelationEvent::Delete,
        };
        self.notify(Notice::Relation {
            table: table.to_string(),
            event,
            column: relation.name.clone(),
            change: RelationChange {
                parent_object_id: parent_id.to_string(),
                children: ids,
                where_clause,
            },
        });
        Ok(count)
    }

    /// A relation write links only children the caller may FIND (1013 otherwise, as a find by
    /// id of that child answers): linking must not attach, or confirm, an object the caller
    /// cannot see. Unknown ids are left to the link itself (1000).
    pub fn require_findable(
        &self,
        t: &Tables,
        child_table: &str,
        ids: &[String],
    ) -> Result<(), ApiError> {
        let tb = t.table(child_table)?;
        for id in ids {
            if tb.contains(id) {
                self.require_on_object(t, Permission::Find, child_table, id)?;
            }
        }
        Ok(())
    }

    /// D19 `GET /data/T/{id}/{rel}`: a page of the children (LOAD_RELATIONS on the parent, FIND
    /// on each child; where / sortBy / props apply to the child table).
    pub fn relation_page(
        &self,
        t: &Tables,
        table: &str,
        parent_id: &str,
        column: &str,
        plan: &Plan,
    ) -> Result<Vec<Value>, ApiError> {
        self.require_on_object(t, Permission::LoadRelations, table, parent_id)?;
        let tb = t.table(table)?;
        let col = tb
            .column(column)
            .filter(|c| c.is_relation())
            .ok_or_else(|| ApiError::templated(Code::RELATION_COLUMN_MISSING, &[column]))?;
        let child_name = col
            .related_table
            .clone()
            .ok_or_else(|| ApiError::templated(Code::RELATION_COLUMN_MISSING, &[column]))?;
        let child_ids = t.children_of(table, parent_id, column)?;
        let child = t.table(&child_name)?;
        check_names(t, child, plan)?;
        let reader = self.reader(t);
        let eval = reader.evaluator();
        let mut rows = Vec::new();
        for id in &child_ids {
            let Some(row) = child.row(id) else {
                continue;
            };
            if let Some(f) = &plan.filter {
                if !reader.matches_in(&eval, child, row, f)? {
                    continue;
                }
            }
            if reader.permits(Permission::Find, child, row) {
                rows.push(row);
            }
        }
        reader.page_of(child, rows, plan)
    }
}
