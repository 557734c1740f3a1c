//! [`Cell`]: one stored value of a row, typed and compact.
//!
//! A `serde_json::Value` is 80 bytes with `preserve_order` (its object variant is an `IndexMap`),
//! so a row of a dozen columns spent about 1 KB on cells alone. A cell is 24 bytes: scalars
//! inline, text as a boxed `str`, and only arrays, objects and integers beyond `i64` (rare in a
//! row: relation lists, JSON columns) boxed as a `Value`. Converting a `Value` in and out is
//! lossless (`1` stays an integer, `1.0` a float), so saved exports keep their exact form.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};

/// One stored value.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Cell {
    /// SQL NULL (a missing value).
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A float (always finite: it came from JSON).
    Float(f64),
    /// Text.
    Str(Box<str>),
    /// Anything else: arrays, objects, integers beyond `i64`.
    Other(Box<Value>),
}

/// The null cell, for reads past the end of a row.
pub static NULL: Cell = Cell::Null;

impl From<Value> for Cell {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Cell::Null,
            Value::Bool(b) => Cell::Bool(b),
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Cell::Int(i),
                (None, Some(f)) if n.is_f64() => Cell::Float(f),
                _ => Cell::Other(Box::new(Value::Number(n))),
            },
            Value::String(s) => Cell::Str(s.into_boxed_str()),
            other => Cell::Other(Box::new(other)),
        }
    }
}

impl Cell {
    /// The value as JSON.
    pub fn to_value(&self) -> Value {
        self.as_value().into_owned()
    }

    /// The value as JSON, borrowed when it is stored as JSON.
    pub fn as_value(&self) -> Cow<'_, Value> {
        match self {
            Cell::Null => Cow::Owned(Value::Null),
            Cell::Bool(b) => Cow::Owned(Value::Bool(*b)),
            Cell::Int(i) => Cow::Owned(Value::from(*i)),
            Cell::Float(f) => Cow::Owned(Number::from_f64(*f).map_or(Value::Null, Value::Number)),
            Cell::Str(s) => Cow::Owned(Value::String(s.to_string())),
            Cell::Other(v) => Cow::Borrowed(v),
        }
    }

    /// The text, when the cell holds text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Cell::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the cell is NULL.
    pub fn is_null(&self) -> bool {
        matches!(self, Cell::Null)
    }

    /// The ids held by a relation cell: a 1:1 cell is one id string, a 1:N cell an array.
    pub fn related_ids(&self) -> Vec<&str> {
        match self {
            Cell::Str(id) => vec![id],
            Cell::Other(v) => match &**v {
                Value::Array(ids) => ids.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// MySQL order of two stored values for same-kind cells (NULL first, numbers by value, text
    /// without case); `None` for kinds that need the JSON comparison.
    pub fn compare_stored(&self, other: &Cell) -> Option<Ordering> {
        Some(match (self, other) {
            (Cell::Null, Cell::Null) => Ordering::Equal,
            (Cell::Null, _) => Ordering::Less,
            (_, Cell::Null) => Ordering::Greater,
            (Cell::Int(x), Cell::Int(y)) => x.cmp(y),
            (Cell::Int(x), Cell::Float(y)) => (*x as f64).partial_cmp(y).unwrap_or(Ordering::Equal),
            (Cell::Float(x), Cell::Int(y)) => {
                x.partial_cmp(&(*y as f64)).unwrap_or(Ordering::Equal)
            }
            (Cell::Float(x), Cell::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
            (Cell::Str(x), Cell::Str(y)) => x
                .chars()
                .flat_map(char::to_lowercase)
                .cmp(y.chars().flat_map(char::to_lowercase)),
            (Cell::Bool(x), Cell::Bool(y)) => x.cmp(y),
            _ => return None,
        })
    }
}

impl PartialEq<Value> for Cell {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Cell::Null, Value::Null) => true,
            (Cell::Bool(a), Value::Bool(b)) => a == b,
            (Cell::Str(a), Value::String(b)) => **a == **b,
            (Cell::Other(a), b) => **a == *b,
            (a, b @ Value::Number(_)) => a.as_value().as_ref() == b,
            _ => false,
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_unit(),
            Cell::Bool(b) => s.serialize_bool(*b),
            Cell::Int(i) => s.serialize_i64(*i),
            Cell::Float(f) => s.serialize_f64(*f),
            Cell::Str(t) => s.serialize_str(t),
            Cell::Other(v) => v.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(Cell::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_round_trip_exactly_through_cells() {
        for v in [
            json!(null),
            json!(true),
            json!(1),
            json!(-7),
            json!(1.0),
            json!(2.5),
            json!(u64::MAX),
            json!("text"),
            json!(["a", "b"]),
            json!({"k": 1}),
        ] {
            let cell = Cell::from(v.clone());
            assert_eq!(cell.to_value(), v);
            assert_eq!(cell, v);
            assert_eq!(serde_json::to_value(&cell).ok(), Some(v.clone()));
            assert_eq!(serde_json::from_value::<Cell>(v).ok(), Some(cell));
        }
        assert!(std::mem::size_of::<Cell>() <= 24);
        assert_ne!(Cell::from(json!(1)), Cell::from(json!(1.0)));
    }

    #[test]
    fn stored_order_is_mysql_order() {
        let c = |v: Value| Cell::from(v);
        assert_eq!(
            c(json!(null)).compare_stored(&c(json!(1))),
            Some(Ordering::Less)
        );
        assert_eq!(
            c(json!("b")).compare_stored(&c(json!("A"))),
            Some(Ordering::Greater)
        );
        assert_eq!(
            c(json!(2)).compare_stored(&c(json!(1.5))),
            Some(Ordering::Greater)
        );
        assert_eq!(c(json!("1")).compare_stored(&c(json!(1))), None);
    }
}
