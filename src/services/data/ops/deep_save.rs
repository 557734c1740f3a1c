//! Deep save (data.md §2.4, D11): an object tree saved in one atomic block. Every object is
//! created (no objectId) or partially updated (objectId), and each relation property given
//! replaces that relation's children: `null` / `[]` unlink them all. Tables and columns must
//! exist (no dynamic schema: 1126 for a plain property, 1127 for a relation). SDK cycle markers
//! (`__subID` / `{"__originSubID": id}`) link an object already saved in the same tree.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{object_body, DataOps};
use crate::error::{ApiError, Code};
use crate::services::data::relations::{Link, RelationColumn};
use crate::services::data::schema::USERS;
use crate::services::data::schema::{Cardinality, CLASS, OBJECT_ID};
use crate::services::data::store::Tables;
use crate::services::data::write::{is_ignored_key, is_related_object};
use crate::services::security::Permission;
use crate::services::security::SecurityState;

/// Deepest object tree accepted (serde_json already stops nesting bombs at 128 levels).
const MAX_DEPTH: usize = 32;

/// One saved object of the tree and the relations the request touched.
enum Node {
    Saved {
        table: String,
        id: String,
        relations: Vec<(String, Cardinality, Vec<Node>)>,
    },
    /// A cycle marker: an object saved elsewhere in the tree.
    Ref { table: String, id: String },
}

impl DataOps<'_> {
    /// D11 `PUT /data/T/deep-save`: the root object with the touched relations expanded.
    pub fn deep_save(
        &mut self,
        t: &mut Tables,
        table: &str,
        body: Value,
    ) -> Result<Map<String, Value>, ApiError> {
        let body = object_body(body)?;
        let mut subs = HashMap::new();
        let node = self.save_node(t, table, body, &mut subs, 0)?;
        match render(t, &node)? {
            Value::Object(o) => Ok(o),
            _ => Err(ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &["deep save of a reference"],
            )),
        }
    }

    fn save_node(
        &mut self,
        t: &mut Tables,
        table: &str,
        mut body: Map<String, Value>,
        subs: &mut HashMap<String, String>,
        depth: usize,
    ) -> Result<Node, ApiError> {
        if depth > MAX_DEPTH {
            return Err(ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &["the object tree is nested too deeply"],
            ));
        }
        let sub_id = body
            .get("__subID")
            .and_then(Value::as_str)
            .map(str::to_string);
        let given_id = match body.get(OBJECT_ID) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let tb = t.table(table)?;
        let secret = self
            .rules_of(table)
            .map(|r| r.secret_property().to_string());
        let mut plain = Map::new();
        let mut relations: Vec<(RelationColumn, Value)> = Vec::new();
        for (key, value) in std::mem::take(&mut body) {
            if is_ignored_key(&key) {
                continue;
            }
            if secret.as_deref() == Some(key.as_str()) {
                plain.insert(key, value);
                continue;
            }
            match tb.column(&key) {
                Some(c) if c.is_relation() => relations.push((
                    RelationColumn {
                        name: key.clone(),
                        child_table: c.related_table.clone().unwrap_or_default(),
                        cardinality: c.cardinality.unwrap_or(Cardinality::OneToOne),
                    },
                    value,
                )),
                Some(_) => {
                    plain.insert(key, value);
                }
                None if is_related_object(&value) => {
                    return Err(ApiError::templated(Code::RELATION_COLUMN_MISSING, &[&key]))
                }
                None => return Err(ApiError::templated(Code::SAVE_COLUMN_MISSING, &[&key])),
            }
        }
        if table == USERS && depth > 0 && (given_id.is_none() || !plain.is_empty()) {
            return Err(ApiError::templated(Code::USERS_RELATION_NEEDS_ID, &[]));
        }
        let exists = given_id.as_deref().is_some_and(|id| tb.contains(id));
        let id = match (given_id, exists) {
            (Some(id), true) => {
                // A child linked by objectId must be one the caller may find (as in D16/D17).
                if depth > 0 {
                    self.require_on_object(t, Permission::Find, table, &id)?;
                }
                if !plain.is_empty() {
                    self.require_on_object(t, Permission::Update, table, &id)?;
                    self.update_object(t, table, &id, plain)?;
                }
                id
            }
            (given, _) => {
                self.actor.require(
                    &self.services.get::<SecurityState>(),
                    Permission::Add,
                    table,
                )?;
                if let Some(id) = given {
                    plain.insert(OBJECT_ID.into(), Value::String(id));
                }
                let obj = self.insert_object(t, table, plain)?;
                obj.get(OBJECT_ID)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            }
        };
        if let Some(sub) = sub_id {
            subs.insert(sub, id.clone());
        }
        let mut touched = Vec::new();
        for (relation, value) in relations {
            self.require_on_object(t, Permission::AddRelation, table, &id)?;
            let items = match value {
                Value::Null => Vec::new(),
                Value::Array(items) => items,
                Value::Object(o) => vec![Value::Object(o)],
                _ => return Err(crate::services::data::values::invalid_type(&relation.name)),
            };
            let mut children = Vec::with_capacity(items.len());
            for item in items {
                let item = object_body(item)?;
                if let Some(class) = item.get(CLASS).and_then(Value::as_str) {
                    if class != relation.child_table {
                        return Err(ApiError::templated(Code::MIXED_RELATED_TYPES, &[]));
                    }
                }
                let child = match item.get("__originSubID").and_then(Value::as_str) {
                    Some(origin) => Node::Ref {
                        table: relation.child_table.clone(),
                        id: subs.get(origin).cloned().ok_or_else(|| {
                            ApiError::templated(
                                Code::UNPARSABLE_REQUEST,
                                &["a __originSubID names no saved object"],
                            )
                        })?,
                    },
                    None => self.save_node(t, &relation.child_table, item, subs, depth + 1)?,
                };
                children.push(child);
            }
            let ids: Vec<String> = children.iter().map(|c| node_id(c).to_string()).collect();
            t.link(table, &id, &relation, &ids, Link::Set)?;
            touched.push((relation.name, relation.cardinality, children));
        }
        Ok(Node::Saved {
            table: table.to_string(),
            id,
            relations: touched,
        })
    }
}

fn node_id(node: &Node) -> &str {
    match node {
        Node::Saved { id, .. } | Node::Ref { id, .. } => id,
    }
}

/// The stored object of a node with its touched, non-empty relations expanded.
fn render(t: &Tables, node: &Node) -> Result<Value, ApiError> {
    match node {
        Node::Ref { table, id } => Ok(Value::Object(t.find_by_id(table, id)?)),
        Node::Saved {
            table,
            id,
            relations,
        } => {
            let mut obj = t.find_by_id(table, id)?;
            for (name, cardinality, children) in relations {
                if children.is_empty() {
                    continue;
                }
                let rendered = children
                    .iter()
                    .map(|c| render(t, c))
                    .collect::<Result<Vec<_>, _>>()?;
                let value = match cardinality {
                    Cardinality::OneToMany => Value::Array(rendered),
                    Cardinality::OneToOne => rendered.into_iter().next().unwrap_or(Value::Null),
                };
                obj.insert(name.clone(), value);
            }
            Ok(Value::Object(obj))
        }
    }
}
