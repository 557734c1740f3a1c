//! Where clauses of RT subscriptions, evaluated with the project's query language over JSON:
//! a data listener's `whereClause` over the changed object, a message listener's `selector`
//! over the message headers (realtime.md §4).
//!
//! Differences from the data service's rows, both deliberate: a column the object does not
//! carry reads as NULL instead of an unknown-column error (an event is only ever "not
//! matching", never an error that would end the subscription), and column types come from the
//! JSON values (system columns excepted), since an event carries no schema.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::query::codes::{query_error, Clause};
use crate::query::{self, Cardinality, ColumnKind, Expr, RowView};

/// A parsed where clause plus the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Where {
    /// The clause as the client sent it.
    pub text: String,
    /// The parsed clause.
    pub expr: Expr,
}

impl Where {
    /// Parse an optional clause; blank means "no filter". Bad syntax → 1017.
    pub fn parse(text: Option<&str>) -> Result<Option<Where>, ApiError> {
        let Some(text) = text else {
            return Ok(None);
        };
        match query::parse_optional_where(text) {
            Ok(expr) => Ok(expr.map(|expr| Where {
                text: text.to_string(),
                expr,
            })),
            // The same code and message a data query gives for the same clause.
            Err(e) => Err(query_error(Clause::Where, &e)),
        }
    }

    /// Whether the object matches. An evaluation error counts as "no match".
    pub fn matches_object(&self, object: &Map<String, Value>, now_ms: i64) -> bool {
        query::evaluate(&self.expr, &JsonRow { object, now_ms }).unwrap_or(false)
    }

    /// Whether message headers match. An evaluation error counts as "no match".
    pub fn matches_headers(&self, headers: &Map<String, Value>, now_ms: i64) -> bool {
        query::evaluate(&self.expr, &HeaderRow { headers, now_ms }).unwrap_or(false)
    }

    /// Whether another clause says the same thing (same canonical text), for bulk events.
    pub fn same_as(&self, text: &str) -> bool {
        match query::parse_optional_where(text) {
            Ok(Some(expr)) => expr.to_string() == self.expr.to_string(),
            _ => text.trim() == self.text.trim(),
        }
    }
}

/// An object as the evaluator sees it; related objects embedded in it are its relations.
struct JsonRow<'a> {
    object: &'a Map<String, Value>,
    now_ms: i64,
}

/// Whether a JSON value is an embedded Backendless object (a related row).
fn is_object_row(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.contains_key("objectId") || o.contains_key("___class"))
}

impl RowView for JsonRow<'_> {
    fn value(&self, column: &str) -> Option<Cow<'_, Value>> {
        Some(
            self.object
                .get(column)
                .map_or(Cow::Owned(Value::Null), Cow::Borrowed),
        )
    }

    fn column_type(&self, column: &str) -> Option<ColumnKind> {
        match column {
            "objectId" => return Some(ColumnKind::StringId),
            "ownerId" => return Some(ColumnKind::String),
            "created" | "updated" => return Some(ColumnKind::DateTime),
            _ => {}
        }
        match self.object.get(column)? {
            v if is_object_row(v) => Some(ColumnKind::Relation(Cardinality::OneToOne)),
            Value::Array(items) if !items.is_empty() && items.iter().all(is_object_row) => {
                Some(ColumnKind::Relation(Cardinality::OneToMany))
            }
            _ => None,
        }
    }

    fn related(&self, relation: &str) -> Option<Vec<Box<dyn RowView + '_>>> {
        let row = |object| -> Box<dyn RowView + '_> {
            Box::new(JsonRow {
                object,
                now_ms: self.now_ms,
            })
        };
        match self.object.get(relation)? {
            Value::Object(o) => Some(vec![row(o)]),
            Value::Array(items) => {
                Some(items.iter().filter_map(Value::as_object).map(row).collect())
            }
            Value::Null => Some(Vec::new()),
            _ => None,
        }
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }
}

/// Message headers as the evaluator sees them: a header that looks numeric compares as a
/// number (`foo > 10` matches `"20"`), an absent one is NULL (realtime.md §4, selectors).
struct HeaderRow<'a> {
    headers: &'a Map<String, Value>,
    now_ms: i64,
}

impl RowView for HeaderRow<'_> {
    fn value(&self, column: &str) -> Option<Cow<'_, Value>> {
        let value = match self.headers.get(column) {
            None => Value::Null,
            Some(Value::String(s)) => numeric(s).unwrap_or_else(|| Value::String(s.clone())),
            Some(other) => other.clone(),
        };
        Some(Cow::Owned(value))
    }

    fn column_type(&self, _column: &str) -> Option<ColumnKind> {
        None
    }

    fn now_ms(&self) -> i64 {
        self.now_ms
    }
}

/// A header string as a JSON number when it is one.
fn numeric(s: &str) -> Option<Value> {
    let t = s.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::from(i));
    }
    t.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .and_then(serde_json::Number::from_f64)
        .map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn clause(text: &str) -> Where {
        Where::parse(Some(text))
            .expect("parses")
            .expect("not blank")
    }

    #[test]
    fn objects_match_by_their_columns_and_missing_columns_are_null() {
        let person = map(json!({"objectId": "a", "firstName": "bar", "age": 30}));
        assert!(clause("firstName = 'bar' and age > 20").matches_object(&person, 0));
        assert!(!clause("age > 40").matches_object(&person, 0));
        assert!(clause("nickname is null").matches_object(&person, 0));
        assert!(!clause("nickname = 'x'").matches_object(&person, 0));
    }

    #[test]
    fn embedded_related_objects_are_relations() {
        let order = map(json!({
            "objectId": "o",
            "customer": {"objectId": "c", "___class": "Customer", "name": "Ann"},
            "items": [{"objectId": "i1", "price": 5}, {"objectId": "i2", "price": 50}],
        }));
        assert!(clause("customer.name = 'Ann'").matches_object(&order, 0));
        assert!(clause("items.price > 10").matches_object(&order, 0));
        assert!(!clause("items.price > 100").matches_object(&order, 0));
    }

    #[test]
    fn system_dates_compare_as_dates() {
        let row = map(json!({"objectId": "a", "created": 1_767_225_600_000_i64}));
        assert!(clause("created > '2025-06-01'").matches_object(&row, 0));
        assert!(!clause("created > '2026-06-01'").matches_object(&row, 0));
    }

    #[test]
    fn selectors_compare_numeric_headers_as_numbers() {
        let s = clause("foo > 10");
        let hits: Vec<bool> = [
            json!({"foo": "20"}),
            json!({"foo": "10"}),
            json!({"foo": "50"}),
            json!({"foo": "5"}),
            json!({}),
        ]
        .into_iter()
        .map(|h| s.matches_headers(&map(h), 0))
        .collect();
        assert_eq!(hits, [true, false, true, false, false]);
        assert!(clause("city = 'Oslo'").matches_headers(&map(json!({"city": "Oslo"})), 0));
    }

    #[test]
    fn blank_clauses_are_no_filter_and_bad_ones_are_1017() {
        assert_eq!(Where::parse(None).expect("ok"), None);
        assert_eq!(Where::parse(Some("  ")).expect("ok"), None);
        assert_eq!(Where::parse(Some("age >")).expect_err("bad").code, 1017);
    }

    #[test]
    fn same_as_compares_canonical_text() {
        let w = clause("objectId IN ('a','b')");
        assert!(w.same_as("objectId in ( 'a' , 'b' )"));
        assert!(!w.same_as("objectId IN ('a')"));
    }
}
