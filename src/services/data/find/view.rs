//! [`RowRef`]: a stored row as the where-clause evaluator sees it ([`RowView`]), read in place
//! from the compact `Vec<Value>` row (no JSON object is built to filter or sort). Seen by a
//! caller ([`RowRef::seen_by`]), its relations, inverse relations and subquery tables hold only
//! the objects that caller may FIND.

use std::borrow::Cow;

use serde_json::Value;

use crate::query::{Cardinality as QueryCardinality, ColumnKind, RowView};
use crate::services::data::access::Visibility;
use crate::services::data::schema::{Cardinality, Column, DataType, OBJECT_ID, OWNER_ID};
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
    /// Whose view this is (`None`: every object, as the write rules see them).
    pub visibility: Option<&'a Visibility<'a>>,
}

impl<'a> RowRef<'a> {
    /// A view of `row` of `table`.
    pub fn new(tables: &'a Tables, table: &'a Table, row: &'a Row, now: i64) -> Self {
        RowRef {
            tables,
            table,
            row,
            now,
            visibility: None,
        }
    }

    /// The same view, with related and subquery rows limited to what `visibility` may find.
    pub fn seen_by(mut self, visibility: &'a Visibility<'a>) -> Self {
        self.visibility = Some(visibility);
        self
    }

    /// Another row of the same app, seen by the same caller.
    fn other(&self, table: &'a Table, row: &'a Row) -> Box<dyn RowView + 'a> {
        Box::new(RowRef {
            tables: self.tables,
            table,
            row,
            now: self.now,
            visibility: self.visibility,
        })
    }

    /// Whether this view's caller may find `row` of `table`.
    fn visible(&self, table: &Table, row: &Row) -> bool {
        self.visibility.is_none_or(|v| {
            v.uniform(&table.name).unwrap_or_else(|| {
                v.may_find(
                    &table.name,
                    table.object_id(row),
                    table.value(row, OWNER_ID).as_str(),
                )
            })
        })
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
        Some(self.row.at(i).as_value())
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
                .filter(|row| self.visible(child, row))
                .map(|row| self.other(child, row))
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
                .filter(|row| self.visible(parent, row))
                .map(|row| self.other(parent, row))
                .collect(),
        )
    }

    fn table_rows(&self, table: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let t = self.tables.table(table).ok()?;
        Some(
            t.rows()
                .filter(|row| self.visible(t, row))
                .map(|row| self.other(t, row))
                .collect(),
        )
    }

    fn readable(&self, table: &str) -> bool {
        self.visibility.is_none_or(|v| v.readable(table))
    }

    fn now_ms(&self) -> i64 {
        self.now
    }
}
