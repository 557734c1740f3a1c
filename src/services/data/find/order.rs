//! Sort keys of the find engine: a plain column is read in place, anything else evaluated; stored
//! values compare in MySQL order (NULL first, numbers by value, text without case).

use std::cmp::Ordering;

use serde_json::Value;

use crate::error::ApiError;
use crate::query::codes::{query_error, Clause};
use crate::query::{
    self, Collation, ColumnRef, Operand, Projection, RowView, SortDirection, SortKey,
};
use crate::services::data::table::{Cell, Row, Table};

/// A row's value for one sort key: a stored cell read in place, or an evaluated value.
pub(super) enum SortCell<'a> {
    /// A plain column's cell (no copy, no allocation for text).
    Stored(&'a Cell),
    /// Anything else, evaluated.
    Computed(Value),
}

impl SortCell<'_> {
    fn value(&self) -> std::borrow::Cow<'_, Value> {
        match self {
            SortCell::Stored(cell) => cell.as_value(),
            SortCell::Computed(v) => std::borrow::Cow::Borrowed(v),
        }
    }

    /// MySQL order, as [`compare_stored`]: same-kind cells compare in place.
    fn compare(&self, other: &SortCell) -> Ordering {
        if let (SortCell::Stored(a), SortCell::Stored(b)) = (self, other) {
            if let Some(order) = a.compare_stored(b) {
                return order;
            }
        }
        compare_stored(&self.value(), &other.value())
    }
}

/// [`compare_keys`] over sort cells.
pub(super) fn compare_cells(keys: &[SortKey], a: &[SortCell], b: &[SortCell]) -> Ordering {
    for ((key, x), y) in keys.iter().zip(a).zip(b) {
        let order = match key.direction {
            SortDirection::Asc => x.compare(y),
            SortDirection::Desc => y.compare(x),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

/// Two rows in the order of `keys`, each a plain column at `columns` (no tiebreak).
pub(super) fn compare_rows(keys: &[SortKey], columns: &[usize], a: &Row, b: &Row) -> Ordering {
    for (key, &i) in keys.iter().zip(columns) {
        let (x, y) = (SortCell::Stored(a.at(i)), SortCell::Stored(b.at(i)));
        let order = match key.direction {
            SortDirection::Asc => x.compare(&y),
            SortDirection::Desc => y.compare(&x),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

pub(super) fn sort_value(view: &dyn RowView, key: &SortKey) -> Result<Value, ApiError> {
    query::evaluate_operand(&key.expr, view).map_err(|e| query_error(Clause::Options, &e))
}

/// A group's sort value: a props alias reads the projected value, anything else (aggregates
/// included) is evaluated over the group.
pub(super) fn group_sort_value(
    key: &SortKey,
    props: &[Projection],
    group: &[&dyn RowView],
) -> Result<Value, ApiError> {
    query::evaluate_group_operand(&key.expr, props, group)
        .map_err(|e| query_error(Clause::Options, &e))
}

/// The index of the column a sort key names directly (`score`, not `rel.x` or `YEAR(d)`).
pub(super) fn plain_column(table: &Table, key: &SortKey) -> Option<usize> {
    let Operand::Column(ColumnRef {
        inverse: None,
        path,
    }) = &key.expr
    else {
        return None;
    };
    let [name] = path.segments() else {
        return None;
    };
    let i = table.column_index(name.as_str())?;
    (!table.columns[i].is_relation()).then_some(i)
}

/// MySQL ordering of two stored values: NULL first, numbers by value, text without case
/// (the query module's rules; same-typed values are compared here without converting them).
fn compare_stored(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i.cmp(&j),
            _ => x
                .as_f64()
                .partial_cmp(&y.as_f64())
                .unwrap_or(Ordering::Equal),
        },
        (Value::String(x), Value::String(y)) => x
            .chars()
            .flat_map(char::to_lowercase)
            .cmp(y.chars().flat_map(char::to_lowercase)),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => query::compare_json_values(a, b, Collation::CaseInsensitive),
    }
}

pub(super) fn compare_keys<V: std::borrow::Borrow<Value>>(
    keys: &[SortKey],
    a: &[V],
    b: &[V],
) -> Ordering {
    for ((key, x), y) in keys.iter().zip(a).zip(b) {
        let (x, y) = (x.borrow(), y.borrow());
        let order = match key.direction {
            SortDirection::Asc => compare_stored(x, y),
            SortDirection::Desc => compare_stored(y, x),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}
