//! The tables of one app behind one lock, with an undo journal for all-or-nothing writes.
//!
//! All tables sit behind one `RwLock` per app: a write that touches several rows or tables (bulk
//! operations, transactions, deep save, registering a user) is then atomic without lock ordering
//! between tables, and apps never contend with each other. Inside [`Tables::atomic`] every row
//! and schema change is journaled as its inverse, so a failure part-way rolls back exactly what
//! was done (O(changes), never a copy of a 100k-row table).
//!
//! The write rules themselves (dynamic schema, coercion, constraints) are in `write.rs`.

use std::collections::BTreeMap;

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};

use super::errors;
use super::find::sort_index::SortOrders;
use super::schema::Column;
use super::table::{Row, Table};
use crate::apps::ServiceState;
use crate::error::{ApiError, Code};
use crate::ids::IdGen;
use crate::services::blocking::{changed, lock_or_yield};

/// Most columns a table may have, system and relation columns included: MySQL's InnoDB limit
/// (Backendless stores tables in MySQL), past which Backendless answers 1149.
pub const MAX_COLUMNS: usize = 1017;

/// The data of one app.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DataStore {
    tables: RwLock<Tables>,
}

impl ServiceState for DataStore {
    const KEY: &'static str = "data";

    fn loaded(self) -> Result<Self, String> {
        for t in self.tables.write().map.values_mut() {
            t.reindex();
        }
        Ok(self)
    }

    /// Tables share their row trees with the source: O(tables + columns), not O(rows).
    fn forked(&self) -> Result<Self, String> {
        Ok(DataStore {
            tables: RwLock::new(self.tables.read().clone()),
        })
    }
}

impl DataStore {
    /// Run `f` with shared access to every table.
    pub fn read<R>(&self, f: impl FnOnce(&Tables) -> R) -> R {
        f(&lock_or_yield(
            || self.tables.try_read(),
            || self.tables.read(),
        ))
    }

    /// Run `f` with exclusive access to every table.
    pub fn write<R>(&self, f: impl FnOnce(&mut Tables) -> R) -> R {
        let mut tables = lock_or_yield(|| self.tables.try_write(), || self.tables.write());
        changed();
        f(&mut tables)
    }

    /// Run `f` with exclusive access; if it fails, every change it made is undone.
    pub fn atomic<R>(
        &self,
        f: impl FnOnce(&mut Tables) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let mut tables = lock_or_yield(|| self.tables.try_write(), || self.tables.write());
        changed();
        tables.atomic(f)
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

/// The inverse of one change made inside [`Tables::atomic`].
#[derive(Debug)]
enum Undo {
    TableCreated(String),
    ColumnsAdded {
        table: String,
        len: usize,
    },
    RowInserted {
        table: String,
        id: String,
    },
    RowReplaced {
        table: String,
        id: String,
        row: Row,
    },
    RowRemoved {
        table: String,
        seq: u64,
        id: String,
        row: Row,
    },
}

/// Every table of an app, by name (case-sensitive).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Tables {
    /// Boxed: a map node holds room for eleven entries, and an app has few tables.
    map: BTreeMap<String, Box<Table>>,
    #[serde(skip)]
    journal: Option<Vec<Undo>>,
    /// Row orders of paged, sorted finds (`find/sort_index.rs`).
    #[serde(skip)]
    sort_orders: SortOrders,
}

/// A copy that shares every row with the original (see `table.rs`); an open undo journal
/// belongs to the original's running write and is not copied.
impl Clone for Tables {
    fn clone(&self) -> Self {
        Tables {
            map: self.map.clone(),
            journal: None,
            sort_orders: SortOrders::default(),
        }
    }
}

impl Tables {
    /// The kept row orders of sorted finds.
    pub(crate) fn sort_orders(&self) -> &SortOrders {
        &self.sort_orders
    }

    /// A table by name, or 1009.
    pub fn table(&self, name: &str) -> Result<&Table, ApiError> {
        self.map
            .get(name)
            .map(|t| &**t)
            .ok_or_else(|| errors::table_not_found(name))
    }

