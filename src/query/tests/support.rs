//! An in-memory `RowView` over a tiny multi-table database, for evaluator tests.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::query::{evaluate, parse_where, Cardinality, Collation, ColumnKind, RowView};

/// "Now" for every test row: 2020-06-15 12:34:56.789 UTC.
pub(super) const NOW_MS: i64 = 1_592_224_496_789;

#[derive(Default)]
pub(super) struct Table {
    schema: HashMap<String, ColumnKind>,
    targets: HashMap<String, String>,
    rows: Vec<Map<String, Value>>,
}

#[derive(Default)]
pub(super) struct Db {
    tables: HashMap<String, Table>,
    pub collation: Collation,
}

impl Db {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Adds a table with typed columns (objectId, created, updated, ownerId are implicit).
    pub(super) fn table(mut self, name: &str, columns: &[(&str, ColumnKind)]) -> Self {
        let mut table = Table::default();
        table.schema.insert("objectId".into(), ColumnKind::StringId);
        table.schema.insert("ownerId".into(), ColumnKind::String);
        table.schema.insert("created".into(), ColumnKind::DateTime);
        table.schema.insert("updated".into(), ColumnKind::DateTime);
        for (column, kind) in columns {
            table.schema.insert((*column).into(), *kind);
        }
        self.tables.insert(name.into(), table);
        self
    }

    /// Adds a relation column `table.column` → `target`.
    pub(super) fn relation(
        mut self,
        table: &str,
        column: &str,
        target: &str,
        card: Cardinality,
    ) -> Self {
        let t = self.tables.get_mut(table).expect("table");
        t.schema.insert(column.into(), ColumnKind::Relation(card));
        t.targets.insert(column.into(), target.into());
        self
    }

    /// Adds a row; relation columns hold arrays of child objectIds.
    pub(super) fn row(mut self, table: &str, value: Value) -> Self {
        let Value::Object(map) = value else {
            panic!("row must be an object")
        };
        self.tables.get_mut(table).expect("table").rows.push(map);
        self
    }

    pub(super) fn rows(&self, table: &str) -> Vec<MemRow<'_>> {
        let t = &self.tables[table];
        t.rows
            .iter()
            .map(|data| MemRow {
                db: self,
                table: table.to_owned(),
                data,
            })
            .collect()
    }

    /// objectIds of the rows of `table` matching `clause`, in insertion order.
    pub(super) fn find(&self, table: &str, clause: &str) -> Vec<String> {
        let expr = parse_where(clause).unwrap_or_else(|e| panic!("{clause}: {e}"));
        self.rows(table)
            .into_iter()
            .filter(|r| evaluate(&expr, r).unwrap_or_else(|e| panic!("{clause}: {e}")))
            .map(|r| r.data["objectId"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The evaluation error for `clause` on the first row of `table`.
    pub(super) fn error(&self, table: &str, clause: &str) -> crate::query::QueryError {
        let expr = parse_where(clause).unwrap_or_else(|e| panic!("{clause}: {e}"));
        let rows = self.rows(table);
        rows.iter()
            .find_map(|r| evaluate(&expr, r).err())
            .unwrap_or_else(|| panic!("{clause}: expected an error"))
    }
}

pub(super) struct MemRow<'a> {
    db: &'a Db,
    table: String,
    pub data: &'a Map<String, Value>,
}

impl MemRow<'_> {
    fn schema(&self) -> &Table {
        &self.db.tables[&self.table]
    }

    fn by_ids<'s>(&'s self, table: &str, ids: &[Value]) -> Vec<Box<dyn RowView + 's>> {
        self.db
            .rows(table)
            .into_iter()
            .filter(|r| ids.contains(&r.data["objectId"]))
            .map(|r| Box::new(r) as Box<dyn RowView>)
            .collect()
    }
}

impl RowView for MemRow<'_> {
    fn value(&self, column: &str) -> Option<Cow<'_, Value>> {
        match self.data.get(column) {
            Some(v) => Some(Cow::Borrowed(v)),
            None if self.schema().schema.contains_key(column) => Some(Cow::Owned(Value::Null)),
            None => None,
        }
    }

    fn column_type(&self, column: &str) -> Option<ColumnKind> {
        self.schema().schema.get(column).copied()
    }

    fn related(&self, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let target = self.schema().targets.get(relation)?;
        let ids = match self.data.get(relation) {
            Some(Value::Array(ids)) => ids.clone(),
            Some(Value::String(id)) => vec![json!(id)],
            _ => vec![],
        };
        Some(self.by_ids(target, &ids))
    }

    fn parents(&self, parent_table: &str, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let parent = self.db.tables.get(parent_table)?;
        parent.targets.get(relation)?;
        let me = &self.data["objectId"];
        let rows = self
            .db
            .rows(parent_table)
            .into_iter()
            .filter(|p| match p.data.get(relation) {
                Some(Value::Array(ids)) => ids.contains(me),
                Some(id) => id == me,
                None => false,
            });
        Some(rows.map(|r| Box::new(r) as Box<dyn RowView>).collect())
    }

    fn table_rows(&self, table: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        self.db.tables.get(table)?;
        Some(
            self.db
                .rows(table)
                .into_iter()
                .map(|r| Box::new(r) as Box<dyn RowView>)
                .collect(),
        )
    }

    fn now_ms(&self) -> i64 {
        NOW_MS
    }

    fn collation(&self) -> Collation {
        self.db.collation
    }
}
