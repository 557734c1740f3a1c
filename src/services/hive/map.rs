//! The map store (hive.md §6, M1-M13): a JSON object (field → value) per key, with Redis hash
//! semantics.

use serde_json::{Map, Value};

use super::args::{Call, Verb};
use super::errors::{bad_argument, not_a_number, out_of_range};
use super::reply::Reply;
use super::store::{Payload, Store};
use super::value::Num;
use crate::error::ApiError;

impl Payload for Map<String, Value> {
    fn is_empty(&self) -> bool {
        Map::is_empty(self)
    }
}

/// A map operation on one key.
#[derive(Debug, Clone, PartialEq)]
pub enum MapOp {
    /// M1 `GET /{key}`.
    All,
    /// M2 `POST /{key}` with field names (none = all).
    Fields(Vec<String>),
    /// M3 `GET /{key}/get/{field}`.
    Get(String),
    /// M4 `GET /{key}/exists/{field}`.
    Exists(String),
    /// M5 `GET /{key}/length`.
    Length,
    /// M6 `GET /{key}/keys`.
    Keys,
    /// M7 `GET /{key}/values`.
    Values,
    /// M8 `PUT /{key}` with an object.
    SetMany(Map<String, Value>),
    /// M9/M10 `PUT /{key}/set/{field}`, `PUT /{key}/set-with-overwrite/{field}`.
    Set {
        /// Field name.
        field: String,
        /// Value.
        value: Value,
        /// `Some(overwrite)` for M10; `None` for M9 (which answers "was the field new").
        overwrite: Option<bool>,
    },
    /// M11/M12 `PUT /{key}/increment|decrement/{field}?count=`.
    Add(String, Num),
    /// M13 `DELETE /{key}/by-obj-keys`.
    Delete(Vec<String>),
}

/// The map operation `call` names (with its store key), if any.
pub(super) fn parse(call: &Call) -> Result<Option<(String, MapOp)>, ApiError> {
    let Some(key) = call.key else {
        return Ok(None);
    };
    let field = || call.arg.map(str::to_string).unwrap_or_default();
    let op = match (call.verb, call.op, call.arg) {
        (Verb::Get, None, None) => MapOp::All,
        (Verb::Post, None, None) => fields(call)?,
        (Verb::Get, Some("length"), None) => MapOp::Length,
        (Verb::Get, Some("keys"), None) => MapOp::Keys,
        (Verb::Get, Some("values"), None) => MapOp::Values,
        (Verb::Put, None, None) => MapOp::SetMany(call.object()?.clone()),
        // `values` is the console's `removeHiveStoreValue`: the map's values are addressed by key.
        (Verb::Delete, Some("by-obj-keys" | "values"), None) => MapOp::Delete(call.strings()?),
        (Verb::Get, Some("get"), Some(_)) => MapOp::Get(field()),
        (Verb::Get, Some("exists"), Some(_)) => MapOp::Exists(field()),
        (Verb::Put, Some("set"), Some(_)) => MapOp::Set {
            field: field(),
            value: call.field("value")?.clone(),
            overwrite: None,
        },
        (Verb::Put, Some("set-with-overwrite"), Some(_)) => MapOp::Set {
            field: field(),
            value: call.field("value")?.clone(),
            overwrite: Some(call.opt_bool_field("overwrite")?.unwrap_or(true)),
        },
        (Verb::Put, Some("increment"), Some(_)) => {
            MapOp::Add(field(), call.num("count")?.unwrap_or(Num::Int(1)))
        }
        (Verb::Put, Some("decrement"), Some(_)) => {
            let by = call.num("count")?.unwrap_or(Num::Int(1));
            MapOp::Add(field(), by.negate().ok_or_else(out_of_range)?)
        }
        _ => return Ok(None),
    };
    Ok(Some((key.to_string(), op)))
}

/// M2: the JS SDK sends `[]`/`[null]` (`castArray(undefined)`) for "all fields".
fn fields(call: &Call) -> Result<MapOp, ApiError> {
    let mut names = Vec::new();
    for v in call.array()? {
        match v {
            Value::String(s) => names.push(s.clone()),
            Value::Null => {}
            _ => return Err(bad_argument("the request body must be an array of strings")),
        }
    }
    Ok(if names.is_empty() {
        MapOp::All
    } else {
        MapOp::Fields(names)
    })
}