    /// A table by name, mutable, or 1009. Row changes made through it bypass the undo journal:
    /// inside [`Tables::atomic`] use [`Tables::insert_row`] and friends.
    pub fn table_mut(&mut self, name: &str) -> Result<&mut Table, ApiError> {
        self.map
            .get_mut(name)
            .map(|t| &mut **t)
            .ok_or_else(|| errors::table_not_found(name))
    }

    /// Whether a table exists.
    pub fn contains(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    /// Every table, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Table> {
        self.map.values().map(|t| &**t)
    }

    /// The table whose console id is `table_id`.
    pub fn by_table_id(&self, table_id: &str) -> Option<&Table> {
        self.map
            .values()
            .map(|t| &**t)
            .find(|t| t.table_id == table_id)
    }

    /// Run `f`; on error undo every journaled change it made. Nested calls join the outer one.
    pub fn atomic<R>(
        &mut self,
        f: impl FnOnce(&mut Tables) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        if self.journal.is_some() {
            return f(self);
        }
        self.journal = Some(Vec::new());
        let result = f(self);
        let journal = self.journal.take().unwrap_or_default();
        if result.is_err() {
            for undo in journal.into_iter().rev() {
                self.undo(undo);
            }
        }
        result
    }

    fn log(&mut self, undo: Undo) {
        if let Some(journal) = &mut self.journal {
            journal.push(undo);
        }
    }

    fn undo(&mut self, undo: Undo) {
        match undo {
            Undo::TableCreated(name) => {
                self.map.remove(&name);
            }
            Undo::ColumnsAdded { table, len } => {
                if let Some(t) = self.map.get_mut(&table) {
                    t.truncate_columns(len);
                }
            }
            Undo::RowInserted { table, id } => {
                if let Some(t) = self.map.get_mut(&table) {
                    t.remove_row(&id);
                }
            }
            Undo::RowReplaced { table, id, row } => {
                if let Some(t) = self.map.get_mut(&table) {
                    t.replace_row(&id, row);
                }
            }
            Undo::RowRemoved {
                table,
                seq,
                id,
                row,
            } => {
                if let Some(t) = self.map.get_mut(&table) {
                    t.restore_row(seq, &id, row);
                }
            }
        }
    }

    /// Create an empty table (1161 when it exists).
    pub fn create_table(&mut self, name: &str, ids: &IdGen) -> Result<&mut Table, ApiError> {
        errors::check_table_name(name)?;
        if self.map.contains_key(name) {
            return Err(ApiError::templated(Code::TABLE_EXISTS, &[name]));
        }
        self.log(Undo::TableCreated(name.to_string()));
        let table = Table::new(name, ids.guid(), || ids.guid());
        Ok(self.map.entry(name.to_string()).or_insert(Box::new(table)))
    }

    /// Insert a table built elsewhere (the Users table).
    pub fn put_table(&mut self, table: Table) {
        self.map.insert(table.name.clone(), Box::new(table));
    }

    /// Remove a table and every relation column of other tables that points to it.
    pub fn drop_table(&mut self, name: &str) -> Result<Table, ApiError> {
        let table = self
            .map
            .remove(name)
            .ok_or_else(|| errors::table_not_found(name))?;
        let table = *table;
        for other in self.map.values_mut() {
            let pointing: Vec<String> = other
                .columns
                .iter()
                .filter(|c| c.is_relation() && c.related_table.as_deref() == Some(name))
                .map(|c| c.name.clone())
                .collect();
            for column in pointing {
                other.remove_column(&column);
            }
        }
        Ok(table)
    }

    /// Rename a table; relation columns pointing to it follow.
    pub fn rename_table(&mut self, from: &str, to: &str) -> Result<(), ApiError> {
        errors::check_table_name(to)?;
        if self.map.contains_key(to) {
            return Err(ApiError::templated(Code::TABLE_EXISTS, &[to]));
        }
        let mut t = self
            .map
            .remove(from)
            .ok_or_else(|| errors::table_not_found(from))?;
        t.name = to.to_string();
        self.map.insert(to.to_string(), t);
        for other in self.map.values_mut() {
            for c in other.columns.iter_mut() {
                if c.related_table.as_deref() == Some(from) {
                    c.related_table = Some(to.to_string());
                }
            }
        }
        Ok(())
    }

