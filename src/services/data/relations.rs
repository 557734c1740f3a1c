//! Relation links (data.md §6): a relation cell holds child objectIds (1:1 one string, 1:N an
//! array, in linking order). Set / add / delete children, and relation columns created on the
//! fly from a `name:ChildTable:1|n` spec.

use serde_json::Value;

use super::errors;
use super::schema::{Cardinality, Column, DataType};
use super::store::Tables;
use super::table::related_ids;
use crate::error::{ApiError, Code};
use crate::ids::IdGen;
use crate::services::data::schema::USERS;

/// How a relation operation changes the children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Replace the children with exactly these (D16, SET_RELATION).
    Set,
    /// Append these children (D17, ADD_RELATION).
    Add,
    /// Unlink these children (D18, DELETE_RELATION).
    Delete,
}

/// A relation column of a table, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationColumn {
    /// Column name.
    pub name: String,
    /// Child table.
    pub child_table: String,
    /// 1:1 or 1:N.
    pub cardinality: Cardinality,
}

impl Tables {
    /// The relation column `spec` names on `table`: an existing DATA_REF column, or
    /// `name:ChildTable:1|n` which creates it when missing (1127 otherwise).
    pub fn relation_column(
        &mut self,
        table: &str,
        spec: &str,
        ids: &IdGen,
    ) -> Result<RelationColumn, ApiError> {
        let mut parts = spec.split(':');
        let name = parts.next().unwrap_or_default().to_string();
        let declared = (parts.next(), parts.next());
        let t = self.table(table)?;
        if let Some(c) = t.column(&name) {
            return match (&c.related_table, c.is_relation()) {
                (Some(child), true) => Ok(RelationColumn {
                    name,
                    child_table: child.clone(),
                    cardinality: c.cardinality.unwrap_or(Cardinality::OneToOne),
                }),
                _ => Err(ApiError::templated(Code::RELATION_COLUMN_MISSING, &[&name])),
            };
        }
        let (Some(child), Some(card)) = declared else {
            return Err(ApiError::templated(Code::RELATION_COLUMN_MISSING, &[&name]));
        };
        let cardinality = match card {
            "1" => Cardinality::OneToOne,
            "n" | "N" => Cardinality::OneToMany,
            _ => return Err(ApiError::templated(Code::RELATION_COLUMN_MISSING, &[&name])),
        };
        if !self.contains(child) {
            return Err(ApiError::templated(Code::RELATED_TABLE_MISSING, &[child]));
        }
        errors::check_column_name(&name)?;
        let mut column = Column::new(&name, DataType::DataRef, ids.guid());
        column.related_table = Some(child.to_string());
        column.cardinality = Some(cardinality);
        self.add_column(table, column)?;
        Ok(RelationColumn {
            name,
            child_table: child.to_string(),
            cardinality,
        })
    }

    /// The children currently linked from a parent.
    pub fn children_of(
        &self,
        table: &str,
        parent_id: &str,
        column: &str,
    ) -> Result<Vec<String>, ApiError> {
        let t = self.table(table)?;
        let row = t
            .row(parent_id)
            .ok_or_else(|| errors::object_not_found(parent_id))?;
        Ok(related_ids(t.value(row, column))
            .into_iter()
            .map(str::to_string)
            .collect())
    }

