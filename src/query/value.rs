//! SQL values during evaluation and MySQL's comparison and coercion rules
//! (where-clause.md §2 type coercion, §3 case, §4 dates, §7 JSON, §10).
//!
//! MySQL choices made here:
//! - string vs number compares numerically; the string converts by its leading numeric
//!   prefix, and a string without one is 0 (`'abc' = 0` is true, as in MySQL);
//! - booleans are TINYINT(1): `TRUE` is 1, so `boolCol = 1` matches true rows;
//! - a DATETIME against a number reads the number as epoch ms (Backendless), against a
//!   string parses a documented date format (an unparsable string is error 8003);
//! - strings compare under the row's collation (case-insensitive by default, no accent or
//!   trailing-space folding); a binary side (JSON text) makes the comparison binary;
//! - a JSON value (from `->` or a JSON column) compares by MySQL's JSON rules: no string to
//!   number conversion, mixed types order by type, strings compare case-sensitively. One
//!   deviation: SQL `TRUE`/`FALSE` equal JSON `true`/`false` (MySQL would compare 1/0).

use serde_json::Value;

use super::dates::{format_date, format_datetime, parse_date_or_error};
use super::error::QueryError;
use super::row::{Collation, ColumnKind};

/// A value during evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SqlValue {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String, Collation),
    /// DATETIME, epoch ms.
    DateTime(i64),
    /// DATE (from `DATE()`), epoch ms of midnight.
    Date(i64),
    Json(Value),
}

/// A number in numeric context.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    I(i64),
    F(f64),
}

impl Num {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
}

impl SqlValue {
    /// A stored JSON value read as the column's type.
    pub(crate) fn from_column(
        v: &Value,
        kind: Option<ColumnKind>,
        collation: Collation,
    ) -> Result<Self, QueryError> {
        Ok(match (kind, v) {
            (_, Value::Null) => SqlValue::Null,
            (Some(ColumnKind::DateTime), Value::Number(n)) => SqlValue::DateTime(
                n.as_i64()
                    .unwrap_or_else(|| n.as_f64().unwrap_or(0.0) as i64),
            ),
            (Some(ColumnKind::DateTime), Value::String(s)) => {
                SqlValue::DateTime(parse_date_or_error(s)?)
            }
            (Some(ColumnKind::Boolean), Value::Number(n)) => {
                SqlValue::Bool(n.as_f64().is_some_and(|f| f != 0.0))
            }
            (Some(ColumnKind::Json), other) => SqlValue::Json(other.clone()),
            (_, other) => Self::from_json(other, collation),
        })
    }

    /// A JSON value read by its own type (untyped column, relation id, JSON scalar).
    pub(crate) fn from_json(v: &Value, collation: Collation) -> Self {
        match v {
            Value::Null => SqlValue::Null,
            Value::Bool(b) => SqlValue::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => SqlValue::Int(i),
                None => SqlValue::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => SqlValue::Str(s.clone(), collation),
            other => SqlValue::Json(other.clone()),
        }
    }

    /// The value in a response body: DATETIME as epoch ms, DATE as `YYYY-MM-DD`.
    pub(crate) fn to_json(&self) -> Value {
        match self {
            SqlValue::Null => Value::Null,
            SqlValue::Int(i) | SqlValue::DateTime(i) => Value::from(*i),
            SqlValue::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            SqlValue::Bool(b) => Value::Bool(*b),
            SqlValue::Str(s, _) => Value::String(s.clone()),
            SqlValue::Date(ms) => format_date(*ms).map_or(Value::Null, Value::String),
            SqlValue::Json(v) => v.clone(),
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, SqlValue::Null)
    }

    pub(crate) fn is_temporal(&self) -> bool {
        matches!(self, SqlValue::DateTime(_) | SqlValue::Date(_))
    }

    /// Numeric context (arithmetic, comparisons with numbers); `None` for NULL.
    pub(crate) fn to_num(&self) -> Option<Num> {
        Some(match self {
            SqlValue::Null => return None,
            SqlValue::Int(i) | SqlValue::DateTime(i) | SqlValue::Date(i) => Num::I(*i),
            SqlValue::Float(f) => Num::F(*f),
            SqlValue::Bool(b) => Num::I(i64::from(*b)),
            SqlValue::Str(s, _) => Num::F(numeric_prefix(s)),
            SqlValue::Json(Value::Number(n)) => match n.as_i64() {
                Some(i) => Num::I(i),
                None => Num::F(n.as_f64().unwrap_or(0.0)),
            },
            SqlValue::Json(Value::Bool(b)) => Num::I(i64::from(*b)),
            SqlValue::Json(Value::String(s)) => Num::F(numeric_prefix(s)),
            SqlValue::Json(_) => Num::I(0),
        })
    }

