//! The write rules every object obeys (data.md §2, §9): dynamic schema, type coercion, system
//! columns, required/unique/default constraints, JSON update operators; and delete with its
//! relation clean-up. Every change goes through the journaled primitives of `store.rs`.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::errors;
use super::find::view::RowRef;
use super::json_update;
use super::schema::{
    is_system_column, Column, DataType, CLASS, CREATED, OBJECT_ID, OWNER_ID, UPDATED,
};
use super::store::{Tables, WriteCtx};
use super::table::{Row, Table};
use super::values::{coerce, invalid_type};
use crate::error::{ApiError, Code};
use crate::query::{self, Projection};

/// Keys the SDKs add to payloads that are never columns.
const CLIENT_MARKERS: [&str; 4] = [CLASS, "__subID", "__originSubID", "___jsonclass"];

/// Whether a body key is never stored as a column value.
pub fn is_ignored_key(key: &str) -> bool {
    CLIENT_MARKERS.contains(&key) || is_system_column(key)
}

/// Whether a value is a nested data object. A plain save ignores it (data.md §12 open question
/// 5: newer Backendless only links related objects through deep save or the relation API).
pub fn is_related_object(value: &Value) -> bool {
    let nested = |v: &Value| {
        v.as_object().is_some_and(|o| {
            o.contains_key(OBJECT_ID)
                || o.get(CLASS).and_then(Value::as_str).is_some_and(|c| {
                    !c.starts_with("com.backendless") && c != "BackendlessExpression"
                })
                || o.contains_key("__originSubID")
        })
    };
    match value {
        Value::Object(_) => nested(value),
        Value::Array(items) => items.first().is_some_and(nested),
        _ => false,
    }
}

impl Tables {
    /// The table to save into: created on the fly when dynamic schema is on (else 1009).
    pub fn table_for_save(&mut self, name: &str, ctx: &WriteCtx) -> Result<&Table, ApiError> {
        if !self.contains(name) {
            if !ctx.dynamic_schema {
                return Err(errors::table_not_found(name));
            }
            self.create_table(name, ctx.ids)?;
        }
        self.table(name)
    }

    /// Create an object from a client body; returns the stored object (relations omitted).
    pub fn insert(
        &mut self,
        table: &str,
        body: Map<String, Value>,
        ctx: &WriteCtx,
    ) -> Result<Map<String, Value>, ApiError> {
        let id = self.insert_id(table, &body, ctx)?;
        self.insert_with_id(table, &id, body, ctx)
    }

