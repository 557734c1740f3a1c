//! MySQL comparison and ordering of `SqlValue`s: `=`/`<` with coercion (rules listed in
//! `value`), JSON ordering, ORDER BY order, and GROUP BY keys.

use std::cmp::Ordering;

use serde_json::Value;

use super::error::QueryError;
use super::row::Collation;
use super::value::{Num, SqlValue};

/// Compares two texts under a collation.
pub(crate) fn compare_text(a: &str, b: &str, collation: Collation) -> Ordering {
    match collation {
        Collation::Binary => a.cmp(b),
        Collation::CaseInsensitive => a
            .chars()
            .flat_map(char::to_lowercase)
            .cmp(b.chars().flat_map(char::to_lowercase)),
    }
}

fn join_collation(a: Collation, b: Collation) -> Collation {
    if a == Collation::Binary || b == Collation::Binary {
        Collation::Binary
    } else {
        Collation::CaseInsensitive
    }
}

fn compare_nums(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::I(x), Num::I(y)) => Some(x.cmp(&y)),
        (x, y) => x.as_f64().partial_cmp(&y.as_f64()),
    }
}

/// SQL comparison: `Ok(None)` is unknown (a NULL side).
pub(crate) fn compare(a: &SqlValue, b: &SqlValue) -> Result<Option<Ordering>, QueryError> {
    use SqlValue as V;
    Ok(match (a, b) {
        (V::Null, _) | (_, V::Null) => None,
        (V::Json(x), V::Json(y)) => Some(json_order(x, y)),
        (V::Json(x), other) => Some(json_order(x, &other.as_json_operand())),
        (other, V::Json(y)) => Some(json_order(&other.as_json_operand(), y)),
        _ if a.is_temporal() || b.is_temporal() => return compare_dates(a, b),
        (V::Str(x, cx), V::Str(y, cy)) => Some(compare_text(x, y, join_collation(*cx, *cy))),
        _ => match (a.to_num(), b.to_num()) {
            (Some(x), Some(y)) => compare_nums(x, y),
            _ => None,
        },
    })
}

/// Comparison with both sides read as dates (`after`, `before`, DATETIME columns).
pub(crate) fn compare_dates(a: &SqlValue, b: &SqlValue) -> Result<Option<Ordering>, QueryError> {
    if a.is_null() || b.is_null() {
        return Ok(None);
    }
    let x = a.to_epoch_ms()?;
    let y = b.to_epoch_ms()?;
    Ok(x.zip(y).map(|(x, y)| x.cmp(&y)))
}

fn json_rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Number(_) => 1,
        Value::String(_) => 2,
        Value::Object(_) => 3,
        Value::Array(_) => 4,
        Value::Bool(_) => 5,
    }
}

/// MySQL JSON ordering: by type first, then by value; strings are binary.
pub(crate) fn json_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let to_num = |n: &serde_json::Number| match n.as_i64() {
                Some(i) => Num::I(i),
                None => Num::F(n.as_f64().unwrap_or(0.0)),
            };
            compare_nums(to_num(x), to_num(y)).unwrap_or(Ordering::Equal)
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .map(|(p, q)| json_order(p, q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Value::Object(x), Value::Object(y)) => {
            let mut xs: Vec<_> = x.iter().collect();
            let mut ys: Vec<_> = y.iter().collect();
            xs.sort_by(|p, q| p.0.cmp(q.0));
            ys.sort_by(|p, q| p.0.cmp(q.0));
            xs.iter()
                .zip(&ys)
                .map(|(p, q)| p.0.cmp(q.0).then_with(|| json_order(p.1, q.1)))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| xs.len().cmp(&ys.len()))
        }
        _ => json_rank(a).cmp(&json_rank(b)),
    }
}

fn type_rank(v: &SqlValue) -> u8 {
    match v {
        SqlValue::Null => 0,
        SqlValue::Int(_) | SqlValue::Float(_) | SqlValue::Bool(_) => 1,
        SqlValue::DateTime(_) | SqlValue::Date(_) => 2,
        SqlValue::Str(..) => 3,
        SqlValue::Json(_) => 4,
    }
}

