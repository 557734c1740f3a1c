//! One table: its schema and its rows, stored compactly.
//!
//! A row is a boxed slice of [`Cell`]s aligned with the table's columns (no per-row key strings,
//! 24 bytes a cell). Rows live in
//! an `imbl::OrdMap` keyed by insertion sequence (the default `created` order) and an objectId →
//! sequence `imbl::OrdMap` index. These are persistent B-trees: they grow node by node (a table of
//! 100k rows never stalls on a whole-table rehash) and a clone shares every node, so forking or
//! snapshotting an app costs O(tables), and a write to a shared table copies only the nodes on
//! its path (O(log n)) instead of the whole table.

use std::collections::{BTreeMap, HashMap};

use imbl::OrdMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use super::cell::Cell;
use super::cell::NULL;
use super::schema::{Column, DataType, CLASS, CREATED, OBJECT_ID, OWNER_ID, UPDATED};

/// The ids held by a relation cell: a 1:1 cell is one id string, a 1:N cell an array of them.
pub fn related_ids(cell: &Cell) -> Vec<&str> {
    cell.related_ids()
}

/// A stored object: one cell per column, in column order (missing trailing cells are null).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Row(Box<[Cell]>);

impl Row {
    /// A row of `len` nulls.
    pub fn nulls(len: usize) -> Self {
        Row(vec![Cell::Null; len].into_boxed_slice())
    }

    /// The cell at a column index (null when the row predates the column).
    pub fn at(&self, index: usize) -> &Cell {
        self.0.get(index).unwrap_or(&NULL)
    }

    /// Set the value at a column index, growing the row as needed.
    pub fn set(&mut self, index: usize, value: Value) {
        if self.0.len() <= index {
            let mut cells = std::mem::take(&mut self.0).into_vec();
            cells.resize(index + 1, Cell::Null);
            self.0 = cells.into_boxed_slice();
        }
        self.0[index] = Cell::from(value);
    }

    fn remove(&mut self, index: usize) {
        if index < self.0.len() {
            let mut cells = std::mem::take(&mut self.0).into_vec();
            cells.remove(index);
            self.0 = cells.into_boxed_slice();
        }
    }

    fn truncate(&mut self, len: usize) {
        if len < self.0.len() {
            let mut cells = std::mem::take(&mut self.0).into_vec();
            cells.truncate(len);
            self.0 = cells.into_boxed_slice();
        }
    }
}

/// A table: schema plus rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Table name (case-sensitive).
    pub name: String,
    /// Stable id, as the console shows it.
    pub table_id: String,
    /// Columns in creation order; the first four are the system columns.
    pub columns: Vec<Column>,
    /// Whether this is a system table (Users).
    pub system: bool,
    #[serde(skip)]
    index: HashMap<String, usize>,
    rows: OrdMap<u64, Row>,
    #[serde(skip)]
    by_id: OrdMap<Box<str>, u64>,
    next_seq: u64,
    /// Next value of each AUTO_INCREMENT column.
    #[serde(default)]
    pub auto_increment: BTreeMap<String, i64>,
}

impl Table {
    /// An empty table with the four system columns.
    pub fn new(name: &str, table_id: String, mut column_id: impl FnMut() -> String) -> Self {
        let mut columns = Vec::new();
        for (col, ty) in [
            (OBJECT_ID, DataType::StringId),
            (OWNER_ID, DataType::String),
            (CREATED, DataType::Datetime),
            (UPDATED, DataType::Datetime),
        ] {
            let mut c = Column::new(col, ty, column_id());
            c.system = true;
            c.data_size = None;
            columns.push(c);
        }
        let mut table = Table {
            name: name.to_string(),
            table_id,
            columns,
            system: false,
            index: HashMap::new(),
            rows: OrdMap::new(),
            by_id: OrdMap::new(),
            next_seq: 0,
            auto_increment: BTreeMap::new(),
        };
        table.reindex_columns();
        table
    }

    /// Rebuild the lookup indexes after deserialisation or a schema change.
    pub fn reindex(&mut self) {
        self.reindex_columns();
        let id_col = self.column_index(OBJECT_ID).unwrap_or(0);
        self.by_id = self
            .rows
            .iter()
            .filter_map(|(seq, row)| {
                row.at(id_col)
                    .as_str()
                    .map(|id| (Box::<str>::from(id), *seq))
            })
            .collect();
    }