    /// The objectId a new object gets: the client's (must be unused) or a generated one.
    pub fn insert_id(
        &mut self,
        table: &str,
        body: &Map<String, Value>,
        ctx: &WriteCtx,
    ) -> Result<String, ApiError> {
        let t = self.table_for_save(table, ctx)?;
        let id = match body.get(OBJECT_ID) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Null) | None => ctx.ids.guid(),
            Some(_) => return Err(invalid_type(OBJECT_ID)),
        };
        if t.contains(&id) {
            return Err(ApiError::templated(Code::DUPLICATE_ENTRY, &[&id]));
        }
        Ok(id)
    }

    /// Create an object with a known, unused objectId.
    pub fn insert_with_id(
        &mut self,
        table: &str,
        id: &str,
        body: Map<String, Value>,
        ctx: &WriteCtx,
    ) -> Result<Map<String, Value>, ApiError> {
        self.table_for_save(table, ctx)?;
        let body = self.admit_columns(table, body, ctx)?;
        let t = self.table(table)?;
        // Sized once: growing cell by cell would leave up to twice the capacity per row.
        let mut row = Row::nulls(t.columns.len());
        let empty = Row::default();
        let mut supplied = HashSet::new();
        for (key, value) in body {
            let Some(i) = t.column_index(&key) else {
                continue;
            };
            let col = &t.columns[i];
            let value = self.expression_value(t, &empty, value, ctx.now)?;
            let v = write_value(col, &Value::Null, value)?;
            row.set(i, v);
            supplied.insert(i);
        }
        let mut next_auto = Vec::new();
        for (i, col) in t.columns.iter().enumerate() {
            if col.system || col.is_relation() || supplied.contains(&i) {
                continue;
            }
            if col.data_type == DataType::AutoIncrement {
                let next = t.auto_increment.get(&col.name).copied().unwrap_or(1);
                row.set(i, Value::from(next));
                next_auto.push((col.name.clone(), next + 1));
            } else if !col.default_value.is_null() {
                row.set(i, col.default_value.clone());
            }
        }
        for (col_name, value) in [
            (OBJECT_ID, Value::String(id.to_string())),
            (
                OWNER_ID,
                ctx.owner_id
                    .map(|o| Value::String(o.to_string()))
                    .unwrap_or(Value::Null),
            ),
            (CREATED, Value::from(ctx.now)),
            (UPDATED, Value::Null),
        ] {
            if let Some(i) = t.column_index(col_name) {
                row.set(i, value);
            }
        }
        check_constraints(t, &row, None)?;
        let obj = t.to_object(&row);
        // AUTO_INCREMENT counters are not rolled back, as in MySQL.
        let tm = self.table_mut(table)?;
        for (name, next) in next_auto {
            tm.auto_increment.insert(name, next);
        }
        self.insert_row(table, id, row)?;
        Ok(obj)
    }

    /// Apply a partial update to an existing object; returns the stored object.
    pub fn update(
        &mut self,
        table: &str,
        id: &str,
        body: Map<String, Value>,
        ctx: &WriteCtx,
    ) -> Result<Map<String, Value>, ApiError> {
        if !self.table(table)?.contains(id) {
            return Err(errors::object_not_found(id));
        }
        let body = self.admit_columns(table, body, ctx)?;
        let t = self.table(table)?;
        let before = t.row(id).ok_or_else(|| errors::object_not_found(id))?;
        let mut row = before.clone();
        for (key, value) in body {
            let Some(i) = t.column_index(&key) else {
                continue;
            };
            let col = &t.columns[i];
            let value = self.expression_value(t, before, value, ctx.now)?;
            let v = write_value(col, &row.at(i).as_value(), value)?;
            row.set(i, v);
        }
        if let Some(i) = t.column_index(UPDATED) {
            row.set(i, Value::from(ctx.now));
        }
        check_constraints(t, &row, Some(id))?;
        let obj = t.to_object(&row);
        self.replace_row(table, id, row)?;
        Ok(obj)
    }

    /// Keep the storable properties of a body, creating columns for unknown ones when dynamic
    /// schema is on (else they are dropped silently, data.md §2.1).
    fn admit_columns(
        &mut self,
        table: &str,
        body: Map<String, Value>,
        ctx: &WriteCtx,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut kept = Map::with_capacity(body.len());
        for (key, value) in body {
            if is_ignored_key(&key) {
                continue;
            }
            let t = self.table(table)?;
            if let Some(col) = t.column(&key) {
                if !col.is_relation() {
                    kept.insert(key, value);
                }
                continue;
            }
            if !ctx.dynamic_schema || is_related_object(&value) {
                continue;
            }
            errors::check_column_name(&key)?;
            // A null says nothing about the type: no column is created for it.
            let Some(ty) = DataType::infer(&value) else {
                continue;
            };
            self.add_column(table, Column::new(&key, ty, ctx.ids.guid()))?;
            kept.insert(key, value);
        }
        Ok(kept)
    }

    /// A `BackendlessExpression` value (data.md §0.2, e.g. `age + 1`) computed over the row as it
    /// was before the write; any other value unchanged.
    fn expression_value(
        &self,
        table: &Table,
        row: &Row,
        value: Value,
        now: i64,
    ) -> Result<Value, ApiError> {
        let Some(text) = expression_text(&value) else {
            return Ok(value);
        };
        let invalid = |e: &dyn std::fmt::Display| {
            ApiError::templated(
                Code::UNPARSABLE_REQUEST,
                &[&format!("invalid BackendlessExpression '{text}': {e}")],
            )
        };
        let items = query::parse_props(text).map_err(|e| invalid(&e))?;
        let [Projection::Item { expr, alias: None }] = items.as_slice() else {
            return Err(invalid(&"expected one value expression"));
        };
        // Arithmetic over the object's own values (data.md §2.2): no relation path, inverted
        // relation or relation column, which would read objects the caller may not find.
        let foreign = expr.columns().into_iter().any(|c| {
            let segments = c.path.segments();
            c.inverse.is_some()
                || segments.len() > 1
                || segments
                    .first()
                    .and_then(|name| table.column(name.as_str()))
                    .is_some_and(|col| col.is_relation())
        });
        if foreign {
            return Err(invalid(&"it may read only the object's own columns"));
        }
        query::evaluate_operand(expr, &RowRef::new(self, table, row, now)).map_err(|e| invalid(&e))
    }

    /// Delete an object; relation links pointing at it disappear with it.
    pub fn delete(&mut self, table: &str, id: &str) -> Result<(), ApiError> {
        self.delete_many(table, &[id.to_string()])
    }

    /// Delete objects, then unlink them from every relation in one pass over the referencing
    /// tables (a bulk delete does not rescan them per object).
    pub fn delete_many(&mut self, table: &str, ids: &[String]) -> Result<(), ApiError> {
        for id in ids {
            self.remove_row(table, id)?;
        }
        let gone: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let pointing: Vec<(String, usize)> = self
            .iter()
            .flat_map(|other| {
                other
                    .columns
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_relation() && c.related_table.as_deref() == Some(table))
                    .map(|(i, _)| (other.name.clone(), i))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (other, index) in pointing {
            let t = self.table(&other)?;
            let changed: Vec<(String, Row)> = t
                .rows()
                .filter_map(|row| {
                    let unlinked = unlink(&row.at(index).as_value(), &gone)?;
                    let mut new_row = row.clone();
                    new_row.set(index, unlinked);
                    Some((t.object_id(row).to_string(), new_row))
                })
                .collect();
            for (parent, row) in changed {
                self.replace_row(&other, &parent, row)?;
            }
        }
        Ok(())
    }

    /// An object by id (without relations).
    pub fn find_by_id(&self, table: &str, id: &str) -> Result<Map<String, Value>, ApiError> {
        let t = self.table(table)?;
        let row = t.row(id).ok_or_else(|| errors::object_not_found(id))?;
        Ok(t.to_object(row))
    }
}

