//! The key-value store (hive.md §4, K1-K6): one JSON value per key.

use serde_json::{Map, Value};

use super::args::{json_whole, Call, Verb};
use super::errors::{bad_argument, not_a_number, out_of_range};
use super::reply::Reply;
use super::store::{Payload, Store};
use super::value::Num;
use crate::error::ApiError;

impl Payload for Value {
    fn is_empty(&self) -> bool {
        self.is_null()
    }
}

/// When K3 stores a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Always (default).
    Always,
    /// Only if the key exists.
    IfExists,
    /// Only if the key does not exist.
    IfNotExists,
}

/// The expiration K3 gives the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// None: a plain set clears any previous expiration (Redis SET).
    Never,
    /// Seconds from now.
    In(i64),
    /// Epoch seconds.
    At(i64),
}

/// A key-value operation.
#[derive(Debug, Clone, PartialEq)]
pub enum KvOp {
    /// K1 `GET /{key}`.
    Get(String),
    /// K2 `POST /` with keys.
    GetMany(Vec<String>),
    /// K3 `PUT /{key}`.
    Set {
        /// Store key.
        key: String,
        /// Value (never `null`).
        value: Value,
        /// Expiration.
        expiry: Expiry,
        /// Condition.
        condition: Condition,
    },
    /// K4 `PUT /` with an object.
    SetMany(Map<String, Value>),
    /// K5/K6 `PUT /{key}/increment|decrement?value=`.
    Add(String, Num),
    /// `DELETE /{key}/values` with an array (the console's `removeHiveStoreValue`): delete the key
    /// when its value is one of them; answers how many keys went (0 or 1).
    DeleteValues(String, Vec<Value>),
}

/// The key-value operation `call` names, if any.
pub(super) fn parse(call: &Call) -> Result<Option<KvOp>, ApiError> {
    let key = || call.key.map(str::to_string).unwrap_or_default();
    let op = if call.is(Verb::Post, None, None) {
        KvOp::GetMany(call.strings()?)
    } else if call.is(Verb::Put, None, None) {
        KvOp::SetMany(call.object()?.clone())
    } else if call.keyed(Verb::Get, None).is_some() {
        KvOp::Get(key())
    } else if call.keyed(Verb::Put, None).is_some() {
        parse_set(call, key())?
    } else if call.keyed(Verb::Delete, Some("values")).is_some() {
        KvOp::DeleteValues(key(), call.array()?.clone())
    } else if call.keyed(Verb::Put, Some("increment")).is_some() {
        KvOp::Add(key(), call.num("value")?.unwrap_or(Num::Int(1)))
    } else if call.keyed(Verb::Put, Some("decrement")).is_some() {
        let by = call.num("value")?.unwrap_or(Num::Int(1));
        KvOp::Add(key(), by.negate().ok_or_else(out_of_range)?)
    } else {
        return Ok(None);
    };
    Ok(Some(op))
}

fn parse_set(call: &Call, key: String) -> Result<KvOp, ApiError> {
    let value = call.field("value")?.clone();
    let ttl = call
        .opt_field("ttl")?
        .map(|v| json_whole("ttl", v))
        .transpose()?;
    let at = call
        .opt_field("expireAt")?
        .map(|v| json_whole("expireAt", v))
        .transpose()?;
    // When both are given the docs say `ttl` is ignored.
    let expiry = match (ttl, at) {
        (_, Some(at)) => Expiry::At(at),
        (Some(ttl), None) if ttl > 0 => Expiry::In(ttl),
        (Some(_), None) => return Err(out_of_range()),
        (None, None) => Expiry::Never,
    };
    let condition = match call.opt_field("condition")?.map(|c| c.as_str()) {
        None | Some(Some("Always")) => Condition::Always,
        Some(Some("IfExists")) => Condition::IfExists,
        Some(Some("IfNotExists")) => Condition::IfNotExists,
        Some(_) => {
            return Err(bad_argument(
                "'condition' must be one of IfExists, IfNotExists, Always",
            ))
        }
    };
    Ok(KvOp::Set {
        key,
        value,
        expiry,
        condition,
    })
}