    /// Append a column to a table (journaled); 1149 past [`MAX_COLUMNS`].
    pub fn add_column(&mut self, table: &str, column: Column) -> Result<usize, ApiError> {
        let len = self.table(table)?.columns.len();
        if len >= MAX_COLUMNS {
            return Err(ApiError::templated(Code::TOO_MANY_COLUMNS, &[]));
        }
        // Columns added one after another undo with one truncation, not one per column.
        let covered = matches!(
            self.journal.as_ref().and_then(|j| j.last()),
            Some(Undo::ColumnsAdded { table: t, len: l }) if t == table && *l <= len
        );
        if !covered {
            self.log(Undo::ColumnsAdded {
                table: table.to_string(),
                len,
            });
        }
        Ok(self.table_mut(table)?.add_column(column))
    }

    /// Store a new row (journaled); its objectId must be unused.
    pub fn insert_row(&mut self, table: &str, id: &str, row: Row) -> Result<(), ApiError> {
        self.table_mut(table)?.insert_row(id, row);
        self.log(Undo::RowInserted {
            table: table.to_string(),
            id: id.to_string(),
        });
        Ok(())
    }

    /// Replace an object's row (journaled).
    pub fn replace_row(&mut self, table: &str, id: &str, row: Row) -> Result<(), ApiError> {
        let old = self
            .table_mut(table)?
            .replace_row(id, row)
            .ok_or_else(|| errors::object_not_found(id))?;
        self.log(Undo::RowReplaced {
            table: table.to_string(),
            id: id.to_string(),
            row: old,
        });
        Ok(())
    }

    /// Remove an object's row (journaled: the row moves into the undo log).
    pub fn remove_row(&mut self, table: &str, id: &str) -> Result<(), ApiError> {
        let (seq, row) = self
            .table_mut(table)?
            .take_row(id)
            .ok_or_else(|| errors::object_not_found(id))?;
        self.log(Undo::RowRemoved {
            table: table.to_string(),
            seq,
            id: id.to_string(),
            row,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::data::schema::DataType;
    use serde_json::{json, Value};

    fn ctx(ids: &IdGen) -> WriteCtx<'_> {
        WriteCtx {
            owner_id: None,
            now: 1000,
            dynamic_schema: true,
            ids,
        }
    }

    #[test]
    fn a_failed_atomic_block_undoes_rows_columns_and_tables() {
        let ids = IdGen::seeded(1);
        let mut t = Tables::default();
        let kept = t
            .insert(
                "A",
                json!({"x": 1}).as_object().cloned().unwrap_or_default(),
                &ctx(&ids),
            )
            .expect("saved");
        let kept_id = kept["objectId"].as_str().unwrap_or_default().to_string();
        let result: Result<(), ApiError> = t.atomic(|t| {
            let body = |v: Value| v.as_object().cloned().unwrap_or_default();
            t.insert("A", body(json!({"x": 2, "y": "new"})), &ctx(&ids))?;
            t.update("A", &kept_id, body(json!({"x": 5})), &ctx(&ids))?;
            t.insert("B", body(json!({"z": true})), &ctx(&ids))?;
            t.delete("A", &kept_id)?;
            Err(ApiError::new(Code::OBJECT_NOT_FOUND, "boom"))
        });
        assert!(result.is_err());
        assert!(!t.contains("B"));
        let a = t.table("A").expect("A");
        assert_eq!(a.len(), 1);
        assert!(a.column("y").is_none());
        assert_eq!(t.find_by_id("A", &kept_id).expect("restored")["x"], 1);
        assert_eq!(
            a.column("x").map(|c| c.data_type),
            Some(DataType::Int),
            "schema intact"
        );
    }
}