/// The formula of a `{"___class": "BackendlessExpression", "value": "..."}` value.
fn expression_text(value: &Value) -> Option<&str> {
    let o = value.as_object()?;
    (o.get(CLASS)?.as_str()? == "BackendlessExpression")
        .then(|| o.get("value").and_then(Value::as_str))
        .flatten()
}

/// The cell without the `gone` children, or `None` when it held none of them.
fn unlink(cell: &Value, gone: &HashSet<&str>) -> Option<Value> {
    let linked = |v: &Value| v.as_str().is_some_and(|id| gone.contains(id));
    match cell {
        Value::String(s) if gone.contains(s.as_str()) => Some(Value::Null),
        Value::Array(ids) if ids.iter().any(linked) => Some(Value::Array(
            ids.iter().filter(|v| !linked(v)).cloned().collect(),
        )),
        _ => None,
    }
}

/// The value a column stores after a write of `value` over `current`: JSON update operators
/// (data.md §7) apply to the current document; anything else is coerced to the column type.
pub fn write_value(col: &Column, current: &Value, value: Value) -> Result<Value, ApiError> {
    if let Value::Object(o) = &value {
        if o.contains_key(json_update::OPERATION) {
            if col.data_type != DataType::Json {
                return Err(invalid_type(&col.name));
            }
            let updated = json_update::apply(current, o)?;
            // The operators can build a document deeper than any request body could carry.
            if crate::nesting::depth_of(&updated) > crate::nesting::MAX_DEPTH {
                return Err(ApiError::templated(
                    Code::NESTED_TOO_DEEP,
                    &[
                        &format!("The value of {}", col.name),
                        &crate::nesting::MAX_DEPTH.to_string(),
                    ],
                ));
            }
            return Ok(updated);
        }
    }
    if matches!(&value, Value::Array(_)) && !accepts_arrays(col.data_type) {
        return Err(ApiError::templated(
            Code::PRIMITIVE_COLLECTION,
            &[&col.name],
        ));
    }
    coerce(col, value)
}

fn accepts_arrays(ty: DataType) -> bool {
    matches!(
        ty,
        DataType::Json
            | DataType::GeoRef
            | DataType::Unknown
            | DataType::Point
            | DataType::Linestring
            | DataType::Polygon
            | DataType::Geometry
    )
}

/// Required and unique constraints of a row about to be stored (`existing` = its id on update).
pub fn check_constraints(t: &Table, row: &Row, existing: Option<&str>) -> Result<(), ApiError> {
    for (i, col) in t.columns.iter().enumerate() {
        if col.system || col.is_relation() {
            continue;
        }
        let v = row.at(i);
        if col.required && v.is_null() {
            return Err(match existing {
                None => ApiError::templated(Code::REQUIRED_COLUMN_MISSING, &[&col.name, &t.name]),
                Some(_) => ApiError::templated(Code::PROPERTY_NULL, &[&col.name]),
            });
        }
        if col.unique && !v.is_null() {
            let clash = t
                .rows()
                .any(|other| other.at(i) == v && Some(t.object_id(other)) != existing);
            if clash {
                let text = v
                    .as_str()
                    .map_or_else(|| v.to_value().to_string(), str::to_string);
                return Err(ApiError::templated(Code::DUPLICATE_ENTRY, &[&text]));
            }
        }
    }
    Ok(())
}