    /// String context (LIKE, CONCAT, UPPER, ...); `None` for NULL.
    pub(crate) fn to_text(&self) -> Option<String> {
        Some(match self {
            SqlValue::Null => return None,
            SqlValue::Int(i) => i.to_string(),
            SqlValue::Float(f) => f.to_string(),
            SqlValue::Bool(b) => i64::from(*b).to_string(),
            SqlValue::Str(s, _) => s.clone(),
            SqlValue::DateTime(ms) => format_datetime(*ms)?,
            SqlValue::Date(ms) => format_date(*ms)?,
            SqlValue::Json(v) => v.to_string(),
        })
    }

    /// The collation a string-context use of this value carries.
    pub(crate) fn collation(&self, default: Collation) -> Collation {
        match self {
            SqlValue::Str(_, c) => *c,
            SqlValue::Json(_) => Collation::Binary,
            _ => default,
        }
    }

    /// MySQL truthiness: non-zero is true; `None` (unknown) for NULL.
    pub(crate) fn truth(&self) -> Option<bool> {
        match self {
            SqlValue::Bool(b) | SqlValue::Json(Value::Bool(b)) => Some(*b),
            other => other.to_num().map(|n| n.as_f64() != 0.0),
        }
    }

    /// Epoch ms for a date comparison: numbers are ms, strings are parsed.
    pub(crate) fn to_epoch_ms(&self) -> Result<Option<i64>, QueryError> {
        Ok(match self {
            SqlValue::Str(s, _) | SqlValue::Json(Value::String(s)) => Some(parse_date_or_error(s)?),
            other => other.to_num().map(|n| match n {
                Num::I(i) => i,
                Num::F(f) => f as i64,
            }),
        })
    }

    /// The value as JSON for a comparison against a JSON value.
    pub(crate) fn as_json_operand(&self) -> Value {
        match self {
            SqlValue::Date(ms) => Value::from(*ms),
            other => other.to_json(),
        }
    }
}

/// MySQL string → number: the longest numeric prefix after leading spaces, else 0.
pub(crate) fn numeric_prefix(s: &str) -> f64 {
    let t = s.trim_start();
    let bytes = t.as_bytes();
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut end = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let int_end = digits(end);
    let mut has_digits = int_end > end;
    end = int_end;
    if bytes.get(end) == Some(&b'.') {
        let frac_end = digits(end + 1);
        has_digits |= frac_end > end + 1;
        end = frac_end;
    }
    if !has_digits {
        return 0.0;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exp_end = digits(end + 1 + sign);
        if exp_end > end + 1 + sign {
            end = exp_end;
        }
    }
    t.get(..end)
        .and_then(|p| p.parse::<f64>().ok())
        .filter(|f| f.is_finite())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CI: Collation = Collation::CaseInsensitive;

    #[test]
    fn numeric_prefix_follows_mysql() {
        assert_eq!(numeric_prefix("12abc"), 12.0);
        assert_eq!(numeric_prefix("  -1.5e2x"), -150.0);
        assert_eq!(numeric_prefix("abc"), 0.0);
        assert_eq!(numeric_prefix(".5"), 0.5);
        assert_eq!(numeric_prefix("1e"), 1.0);
        assert_eq!(numeric_prefix("-"), 0.0);
    }

    #[test]
    fn columns_read_by_type() {
        let read = |v: Value, k| SqlValue::from_column(&v, Some(k), CI).unwrap();
        assert_eq!(read(json!(5), ColumnKind::DateTime), SqlValue::DateTime(5));
        assert_eq!(
            read(json!("1970-01-01 00:00:01"), ColumnKind::DateTime),
            SqlValue::DateTime(1000)
        );
        assert_eq!(read(json!(1), ColumnKind::Boolean), SqlValue::Bool(true));
        assert_eq!(
            read(json!("x"), ColumnKind::Json),
            SqlValue::Json(json!("x"))
        );
        assert_eq!(read(Value::Null, ColumnKind::Int), SqlValue::Null);
        assert!(SqlValue::from_column(&json!("soon"), Some(ColumnKind::DateTime), CI).is_err());
        assert_eq!(
            SqlValue::from_json(&json!(u64::MAX), CI),
            SqlValue::Float(u64::MAX as f64)
        );
    }

    #[test]
    fn response_values() {
        assert_eq!(SqlValue::DateTime(7).to_json(), json!(7));
        assert_eq!(SqlValue::Date(0).to_json(), json!("1970-01-01"));
        assert_eq!(SqlValue::Float(f64::NAN).to_json(), Value::Null);
        assert_eq!(SqlValue::Bool(true).to_text().unwrap(), "1");
        assert_eq!(
            SqlValue::DateTime(0).to_text().unwrap(),
            "1970-01-01 00:00:00"
        );
        assert_eq!(SqlValue::Null.truth(), None);
        assert_eq!(SqlValue::Str("0.0".into(), CI).truth(), Some(false));
    }
}
