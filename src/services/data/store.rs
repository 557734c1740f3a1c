//! The tables of one app and the write rules every object obeys: dynamic schema, type coercion,
//! system columns, required/unique/default constraints (data.md §2, §9).
//!
//! All tables sit behind one `RwLock` per app: a write that touches several rows or tables (bulk
//! operations, transactions, registering a user) is then atomic without lock ordering between
//! tables, and apps never contend with each other.

use std::collections::BTreeMap;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::errors;
use super::schema::{
    is_system_column, Column, DataType, CLASS, CREATED, OBJECT_ID, OWNER_ID, UPDATED,
};
use super::table::{Row, Table};
use super::values::coerce;
use crate::error::ApiError;
use crate::ids::IdGen;

/// The data of one app.
#[derive(Debug, Default)]
pub struct DataStore {
    tables: RwLock<Tables>,
}

impl DataStore {
    /// Run `f` with shared access to every table.
    pub fn read<R>(&self, f: impl FnOnce(&Tables) -> R) -> R {
        f(&self.tables.read())
    }

    /// Run `f` with exclusive access to every table.
    pub fn write<R>(&self, f: impl FnOnce(&mut Tables) -> R) -> R {
        f(&mut self.tables.write())
    }

    /// Snapshot of every table (schema and rows).
    pub fn export(&self) -> Value {
        serde_json::to_value(&*self.tables.read()).unwrap_or(Value::Null)
    }

    /// Rebuild from [`DataStore::export`] output.
    pub fn import(value: &Value) -> Result<Self, ApiError> {
        let mut tables: Tables = serde_json::from_value(value.clone()).map_err(|e| {
            ApiError::new(
                8002,
                format!("Could not parse request with message: data: {e}"),
            )
        })?;
        for t in tables.map.values_mut() {
            t.reindex();
        }
        Ok(DataStore {
            tables: RwLock::new(tables),
        })
    }
}

/// What a write needs to know about its caller and the app.
#[derive(Debug, Clone, Copy)]
pub struct WriteCtx<'a> {
    /// objectId of the calling user (becomes `ownerId` of new objects).
    pub owner_id: Option<&'a str>,
    /// Current time, epoch ms.
    pub now: i64,
    /// Whether unknown properties create columns (on) or are dropped (off).
    pub dynamic_schema: bool,
    /// Id generator for objectIds and schema ids.
    pub ids: &'a IdGen,
}

/// Every table of an app, by name (case-sensitive).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Tables {
    map: BTreeMap<String, Table>,
}

impl Tables {
    /// A table by name, or 1009.
    pub fn table(&self, name: &str) -> Result<&Table, ApiError> {
        self.map
            .get(name)
            .ok_or_else(|| errors::table_not_found(name))
    }

    /// A table by name, mutable, or 1009.
    pub fn table_mut(&mut self, name: &str) -> Result<&mut Table, ApiError> {
        self.map
            .get_mut(name)
            .ok_or_else(|| errors::table_not_found(name))
    }

    /// Whether a table exists.
    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Every table, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Table> {
        self.map.values()
    }

    /// Create an empty table (1161 when it exists).
    pub fn create_table(&mut self, name: &str, ids: &IdGen) -> Result<&mut Table, ApiError> {
        errors::check_table_name(name)?;
        if self.map.contains_key(name) {
            return Err(ApiError::templated(1161, &[name]));
        }
        let table = Table::new(name, ids.guid(), || ids.guid());
        Ok(self.map.entry(name.to_string()).or_insert(table))
    }

    /// Insert a table built elsewhere (the Users table).
    pub fn put_table(&mut self, table: Table) {
        self.map.insert(table.name.clone(), table);
    }

    /// Remove a table.
    pub fn drop_table(&mut self, name: &str) -> Result<Table, ApiError> {
        self.map
            .remove(name)
            .ok_or_else(|| errors::table_not_found(name))
    }

    /// Rename a table.
    pub fn rename_table(&mut self, from: &str, to: &str) -> Result<(), ApiError> {
        errors::check_table_name(to)?;
        if self.map.contains_key(to) {
            return Err(ApiError::templated(1161, &[to]));
        }
        let mut t = self
            .map
            .remove(from)
            .ok_or_else(|| errors::table_not_found(from))?;
        t.name = to.to_string();
        self.map.insert(to.to_string(), t);
        Ok(())
    }

