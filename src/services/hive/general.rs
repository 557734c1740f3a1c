//! The general API shared by every store type (hive.md §3, G1-G11), parsed from a [`Call`] and
//! applied to a store through [`KeySpace`].

use serde_json::{json, Value};

use super::args::{Call, Verb};
use super::errors::missing;
use super::glob::Glob;
use super::reply::Reply;
use super::store::KeySpace;
use crate::error::ApiError;

/// Default `pageSize` of G1 (the parameter table says 5000; the overview's 10,000 is ignored).
pub(super) const DEFAULT_KEYS_PAGE: usize = 5000;

/// A general-API operation.
#[derive(Debug, Clone, PartialEq)]
pub enum GeneralOp {
    /// G1 `GET /keys`.
    Keys {
        /// Glob over key names.
        pattern: Glob,
        /// Position to start from.
        cursor: usize,
        /// Most keys to return.
        page: usize,
    },
    /// G2 `DELETE /` with a body of keys.
    Delete(Vec<String>),
    /// G3 `DELETE /{key}`.
    DeleteKey(String),
    /// G4 `POST /action/exist`.
    Exist(Vec<String>),
    /// G5 `PUT /action/touch`.
    Touch(Vec<String>),
    /// G6 `PUT /{key}/rename`.
    Rename {
        /// Current key.
        key: String,
        /// New key.
        to: String,
        /// Replace an existing target (default `true`).
        overwrite: bool,
    },
    /// G7 `GET /{key}/get-expiration-ttl`.
    Ttl(String),
    /// G8 `PUT /{key}/clear-expiration`.
    ClearExpiration(String),
    /// G9 `PUT /{key}/expire?ttl=` (seconds).
    ExpireIn(String, i64),
    /// G10 `PUT /{key}/expire-at?unixTime=` (epoch seconds).
    ExpireAt(String, i64),
    /// G11 `GET /{key}/seconds-since-last-operation`.
    IdleSeconds(String),
}

/// The general operation `call` names, if any.
pub(super) fn parse(call: &Call) -> Result<Option<GeneralOp>, ApiError> {
    let key = || call.key.map(str::to_string).unwrap_or_default();
    let op = if call.is(Verb::Get, Some("keys"), None) {
        GeneralOp::Keys {
            pattern: call
                .text("filterPattern")
                .filter(|p| !p.is_empty())
                .map_or_else(Glob::any, Glob::new),
            cursor: call.int("cursor")?.unwrap_or(0).max(0) as usize,
            page: call
                .int("pageSize")?
                .map_or(DEFAULT_KEYS_PAGE, |p| p.max(1) as usize),
        }
    } else if call.is(Verb::Delete, None, None) {
        GeneralOp::Delete(call.strings()?)
    } else if call.keyed(Verb::Delete, None).is_some() {
        GeneralOp::DeleteKey(key())
    } else if call.is(Verb::Post, Some("action"), Some("exist")) {
        GeneralOp::Exist(call.strings()?)
    } else if call.is(Verb::Put, Some("action"), Some("touch")) {
        GeneralOp::Touch(call.strings()?)
    } else if call.keyed(Verb::Put, Some("rename")).is_some() {
        GeneralOp::Rename {
            key: key(),
            to: call
                .text("newKey")
                .filter(|k| !k.is_empty())
                .ok_or_else(|| missing("newKey"))?
                .to_string(),
            overwrite: call.flag("overwrite")?.unwrap_or(true),
        }
    } else if call.keyed(Verb::Get, Some("get-expiration-ttl")).is_some() {
        GeneralOp::Ttl(key())
    } else if call.keyed(Verb::Put, Some("clear-expiration")).is_some() {
        GeneralOp::ClearExpiration(key())
    } else if call.keyed(Verb::Put, Some("expire")).is_some() {
        GeneralOp::ExpireIn(key(), call.required_int("ttl")?)
    } else if call.keyed(Verb::Put, Some("expire-at")).is_some() {
        GeneralOp::ExpireAt(key(), call.required_int("unixTime")?)
    } else if call
        .keyed(Verb::Get, Some("seconds-since-last-operation"))
        .is_some()
    {
        GeneralOp::IdleSeconds(key())
    } else {
        return Ok(None);
    };
    Ok(Some(op))
}

/// Apply `op` to one store.
pub(super) fn apply(store: &mut dyn KeySpace, op: GeneralOp, now: i64) -> Result<Reply, ApiError> {
    Ok(match op {
        GeneralOp::Keys {
            pattern,
            cursor,
            page,
        } => {
            let (keys, next) = store.keys(now, &pattern, cursor, page);
            // Open question 1: the docs show `cursor`, the JS d.ts and Swift read `cursorId`.
            let next = next.to_string();
            Reply::json(json!({"keys": keys, "cursor": next, "cursorId": next}))
        }
        GeneralOp::Delete(keys) => Reply::json(store.delete(&keys, now)),
        GeneralOp::DeleteKey(key) => Reply::json(store.delete(&[key], now)),
        GeneralOp::Exist(keys) => Reply::json(store.exist(&keys, now)),
        // Open question 8: the docs return the number of timers reset, the d.ts says void; a
        // number serves both readers.
        GeneralOp::Touch(keys) => Reply::json(store.touch(&keys, now)),
        GeneralOp::Rename { key, to, overwrite } => {
            Reply::json(store.rename(&key, &to, overwrite, now)?)
        }
        GeneralOp::Ttl(key) => Reply::json(store.ttl(&key, now)?),
        GeneralOp::ClearExpiration(key) => {
            store.set_expiration(&key, None, now)?;
            Reply::Empty
        }
        GeneralOp::ExpireIn(key, seconds) => {
            // A ttl of zero or less expires the key at once (Redis EXPIRE).
            let at = now.saturating_add(seconds.saturating_mul(1000));
            store.set_expiration(&key, Some(at), now)?;
            Reply::Empty
        }
        GeneralOp::ExpireAt(key, unix_seconds) => {
            store.set_expiration(&key, Some(unix_seconds.saturating_mul(1000)), now)?;
            Reply::Empty
        }
        GeneralOp::IdleSeconds(key) => Reply::json(
            store
                .idle_seconds(&key, now)
                .map_or(Value::Null, Value::from),
        ),
    })
}
