//! The inputs of one Hive call (path segments after the store type, query, body) and typed
//! readers for them (hive.md §9: booleans and numbers arrive as query strings, collections as
//! JSON bodies).

use axum::http::Method;
use serde_json::{Map, Value};

use super::errors::{bad_argument, missing};
use super::value::Num;
use crate::error::ApiError;
use crate::extract::QueryParams;

/// The HTTP methods Hive uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
    /// Any other method (never routed).
    Other,
}

impl From<&Method> for Verb {
    fn from(method: &Method) -> Self {
        match method.as_str() {
            "GET" => Verb::Get,
            "POST" => Verb::Post,
            "PUT" => Verb::Put,
            "DELETE" => Verb::Delete,
            _ => Verb::Other,
        }
    }
}

/// One call addressed to a store type: `/hive/{h}/{type}[/{key}[/{op}[/{arg}]]]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Call<'a> {
    /// HTTP method.
    pub verb: Verb,
    /// The segment after the store type (a store key, `keys` or `action`).
    pub key: Option<&'a str>,
    /// The segment after the key (an operation name or a list index).
    pub op: Option<&'a str>,
    /// The segment after the operation (a map field).
    pub arg: Option<&'a str>,
    /// Query parameters.
    pub query: &'a QueryParams,
    /// JSON body (`Null` when empty).
    pub body: &'a Value,
}

impl<'a> Call<'a> {
    /// Whether the call is `method` with exactly these segments after the store type.
    pub(super) fn is(&self, verb: Verb, key: Option<&str>, op: Option<&str>) -> bool {
        self.verb == verb && self.key == key && self.op == op && self.arg.is_none()
    }

    /// `Some(key)` when the call is `method /{key}/{op}` (no further segment).
    pub(super) fn keyed(&self, verb: Verb, op: Option<&str>) -> Option<&'a str> {
        (self.verb == verb && self.op == op && self.arg.is_none())
            .then_some(self.key)
            .flatten()
    }

    /// A query string parameter.
    pub(super) fn text(&self, name: &str) -> Option<&'a str> {
        self.query.get(name)
    }

    /// A whole-number query parameter (`3`, `-1`, `3.0`).
    pub(super) fn int(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.text(name).map(|t| whole(name, t)).transpose()
    }

    /// A required whole-number query parameter.
    pub(super) fn required_int(&self, name: &str) -> Result<i64, ApiError> {
        self.int(name)?.ok_or_else(|| missing(name))
    }

    /// A numeric query parameter.
    pub(super) fn num(&self, name: &str) -> Result<Option<Num>, ApiError> {
        self.text(name)
            .map(|t| Num::parse(t).ok_or_else(|| not_number(name, t)))
            .transpose()
    }

    /// A floating-point query parameter.
    pub(super) fn float(&self, name: &str) -> Result<Option<f64>, ApiError> {
        Ok(self.num(name)?.map(|n| match n {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }))
    }

    /// A `true`/`false` query parameter.
    pub(super) fn flag(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.text(name).map(|t| boolean(name, t)).transpose()
    }

    /// The body as a JSON array.
    pub(super) fn array(&self) -> Result<&'a Vec<Value>, ApiError> {
        self.body
            .as_array()
            .ok_or_else(|| bad_argument("the request body must be a JSON array"))
    }

    /// The body as an array of strings (store keys, map fields).
    pub(super) fn strings(&self) -> Result<Vec<String>, ApiError> {
        self.array()?
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad_argument("the request body must be an array of strings"))
            })
            .collect()
    }

    /// The body as a JSON object.
    pub(super) fn object(&self) -> Result<&'a Map<String, Value>, ApiError> {
        self.body
            .as_object()
            .ok_or_else(|| bad_argument("the request body must be a JSON object"))
    }

    /// A body field that must be present and not `null`.
    pub(super) fn field(&self, name: &str) -> Result<&'a Value, ApiError> {
        self.object()?
            .get(name)
            .filter(|v| !v.is_null())
            .ok_or_else(|| missing(name))
    }

    /// An optional body field (`null` counts as absent).
    pub(super) fn opt_field(&self, name: &str) -> Result<Option<&'a Value>, ApiError> {
        Ok(self.object()?.get(name).filter(|v| !v.is_null()))
    }

    /// An optional boolean body field.
    pub(super) fn opt_bool_field(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.opt_field(name)?
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| bad_argument(&format!("'{name}' must be a boolean")))
            })
            .transpose()
    }

    /// An optional whole-number body field.
    pub(super) fn opt_int_field(&self, name: &str) -> Result<Option<i64>, ApiError> {
        self.opt_field(name)?
            .map(|v| json_whole(name, v))
            .transpose()
    }

    /// A required finite number body field.
    pub(super) fn float_field(&self, name: &str) -> Result<f64, ApiError> {
        json_float(name, self.field(name)?)
    }
}

/// A whole number from text (`3.0` is accepted, `3.5` is not).
pub(super) fn whole(name: &str, text: &str) -> Result<i64, ApiError> {
    match Num::parse(text) {
        Some(Num::Int(i)) => Ok(i),
        Some(Num::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e18 => Ok(f as i64),
        _ => Err(bad_argument(&format!(
            "'{name}' must be a whole number, got '{text}'"
        ))),
    }
}

/// A whole number from a JSON value.
pub(super) fn json_whole(name: &str, value: &Value) -> Result<i64, ApiError> {
    match value {
        Value::Number(n) => whole(name, &n.to_string()),
        other => Err(bad_argument(&format!(
            "'{name}' must be a whole number, got {other}"
        ))),
    }
}

/// A finite number from a JSON value.
pub(super) fn json_float(name: &str, value: &Value) -> Result<f64, ApiError> {
    value
        .as_f64()
        .filter(|f| f.is_finite())
        .ok_or_else(|| bad_argument(&format!("'{name}' must be a number, got {value}")))
}

fn boolean(name: &str, text: &str) -> Result<bool, ApiError> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(bad_argument(&format!(
            "'{name}' must be true or false, got '{text}'"
        ))),
    }
}

fn not_number(name: &str, text: &str) -> ApiError {
    bad_argument(&format!("'{name}' must be a number, got '{text}'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(pairs: &[(&str, &str)]) -> QueryParams {
        QueryParams(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn readers_parse_or_name_the_bad_argument() {
        let q = query(&[("count", "3"), ("f", "2.5"), ("b", "TRUE"), ("bad", "x")]);
        let body = json!({"value": 1, "n": null});
        let call = Call {
            verb: Verb::Get,
            key: Some("k"),
            op: None,
            arg: None,
            query: &q,
            body: &body,
        };
        assert_eq!(call.int("count").ok().flatten(), Some(3));
        assert_eq!(call.int("absent").ok().flatten(), None);
        assert_eq!(call.float("f").ok().flatten(), Some(2.5));
        assert_eq!(call.flag("b").ok().flatten(), Some(true));
        assert_eq!(call.int("bad").map_err(|e| e.code), Err(8002));
        assert_eq!(call.int("f").map_err(|e| e.code), Err(8002));
        assert_eq!(call.required_int("absent").map_err(|e| e.code), Err(8010));
        assert_eq!(call.field("n").map_err(|e| e.code), Err(8010));
        assert_eq!(call.field("value").ok(), Some(&json!(1)));
        assert_eq!(call.array().map_err(|e| e.code), Err(8002));
        assert_eq!(call.keyed(Verb::Get, None), Some("k"));
        assert_eq!(call.keyed(Verb::Put, None), None);
    }
}