    /// The table to save into: created on the fly when dynamic schema is on (else 1009).
    pub fn table_for_save(&mut self, name: &str, ctx: &WriteCtx) -> Result<&mut Table, ApiError> {
        if !self.map.contains_key(name) {
            if !ctx.dynamic_schema {
                return Err(errors::table_not_found(name));
            }
            self.create_table(name, ctx.ids)?;
        }
        self.table_mut(name)
    }

    /// Create an object from a client body; returns the stored object.
    pub fn insert(
        &mut self,
        table: &str,
        body: Map<String, Value>,
        ctx: &WriteCtx,
    ) -> Result<Map<String, Value>, ApiError> {
        let t = self.table_for_save(table, ctx)?;
        let id = match body.get(OBJECT_ID) {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Null) | None => ctx.ids.guid(),
            Some(_) => return Err(crate::services::data::values::invalid_type(OBJECT_ID)),
        };
        if t.contains(&id) {
            return Err(ApiError::templated(1155, &[&id]));
        }
        let mut row = Row::default();
        let mut supplied = std::collections::HashSet::new();
        for (key, value) in body {
            if key == CLASS || is_system_column(&key) {
                continue;
            }
            if let Some(i) = column_for_write(t, &key, &value, ctx)? {
                let col = &t.columns[i];
                if col.is_relation() {
                    continue;
                }
                let v = coerce(col, value)?;
                row.set(i, v);
                supplied.insert(i);
            }
        }
        for (i, col) in t.columns.iter().enumerate() {
            if col.system || supplied.contains(&i) {
                continue;
            }
            if col.data_type == DataType::AutoIncrement {
                let next = t.auto_increment.entry(col.name.clone()).or_insert(1);
                row.set(i, Value::from(*next));
                *next += 1;
            } else if !col.default_value.is_null() {
                row.set(i, col.default_value.clone());
            }
        }
        for (col_name, value) in [
            (OBJECT_ID, Value::String(id.clone())),
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
        t.insert_row(&id, row);
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
        let t = self.table_mut(table)?;
        let mut row = t
            .row(id)
            .cloned()
            .ok_or_else(|| errors::object_not_found(id))?;
        for (key, value) in body {
            if key == CLASS || is_system_column(&key) {
                continue;
            }
            if let Some(i) = column_for_write(t, &key, &value, ctx)? {
                let col = &t.columns[i];
                if col.is_relation() {
                    continue;
                }
                let v = coerce(col, value)?;
                row.set(i, v);
            }
        }
        if let Some(i) = t.column_index(UPDATED) {
            row.set(i, Value::from(ctx.now));
        }
        check_constraints(t, &row, Some(id))?;
        let obj = t.to_object(&row);
        if let Some(slot) = t.row_mut(id) {
            *slot = row;
        }
        Ok(obj)
    }

