//! Hive values: arbitrary JSON compared by a canonical form, and the numbers of increment calls
//! (hive.md §1, K5/K6, M11/M12).

use serde_json::{Number, Value};

/// The identity of a value inside sets and sorted sets: compact JSON with object keys sorted, so
/// `{"a":1,"b":2}` and `{"b":2,"a":1}` are one member (the server stores serialized JSON).
pub(super) fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(k) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A number given in a query string: whole numbers stay integers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A whole number.
    Int(i64),
    /// A finite fraction.
    Float(f64),
}

impl Num {
    /// Parse `5`, `-3`, `1.5`; `None` for anything else (NaN and infinities included).
    pub fn parse(text: &str) -> Option<Num> {
        let text = text.trim();
        if let Ok(i) = text.parse::<i64>() {
            return Some(Num::Int(i));
        }
        let f: f64 = text.parse().ok()?;
        f.is_finite().then_some(Num::Float(f))
    }

    /// The negated number (decrement).
    pub fn negate(self) -> Option<Num> {
        match self {
            Num::Int(i) => i.checked_neg().map(Num::Int),
            Num::Float(f) => Some(Num::Float(-f)),
        }
    }

    /// `current + self`: integer arithmetic when both are whole, else floating point.
    /// `None` when `current` is not a number or the result overflows.
    pub fn add_to(self, current: &Value) -> Option<Value> {
        let Value::Number(n) = current else {
            return None;
        };
        match (n.as_i64(), self) {
            (Some(a), Num::Int(b)) => a.checked_add(b).map(Value::from),
            (_, delta) => {
                let b = match delta {
                    Num::Int(i) => i as f64,
                    Num::Float(f) => f,
                };
                Number::from_f64(n.as_f64()? + b).map(Value::Number)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_form_ignores_key_order_only() {
        assert_eq!(
            canonical(&json!({"b": [1, {"y": 1, "x": 2}], "a": "s"})),
            r#"{"a":"s","b":[1,{"x":2,"y":1}]}"#
        );
        // JSON equality already ignores key order (serde_json's preserve_order map), so list
        // operations compare values with `==`.
        assert_eq!(json!({"a": 1, "b": 2}), json!({"b": 2, "a": 1}));
        assert_ne!(json!("1"), json!(1));
    }

    #[test]
    fn numbers_add_as_integers_when_they_can() {
        assert_eq!(Num::parse("5"), Some(Num::Int(5)));
        assert_eq!(Num::parse("1.5"), Some(Num::Float(1.5)));
        assert_eq!(Num::parse("NaN"), None);
        assert_eq!(Num::parse("x"), None);
        assert_eq!(Num::Int(2).add_to(&json!(3)), Some(json!(5)));
        assert_eq!(Num::Float(0.5).add_to(&json!(3)), Some(json!(3.5)));
        assert_eq!(Num::Int(1).add_to(&json!(i64::MAX)), None);
        assert_eq!(Num::Int(1).add_to(&json!("3")), None);
        assert_eq!(Num::Int(i64::MIN).negate(), None);
    }
}
