//! [`RowRef`]: a stored row as the where-clause evaluator sees it ([`RowView`]), read in place
//! from the compact `Vec<Value>` row (no JSON object is built to filter or sort).

use std::borrow::Cow;

use serde_json::Value;

use crate::query::{Cardinality as QueryCardinality, ColumnKind, RowView};
use crate::services::data::schema::{Cardinality, Column, DataType, OBJECT_ID};
use crate::services::data::store::Tables;
use crate::services::data::table::{related_ids, Row, Table};

/// One row of one table, with the app's other tables for relations and subqueries.
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    /// Every table of the app.
    pub tables: &'a Tables,
    /// The row's table.
    pub table: &'a Table,
    /// The row.
    pub row: &'a Row,
    /// Current time for `NOW()`.
    pub now: i64,
}

impl<'a> RowRef<'a> {
    /// A view of `row` of `table`.
    pub fn new(tables: &'a Tables, table: &'a Table, row: &'a Row, now: i64) -> Self {
        RowRef {
            tables,
            table,
            row,
            now,
        }
    }

    fn boxed(self) -> Box<dyn RowView + 'a> {
        Box::new(self)
    }
}

/// How the evaluator should read a column of this type.
pub fn column_kind(column: &Column) -> ColumnKind {
    match column.data_type {
        DataType::String | DataType::Unknown => ColumnKind::String,
        DataType::Text => ColumnKind::Text,
        DataType::ExtendedString => ColumnKind::ExtendedString,
        DataType::StringId => ColumnKind::StringId,
        DataType::Int => ColumnKind::Int,
        DataType::Double => ColumnKind::Double,
        DataType::Decimal => ColumnKind::Decimal,
        DataType::AutoIncrement => ColumnKind::AutoIncrement,
        DataType::Boolean => ColumnKind::Boolean,
        DataType::Datetime => ColumnKind::DateTime,
        DataType::Json | DataType::GeoRef => ColumnKind::Json,
        DataType::FileRef => ColumnKind::FileRef,
        DataType::Point | DataType::Linestring | DataType::Polygon | DataType::Geometry => {
            ColumnKind::Spatial
        }
        DataType::DataRef => ColumnKind::Relation(match column.cardinality {
            Some(Cardinality::OneToMany) => QueryCardinality::OneToMany,
            _ => QueryCardinality::OneToOne,
        }),
    }
}

impl RowView for RowRef<'_> {
    fn value(&self, column: &str) -> Option<Cow<'_, Value>> {
        let i = self.table.column_index(column)?;
        Some(Cow::Borrowed(self.row.at(i)))
    }

    fn column_type(&self, column: &str) -> Option<ColumnKind> {
        self.table.column(column).map(column_kind)
    }

    fn related(&self, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let i = self.table.column_index(relation)?;
        let column = &self.table.columns[i];
        let child = self.tables.table(column.related_table.as_deref()?).ok()?;
        Some(
            related_ids(self.row.at(i))
                .into_iter()
                .filter_map(|id| child.row(id))
                .map(|row| RowRef::new(self.tables, child, row, self.now).boxed())
                .collect(),
        )
    }

    fn parents(&self, parent_table: &str, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let parent = self.tables.table(parent_table).ok()?;
        let i = parent.column_index(relation)?;
        if !parent.columns[i].is_relation() {
            return None;
        }
        let me = self.row.at(self.table.column_index(OBJECT_ID)?).as_str()?;
        Some(
            parent
                .rows()
                .filter(|row| related_ids(row.at(i)).contains(&me))
                .map(|row| RowRef::new(self.tables, parent, row, self.now).boxed())
                .collect(),
        )
    }

    fn table_rows(&self, table: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let t = self.tables.table(table).ok()?;
        Some(
            t.rows()
                .map(|row| RowRef::new(self.tables, t, row, self.now).boxed())
                .collect(),
        )
    }

    fn now_ms(&self) -> i64 {
        self.now
    }
}