/// Apply `op` to `key` of the map store.
pub(super) fn apply(
    store: &mut Store<Map<String, Value>>,
    key: &str,
    op: MapOp,
    now: i64,
) -> Result<Reply, ApiError> {
    let empty = Map::new();
    Ok(match op {
        MapOp::All => Reply::json(store.read(key, now).unwrap_or(&empty).clone()),
        MapOp::Fields(names) => {
            let map = store.read(key, now).unwrap_or(&empty);
            let found: Map<String, Value> = names
                .into_iter()
                .filter_map(|n| map.get(&n).cloned().map(|v| (n, v)))
                .collect();
            Reply::json(found)
        }
        MapOp::Get(field) => {
            let map = store.read(key, now).unwrap_or(&empty);
            Reply::json(map.get(&field).cloned().unwrap_or(Value::Null))
        }
        MapOp::Exists(field) => {
            Reply::json(store.read(key, now).is_some_and(|m| m.contains_key(&field)))
        }
        MapOp::Length => Reply::json(store.read(key, now).map_or(0, Map::len)),
        MapOp::Keys => {
            let map = store.read(key, now).unwrap_or(&empty);
            Reply::json(map.keys().cloned().collect::<Vec<_>>())
        }
        MapOp::Values => {
            let map = store.read(key, now).unwrap_or(&empty);
            Reply::json(map.values().cloned().collect::<Vec<_>>())
        }
        MapOp::SetMany(pairs) => {
            let added = store.modify(key, now, |map| {
                pairs
                    .into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .filter(|(f, v)| map.insert(f.clone(), v.clone()).is_none())
                    .count()
            });
            Reply::json(added)
        }
        MapOp::Set {
            field,
            value,
            overwrite,
        } => {
            let stored = store.modify(key, now, |map| match overwrite {
                // M9 (HSET): true when the field is new.
                None => map.insert(field, value).is_none(),
                // M10: whether the value was written; without overwrite only when absent (HSETNX).
                Some(overwrite) => {
                    if overwrite || !map.contains_key(&field) {
                        map.insert(field, value);
                        true
                    } else {
                        false
                    }
                }
            });
            Reply::json(stored)
        }
        MapOp::Add(field, by) => store.modify(key, now, |map| {
            let current = map.get(&field).cloned().unwrap_or(Value::from(0));
            let next = by.add_to(&current).ok_or_else(|| not_a_number(&field))?;
            map.insert(field, next.clone());
            Ok::<_, ApiError>(Reply::json(next))
        })?,
        MapOp::Delete(fields) => {
            let removed = store.modify_existing(key, now, |map| {
                fields.iter().filter(|f| map.remove(*f).is_some()).count()
            });
            Reply::json(removed.unwrap_or(0))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(s: &mut Store<Map<String, Value>>, op: MapOp) -> Value {
        apply(s, "m", op, 0).expect("applies").into_value()
    }

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn hash_semantics() {
        let mut s = Store::default();
        assert_eq!(
            run(&mut s, MapOp::SetMany(object(json!({"a": 1, "b": "x"})))),
            json!(2)
        );
        assert_eq!(
            run(&mut s, MapOp::SetMany(object(json!({"a": 2, "c": true})))),
            json!(1)
        );
        assert_eq!(
            run(&mut s, MapOp::All),
            json!({"a": 2, "b": "x", "c": true})
        );
        assert_eq!(
            run(&mut s, MapOp::Fields(vec!["a".into(), "zz".into()])),
            json!({"a": 2})
        );
        let set = |f: &str, ow| MapOp::Set {
            field: f.into(),
            value: json!(9),
            overwrite: ow,
        };
        assert_eq!(run(&mut s, set("a", None)), json!(false));
        assert_eq!(run(&mut s, set("d", None)), json!(true));
        assert_eq!(run(&mut s, set("a", Some(false))), json!(false));
        assert_eq!(run(&mut s, set("e", Some(false))), json!(true));
        assert_eq!(
            run(&mut s, MapOp::Add("a".into(), Num::Int(-10))),
            json!(-1)
        );
        assert_eq!(run(&mut s, MapOp::Add("new".into(), Num::Int(3))), json!(3));
        let bad = apply(&mut s, "m", MapOp::Add("b".into(), Num::Int(1)), 0);
        assert_eq!(bad.map(|_| ()).map_err(|e| e.code), Err(27004));
        assert_eq!(
            run(&mut s, MapOp::Keys),
            json!(["a", "b", "c", "d", "e", "new"])
        );
        assert_eq!(run(&mut s, MapOp::Exists("c".into())), json!(true));
        assert_eq!(run(&mut s, MapOp::Get("zz".into())), Value::Null);
        assert_eq!(
            run(&mut s, MapOp::Delete(vec!["a".into(), "zz".into()])),
            json!(1)
        );
        assert_eq!(run(&mut s, MapOp::Length), json!(5));
    }
}
