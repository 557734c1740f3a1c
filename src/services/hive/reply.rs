//! [`Reply`]: what a Hive operation answers, a JSON body or an empty 200.

use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::extract::empty;

/// What a Hive operation answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A JSON body (bare scalars included).
    Json(Value),
    /// An empty 200 ("none" in the docs).
    Empty,
}

impl Reply {
    /// A JSON reply.
    pub fn json(value: impl Into<Value>) -> Self {
        Reply::Json(value.into())
    }

    /// The body as JSON (`null` when empty).
    pub fn into_value(self) -> Value {
        match self {
            Reply::Json(v) => v,
            Reply::Empty => Value::Null,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json(v) => axum::Json(v).into_response(),
            Reply::Empty => empty(),
        }
    }
}