    /// Change a parent's children; returns how many children the operation affected (set: the
    /// new set's size; add: how many were given; delete: how many were actually unlinked).
    pub fn link(
        &mut self,
        table: &str,
        parent_id: &str,
        relation: &RelationColumn,
        children: &[String],
        how: Link,
    ) -> Result<usize, ApiError> {
        let child_table = self.table(&relation.child_table)?;
        for id in children {
            if !child_table.contains(id) {
                return Err(if relation.child_table == USERS {
                    ApiError::templated(Code::USERS_RELATION_NEEDS_ID, &[])
                } else {
                    errors::object_not_found(id)
                });
            }
        }
        let current = self.children_of(table, parent_id, &relation.name)?;
        let (next, affected): (Vec<String>, usize) = match how {
            Link::Set => (dedup(children.to_vec()), dedup(children.to_vec()).len()),
            Link::Add => {
                let mut all = current.clone();
                all.extend(children.iter().cloned());
                if relation.cardinality == Cardinality::OneToOne {
                    (dedup(children.to_vec()), children.len())
                } else {
                    (dedup(all), children.len())
                }
            }
            Link::Delete => {
                let kept: Vec<String> = current
                    .iter()
                    .filter(|id| !children.contains(id))
                    .cloned()
                    .collect();
                let removed = current.len() - kept.len();
                (kept, removed)
            }
        };
        if relation.cardinality == Cardinality::OneToOne && next.len() > 1 {
            return Err(ApiError::templated(
                Code::ONE_TO_ONE_MANY_OBJECTS,
                &[&relation.name],
            ));
        }
        let cell = match relation.cardinality {
            Cardinality::OneToOne => next.first().cloned().map_or(Value::Null, Value::String),
            Cardinality::OneToMany => Value::Array(next.into_iter().map(Value::String).collect()),
        };
        let t = self.table(table)?;
        let index = t
            .column_index(&relation.name)
            .ok_or_else(|| ApiError::templated(Code::RELATION_COLUMN_MISSING, &[&relation.name]))?;
        let mut row = t
            .row(parent_id)
            .cloned()
            .ok_or_else(|| errors::object_not_found(parent_id))?;
        row.set(index, cell);
        self.replace_row(table, parent_id, row)?;
        Ok(affected)
    }
}

fn dedup(ids: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::data::store::WriteCtx;
    use serde_json::json;

    fn setup() -> (Tables, IdGen) {
        (Tables::default(), IdGen::seeded(3))
    }

    fn save(t: &mut Tables, ids: &IdGen, table: &str, v: Value) -> String {
        let ctx = WriteCtx {
            owner_id: None,
            now: 1,
            dynamic_schema: true,
            ids,
        };
        let o = t
            .insert(table, v.as_object().cloned().unwrap_or_default(), &ctx)
            .expect("saved");
        o["objectId"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn set_add_delete_and_one_to_one_limit() {
        let (mut t, ids) = setup();
        let p = save(&mut t, &ids, "P", json!({"n": 1}));
        let a = save(&mut t, &ids, "C", json!({"n": 1}));
        let b = save(&mut t, &ids, "C", json!({"n": 2}));
        assert_eq!(
            t.relation_column("P", "kids", &ids)
                .expect_err("missing")
                .code,
            1127
        );
        let many = t.relation_column("P", "kids:C:n", &ids).expect("created");
        assert_eq!(many.cardinality, Cardinality::OneToMany);
        assert_eq!(
            t.link("P", &p, &many, std::slice::from_ref(&a), Link::Set)
                .expect("set"),
            1
        );
        assert_eq!(
            t.link("P", &p, &many, std::slice::from_ref(&b), Link::Add)
                .expect("add"),
            1
        );
        assert_eq!(
            t.children_of("P", &p, "kids").expect("kids"),
            vec![a.clone(), b.clone()]
        );
        assert_eq!(
            t.link("P", &p, &many, &[a.clone(), "nope".into()], Link::Delete)
                .expect_err("unknown child")
                .code,
            1000
        );
        assert_eq!(
            t.link(
                "P",
                &p,
                std::slice::from_ref(&many).first().expect("m"),
                std::slice::from_ref(&a),
                Link::Delete
            )
            .expect("delete"),
            1
        );
        let one = t.relation_column("P", "best:C:1", &ids).expect("created");
        assert_eq!(
            t.link("P", &p, &one, &[a.clone(), b.clone()], Link::Set)
                .expect_err("two on 1:1")
                .code,
            1128
        );
        t.link("P", &p, &one, std::slice::from_ref(&a), Link::Set)
            .expect("one");
        t.delete("C", &a).expect("child deleted");
        assert!(t.children_of("P", &p, "best").expect("best").is_empty());
    }
}