    fn reindex_columns(&mut self) {
        self.index = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), i))
            .collect();
    }

    /// The index of a column.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.column_index(name).map(|i| &self.columns[i])
    }

    /// A column by name, mutable.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.column_index(name).map(move |i| &mut self.columns[i])
    }

    /// Append a column (existing rows read it as null until written); O(1), so a body with
    /// many new properties costs linear time, not quadratic.
    pub fn add_column(&mut self, column: Column) -> usize {
        let index = self.columns.len();
        self.index.insert(column.name.clone(), index);
        // Exact: columns are added rarely and a table lives long, so spare room is only waste.
        self.columns.reserve_exact(1);
        self.columns.push(column);
        index
    }

    /// Remove a column and its values from every row.
    pub fn remove_column(&mut self, name: &str) -> Option<Column> {
        let i = self.column_index(name)?;
        self.update_rows(|row| row.remove(i));
        let removed = self.columns.remove(i);
        self.reindex_columns();
        Some(removed)
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether an object with this id exists.
    pub fn contains(&self, object_id: &str) -> bool {
        self.by_id.contains_key(object_id)
    }

    /// The row of an object.
    pub fn row(&self, object_id: &str) -> Option<&Row> {
        self.by_id.get(object_id).and_then(|seq| self.rows.get(seq))
    }

    /// The row of an object, mutable.
    pub fn row_mut(&mut self, object_id: &str) -> Option<&mut Row> {
        let seq = *self.by_id.get(object_id)?;
        self.rows.get_mut(&seq)
    }

    /// Store a new row; its objectId must already be set and unused.
    pub fn insert_row(&mut self, object_id: &str, row: Row) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.rows.insert(seq, row);
        self.by_id.insert(Box::from(object_id), seq);
    }

    /// Remove a row.
    pub fn remove_row(&mut self, object_id: &str) -> Option<Row> {
        self.take_row(object_id).map(|(_, row)| row)
    }

    /// Remove a row, returning its insertion sequence so an undo can put it back in place.
    pub fn take_row(&mut self, object_id: &str) -> Option<(u64, Row)> {
        let seq = self.by_id.remove(object_id)?;
        self.rows.remove(&seq).map(|row| (seq, row))
    }

    /// Put a removed row back at its old sequence (undo of [`Table::take_row`]).
    pub fn restore_row(&mut self, seq: u64, object_id: &str, row: Row) {
        self.rows.insert(seq, row);
        self.by_id.insert(Box::from(object_id), seq);
    }

    /// Replace the row of an object, returning the previous one.
    pub fn replace_row(&mut self, object_id: &str, row: Row) -> Option<Row> {
        let slot = self.row_mut(object_id)?;
        Some(std::mem::replace(slot, row))
    }

    /// Drop columns added after the first `len` (undo of [`Table::add_column`]); rows keep no
    /// values past the schema because every row written since was restored or removed first.
    pub fn truncate_columns(&mut self, len: usize) {
        for dropped in self.columns.drain(len.min(self.columns.len())..) {
            self.index.remove(&dropped.name);
        }
        self.update_rows(|row| row.truncate(len));
    }

    /// Rows in insertion (created) order.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = &Row> {
        self.rows.values()
    }

    /// Rows with their insertion sequence numbers, in that order.
    pub(crate) fn sequenced_rows(&self) -> impl Iterator<Item = (u64, &Row)> {
        self.rows.iter().map(|(seq, row)| (*seq, row))
    }

    /// The row with this insertion sequence number.
    pub(crate) fn row_at(&self, seq: u64) -> Option<&Row> {
        self.rows.get(&seq)
    }

    /// A copy of the rows that shares every node with them: it tells later whether they
    /// changed ([`Table::same_rows`]).
    pub(crate) fn rows_snapshot(&self) -> OrdMap<u64, Row> {
        self.rows.clone()
    }

    /// Whether no row changed since `snapshot` was taken (O(1)).
    pub(crate) fn same_rows(&self, snapshot: &OrdMap<u64, Row>) -> bool {
        self.rows.ptr_eq(snapshot)
    }

    /// The rows of these objects (unknown ids skipped), in insertion (created) order.
    pub fn rows_of<'a>(&'a self, ids: &[&str]) -> Vec<&'a Row> {
        let mut seqs: Vec<u64> = ids
            .iter()
            .filter_map(|id| self.by_id.get(*id).copied())
            .collect();
        seqs.sort_unstable();
        seqs.dedup();
        seqs.iter().filter_map(|seq| self.rows.get(seq)).collect()
    }

    /// Apply `f` to every row, in insertion order (a schema change); only rows `f` changes
    /// stop sharing their nodes with a fork.
    pub fn update_rows(&mut self, mut f: impl FnMut(&mut Row)) {
        let seqs: Vec<u64> = self.rows.keys().copied().collect();
        for seq in seqs {
            let Some(row) = self.rows.get(&seq) else {
                continue;
            };
            let mut changed = row.clone();
            f(&mut changed);
            if &changed != row {
                self.rows.insert(seq, changed);
            }
        }
    }

    /// A cell of a row by column name.
    pub fn value<'a>(&self, row: &'a Row, column: &str) -> &'a Cell {
        match self.column_index(column) {
            Some(i) => row.at(i),
            None => &NULL,
        }
    }

    /// The objectId of a row.
    pub fn object_id<'a>(&self, row: &'a Row) -> &'a str {
        self.value(row, OBJECT_ID).as_str().unwrap_or("")
    }

    /// The JSON object of a row: `___class`, system columns and every non-relation column.
    pub fn to_object(&self, row: &Row) -> Map<String, Value> {
        let mut obj = Map::with_capacity(self.columns.len() + 1);
        for (i, c) in self.columns.iter().enumerate() {
            if c.is_relation() {
                continue;
            }
            obj.insert(c.name.clone(), row.at(i).to_value());
        }
        obj.insert(CLASS.to_string(), Value::String(self.name.clone()));
        obj
    }
}