/// Apply `op` to the key-value store.
pub(super) fn apply(store: &mut Store<Value>, op: KvOp, now: i64) -> Result<Reply, ApiError> {
    Ok(match op {
        KvOp::Get(key) => Reply::json(store.read(&key, now).cloned().unwrap_or(Value::Null)),
        KvOp::GetMany(keys) => {
            let mut found = Map::new();
            for key in keys {
                if let Some(v) = store.read(&key, now) {
                    found.insert(key, v.clone());
                }
            }
            Reply::json(found)
        }
        KvOp::Set {
            key,
            value,
            expiry,
            condition,
        } => {
            let exists = store.peek(&key, now).is_some();
            let allowed = match condition {
                Condition::Always => true,
                Condition::IfExists => exists,
                Condition::IfNotExists => !exists,
            };
            if allowed {
                store.update(&key, now, |entry| {
                    entry.value = value;
                    entry.expires_at = match expiry {
                        Expiry::Never => None,
                        Expiry::In(s) => Some(now.saturating_add(s.saturating_mul(1000))),
                        Expiry::At(s) => Some(s.saturating_mul(1000)),
                    };
                });
                // An `expireAt` in the past stores a key that is already gone.
                store.peek(&key, now);
            }
            Reply::json(allowed)
        }
        KvOp::DeleteValues(key, values) => {
            let removed = store.modify_existing(&key, now, |value| {
                let hit = values.contains(value);
                if hit {
                    *value = Value::Null;
                }
                hit
            });
            Reply::json(usize::from(removed.unwrap_or(false)))
        }
        KvOp::SetMany(pairs) => {
            for (key, value) in pairs {
                if value.is_null() {
                    continue;
                }
                store.update(&key, now, |entry| {
                    entry.value = value;
                    entry.expires_at = None;
                });
            }
            // Open question 9: the docs say "none", the JS d.ts `boolean`; `true` serves both.
            Reply::json(true)
        }
        KvOp::Add(key, by) => store.update(&key, now, |entry| {
            let current = if entry.value.is_null() {
                Value::from(0)
            } else {
                entry.value.clone()
            };
            let next = by.add_to(&current).ok_or_else(|| not_a_number(&key))?;
            entry.value = next.clone();
            Ok::<_, ApiError>(Reply::json(next))
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(key: &str, value: Value, expiry: Expiry, condition: Condition) -> KvOp {
        KvOp::Set {
            key: key.into(),
            value,
            expiry,
            condition,
        }
    }

    fn run(store: &mut Store<Value>, op: KvOp, now: i64) -> Value {
        apply(store, op, now).expect("applies").into_value()
    }

    #[test]
    fn delete_values_deletes_the_key_only_when_its_value_is_listed() {
        let mut s = Store::default();
        run(
            &mut s,
            set("k", json!(1), Expiry::Never, Condition::Always),
            0,
        );
        let listed = |values: Vec<Value>| KvOp::DeleteValues("k".into(), values);
        assert_eq!(run(&mut s, listed(vec![json!(2)]), 0), json!(0));
        assert_eq!(run(&mut s, KvOp::Get("k".into()), 0), json!(1));
        assert_eq!(run(&mut s, listed(vec![json!(2), json!(1)]), 0), json!(1));
        assert_eq!(run(&mut s, KvOp::Get("k".into()), 0), Value::Null);
    }

    #[test]
    fn conditions_and_expiry() {
        let mut s = Store::default();
        let k = "k";
        assert_eq!(
            run(
                &mut s,
                set(k, json!(1), Expiry::Never, Condition::IfExists),
                0
            ),
            json!(false)
        );
        assert_eq!(
            run(
                &mut s,
                set(k, json!(1), Expiry::In(2), Condition::IfNotExists),
                0
            ),
            json!(true)
        );
        assert_eq!(
            run(
                &mut s,
                set(k, json!(2), Expiry::Never, Condition::IfNotExists),
                0
            ),
            json!(false)
        );
        assert_eq!(run(&mut s, KvOp::Get(k.into()), 1_999), json!(1));
        assert_eq!(run(&mut s, KvOp::Get(k.into()), 2_000), Value::Null);
        run(
            &mut s,
            set(k, json!({"a": 1}), Expiry::At(1), Condition::Always),
            5_000,
        );
        assert_eq!(run(&mut s, KvOp::Get(k.into()), 5_000), Value::Null);
    }

    #[test]
    fn increments_start_at_zero_and_refuse_non_numbers() {
        let mut s = Store::default();
        assert_eq!(run(&mut s, KvOp::Add("n".into(), Num::Int(5)), 0), json!(5));
        assert_eq!(
            run(&mut s, KvOp::Add("n".into(), Num::Int(-7)), 0),
            json!(-2)
        );
        run(
            &mut s,
            KvOp::SetMany(
                json!({"s": "text"})
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
            ),
            0,
        );
        let err = apply(&mut s, KvOp::Add("s".into(), Num::Int(1)), 0)
            .map(|_| ())
            .map_err(|e| e.code);
        assert_eq!(err, Err(27004));
        assert_eq!(run(&mut s, KvOp::Get("s".into()), 0), json!("text"));
        assert_eq!(
            run(
                &mut s,
                KvOp::GetMany(vec!["n".into(), "s".into(), "x".into()]),
                0
            ),
            json!({"n": -2, "s": "text"})
        );
    }
}