    /// Delete an object; relation links pointing at it disappear with it.
    pub fn delete(&mut self, table: &str, id: &str) -> Result<(), ApiError> {
        let t = self.table_mut(table)?;
        t.remove_row(id)
            .ok_or_else(|| errors::object_not_found(id))?;
        for other in self.map.values_mut() {
            let rel_cols: Vec<usize> = other
                .columns
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_relation() && c.related_table.as_deref() == Some(table))
                .map(|(i, _)| i)
                .collect();
            if rel_cols.is_empty() {
                continue;
            }
            for row in other.rows_mut() {
                for &i in &rel_cols {
                    unlink(row, i, id);
                }
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

/// Remove `child` from a relation cell (1:1 string or 1:N array).
fn unlink(row: &mut Row, index: usize, child: &str) {
    let cell = row.at(index).clone();
    match cell {
        Value::String(s) if s == child => row.set(index, Value::Null),
        Value::Array(ids) => {
            let kept: Vec<Value> = ids
                .into_iter()
                .filter(|v| v.as_str() != Some(child))
                .collect();
            row.set(index, Value::Array(kept));
        }
        _ => {}
    }
}

/// The column a property writes to: existing, created (dynamic schema), or none (dropped).
fn column_for_write(
    t: &mut Table,
    key: &str,
    value: &Value,
    ctx: &WriteCtx,
) -> Result<Option<usize>, ApiError> {
    if let Some(i) = t.column_index(key) {
        return Ok(Some(i));
    }
    if !ctx.dynamic_schema {
        return Ok(None);
    }
    errors::check_column_name(key)?;
    match DataType::infer(value) {
        // A nested object with ___class or objectId is a relation: plain saves do not create them.
        Some(DataType::Json) if value.get(CLASS).is_some() || value.get(OBJECT_ID).is_some() => {
            Ok(None)
        }
        Some(ty) => Ok(Some(t.add_column(Column::new(key, ty, ctx.ids.guid())))),
        // A null says nothing about the type: no column is created for it.
        None => Ok(None),
    }
}

/// Required and unique constraints of a row about to be stored (`existing` = its id on update).
fn check_constraints(t: &Table, row: &Row, existing: Option<&str>) -> Result<(), ApiError> {
    for (i, col) in t.columns.iter().enumerate() {
        if col.system || col.is_relation() {
            continue;
        }
        let v = row.at(i);
        if col.required && v.is_null() {
            return Err(match existing {
                None => ApiError::templated(1131, &[&col.name, &t.name]),
                Some(_) => ApiError::templated(1137, &[&col.name]),
            });
        }
        if col.unique && !v.is_null() {
            let clash = t
                .rows()
                .any(|other| other.at(i) == v && Some(t.object_id(other)) != existing);
            if clash {
                return Err(ApiError::templated(1155, &[&v.to_string()]));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx(ids: &IdGen) -> WriteCtx<'_> {
        WriteCtx {
            owner_id: None,
            now: 1000,
            dynamic_schema: true,
            ids,
        }
    }

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn insert_creates_table_and_columns_and_sets_system_fields() {
        let ids = IdGen::seeded(1);
        let mut t = Tables::default();
        let o = t
            .insert(
                "Person",
                obj(json!({"name": "Bob", "age": 3, "created": 5})),
                &ctx(&ids),
            )
            .expect("saved");
        assert_eq!(o["name"], "Bob");
        assert_eq!(o["created"], 1000);
        assert_eq!(o["updated"], Value::Null);
        assert_eq!(o["___class"], "Person");
        let id = o["objectId"].as_str().expect("id").to_string();
        assert_eq!(
            t.table("Person")
                .expect("table")
                .column("age")
                .expect("age")
                .data_type,
            DataType::Int
        );
        let u = t
            .update(
                "Person",
                &id,
                obj(json!({"age": "4"})),
                &WriteCtx {
                    now: 2000,
                    ..ctx(&ids)
                },
            )
            .expect("updated");
        assert_eq!(u["age"], 4);
        assert_eq!(u["updated"], 2000);
        assert_eq!(
            t.update("Person", &id, obj(json!({"age": "x"})), &ctx(&ids))
                .expect_err("bad")
                .code,
            1007
        );
        assert_eq!(
            t.find_by_id("Person", &id).expect("found")["age"],
            4,
            "failed update stored nothing"
        );
        t.delete("Person", &id).expect("deleted");
        assert_eq!(t.find_by_id("Person", &id).expect_err("gone").code, 1000);
    }

    #[test]
    fn dynamic_schema_off_drops_unknown_properties_and_refuses_unknown_tables() {
        let ids = IdGen::seeded(1);
        let mut t = Tables::default();
        t.insert("T", obj(json!({"a": 1})), &ctx(&ids))
            .expect("saved");
        let off = WriteCtx {
            dynamic_schema: false,
            ..ctx(&ids)
        };
        let o = t
            .insert("T", obj(json!({"a": 2, "b": 3})), &off)
            .expect("saved");
        assert!(o.get("b").is_none());
        assert_eq!(
            t.insert("U", obj(json!({"a": 1})), &off)
                .expect_err("no table")
                .code,
            1009
        );
    }

    #[test]
    fn unique_and_required_columns_are_enforced() {
        let ids = IdGen::seeded(1);
        let mut t = Tables::default();
        t.insert("T", obj(json!({"a": 1})), &ctx(&ids))
            .expect("saved");
        let table = t.table_mut("T").expect("t");
        table.column_mut("a").expect("a").unique = true;
        let mut req = Column::new("r", DataType::String, "X".into());
        req.required = true;
        req.default_value = json!("dflt");
        table.add_column(req);
        assert_eq!(
            t.insert("T", obj(json!({"a": 1})), &ctx(&ids))
                .expect_err("dup")
                .code,
            1155
        );
        let o = t
            .insert("T", obj(json!({"a": 2})), &ctx(&ids))
            .expect("default fills required");
        assert_eq!(o["r"], "dflt");
        assert_eq!(
            t.insert("T", obj(json!({"a": 3, "r": null})), &ctx(&ids))
                .expect_err("null")
                .code,
            1131
        );
    }
}