/// ORDER BY order: a total order with NULL first, MySQL comparison where it is defined.
pub(crate) fn sort_order(a: &SqlValue, b: &SqlValue) -> Ordering {
    match (a.is_null(), b.is_null()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    match compare(a, b) {
        Ok(Some(order)) => order,
        _ => type_rank(a).cmp(&type_rank(b)),
    }
}

/// A key under which MySQL would put equal values in one group (`GROUP BY`, `DISTINCT`).
pub(crate) fn group_key(v: &SqlValue) -> String {
    match v {
        SqlValue::Null => "n".to_owned(),
        SqlValue::Str(s, Collation::CaseInsensitive) => {
            format!(
                "s{}",
                s.chars().flat_map(char::to_lowercase).collect::<String>()
            )
        }
        SqlValue::Str(s, Collation::Binary) => format!("s{s}"),
        SqlValue::DateTime(ms) | SqlValue::Date(ms) => format!("d{ms}"),
        SqlValue::Json(j) => format!("j{j}"),
        other => match other.to_num() {
            Some(Num::I(i)) => format!("i{i}"),
            Some(Num::F(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("i{}", f as i64),
            Some(Num::F(f)) => format!("f{f}"),
            None => "n".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CI: Collation = Collation::CaseInsensitive;

    fn s(text: &str) -> SqlValue {
        SqlValue::Str(text.to_owned(), CI)
    }

    #[test]
    fn mixed_comparisons() {
        assert_eq!(
            compare(&s("10"), &SqlValue::Int(9)).unwrap(),
            Some(Ordering::Greater)
        );
        assert_eq!(
            compare(&s("ABC"), &s("abc")).unwrap(),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare(&SqlValue::Bool(true), &SqlValue::Int(1)).unwrap(),
            Some(Ordering::Equal)
        );
        assert_eq!(compare(&SqlValue::Null, &SqlValue::Int(1)).unwrap(), None);
        assert_eq!(
            compare(&SqlValue::Int(1), &SqlValue::Float(1.0)).unwrap(),
            Some(Ordering::Equal)
        );
        let date = SqlValue::DateTime(1_427_068_800_000);
        assert_eq!(
            compare(&date, &s("03/23/2015")).unwrap(),
            Some(Ordering::Equal)
        );
        assert!(compare(&date, &s("garbage")).is_err());
    }

    #[test]
    fn json_comparisons_are_typed() {
        let j = |v: Value| SqlValue::Json(v);
        assert_eq!(
            compare(&j(json!("NY")), &s("NY")).unwrap(),
            Some(Ordering::Equal)
        );
        assert_ne!(
            compare(&j(json!("NY")), &s("ny")).unwrap(),
            Some(Ordering::Equal)
        );
        assert_ne!(
            compare(&j(json!(30)), &s("30")).unwrap(),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare(&j(json!(30)), &SqlValue::Int(30)).unwrap(),
            Some(Ordering::Equal)
        );
        assert_eq!(
            compare(&j(json!({"a":1,"b":2})), &j(json!({"b":2,"a":1}))).unwrap(),
            Some(Ordering::Equal)
        );
    }

    #[test]
    fn sorting_puts_null_first() {
        assert_eq!(
            sort_order(&SqlValue::Null, &SqlValue::Int(0)),
            Ordering::Less
        );
        assert_eq!(sort_order(&s("b"), &s("A")), Ordering::Greater);
    }

    #[test]
    fn group_keys_merge_equal_values() {
        assert_eq!(
            group_key(&SqlValue::Int(1)),
            group_key(&SqlValue::Float(1.0))
        );
        assert_eq!(group_key(&s("Ab")), group_key(&s("aB")));
        assert_eq!(
            group_key(&SqlValue::Bool(true)),
            group_key(&SqlValue::Int(1))
        );
    }
}
