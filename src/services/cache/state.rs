//! The cache of one app (counters-cache.md §2): key → JSON value with an expiration time on the
//! app clock. Expiry is lazy: an entry past its time is dropped by the next call that sees it.

use std::collections::BTreeMap;

use dashmap::DashMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::errors::{in_the_past, out_of_range, too_big, too_long};
use crate::apps::ServiceState;
use crate::error::ApiError;

/// Longest lifetime of an entry, and the default one, in seconds.
pub const MAX_TTL_SECONDS: i64 = 7200;
/// Largest serialized value, in bytes.
pub const MAX_VALUE_BYTES: usize = 10240;

/// One cached value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheEntry {
    /// The value as the client sent it (`null` included).
    pub value: Value,
    /// Expiration time, epoch ms.
    pub expires_at: i64,
}

/// Every cache entry of one app.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "BTreeMap<String, CacheEntry>")]
pub struct CacheState {
    entries: DashMap<String, CacheEntry>,
}

impl ServiceState for CacheState {
    const KEY: &'static str = "cache";
}

impl From<BTreeMap<String, CacheEntry>> for CacheState {
    fn from(saved: BTreeMap<String, CacheEntry>) -> Self {
        CacheState {
            entries: saved.into_iter().collect(),
        }
    }
}

/// Saved sorted by name, so that exports of the same state are the same bytes.
impl Serialize for CacheState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sorted: BTreeMap<String, CacheEntry> = self
            .entries
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect();
        sorted.serialize(s)
    }
}

/// Q1 `timeout`: absent or 0 → the 7200 s default; 1..=7200 kept; more → 1028; negative → 8000.
pub(super) fn put_ttl(timeout: Option<i64>) -> Result<i64, ApiError> {
    match timeout {
        None | Some(0) => Ok(MAX_TTL_SECONDS),
        Some(t) if t < 0 => Err(out_of_range()),
        Some(t) if t > MAX_TTL_SECONDS => Err(too_long()),
        Some(t) => Ok(t),
    }
}

impl CacheState {
    /// Q1: store `value` for `ttl_seconds` (see `put_ttl`); 1026 when it serializes to more
    /// than 10240 bytes.
    pub fn put(&self, key: &str, value: Value, ttl_seconds: i64, now: i64) -> Result<(), ApiError> {
        let size = serde_json::to_vec(&value).map_or(usize::MAX, |b| b.len());
        if size > MAX_VALUE_BYTES {
            return Err(too_big());
        }
        self.entries.insert(
            key.to_string(),
            CacheEntry {
                value,
                expires_at: now.saturating_add(ttl_seconds.saturating_mul(1000)),
            },
        );
        Ok(())
    }

    /// Q2: the live value, `None` when missing or expired.
    pub fn get(&self, key: &str, now: i64) -> Option<Value> {
        self.entries.remove_if(key, |_, e| e.expires_at <= now);
        self.entries.get(key).map(|e| e.value.clone())
    }

    /// Q3: whether a live entry exists (a stored `null` counts).
    pub fn contains(&self, key: &str, now: i64) -> bool {
        self.entries.remove_if(key, |_, e| e.expires_at <= now);
        self.entries.contains_key(key)
    }

    /// Q4: expire `seconds` (1..=7200) from now; a missing key is left missing.
    pub fn expire_in(&self, key: &str, seconds: i64, now: i64) -> Result<(), ApiError> {
        if seconds < 1 {
            return Err(out_of_range());
        }
        if seconds > MAX_TTL_SECONDS {
            return Err(too_long());
        }
        self.set_expiry(key, now + seconds * 1000, now);
        Ok(())
    }

    /// Q5: expire at `at_ms` (epoch ms), which must be after now (1031) and within 7200 s (1028).
    pub fn expire_at(&self, key: &str, at_ms: i64, now: i64) -> Result<(), ApiError> {
        if at_ms <= now {
            return Err(in_the_past());
        }
        if at_ms - now > MAX_TTL_SECONDS * 1000 {
            return Err(too_long());
        }
        self.set_expiry(key, at_ms, now);
        Ok(())
    }

    fn set_expiry(&self, key: &str, at_ms: i64, now: i64) {
        // Open question 4: extending a missing key is not an error (nothing to extend).
        self.entries.remove_if(key, |_, e| e.expires_at <= now);
        if let Some(mut entry) = self.entries.get_mut(key) {
            entry.expires_at = at_ms;
        }
    }

    /// Every live entry, sorted by key (the console's browser).
    pub fn live(&self, now: i64) -> BTreeMap<String, CacheEntry> {
        self.entries.retain(|_, e| e.expires_at > now);
        self.entries
            .iter()
            .map(|e| (e.key().clone(), e.value().clone()))
            .collect()
    }

    /// Q6: remove a key (missing is fine).
    pub fn delete(&self, key: &str) {
        self.entries.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};
    use serde_json::json;

    #[test]
    fn entries_expire_on_the_given_clock() {
        let c = CacheState::default();
        c.put("a", json!({"x": 1}), 2, 1_000).expect("puts");
        assert_eq!(c.get("a", 2_999), Some(json!({"x": 1})));
        assert!(!c.contains("a", 3_000));
        c.put("n", Value::Null, put_ttl(None).expect("default"), 0)
            .expect("puts");
        assert!(c.contains("n", 7_199_999));
        assert_eq!(c.get("n", 7_200_000), None);
    }

    #[test]
    fn extending_life() {
        let c = CacheState::default();
        c.put("a", json!("v"), 10, 0).expect("puts");
        c.expire_in("a", 100, 5_000).expect("extends");
        assert!(c.contains("a", 104_999));
        assert!(!c.contains("a", 105_000));
        c.put("b", json!(1), 10, 0).expect("puts");
        c.expire_at("b", 2_000, 1_000).expect("shortens");
        assert!(!c.contains("b", 2_000));
        c.expire_in("missing", 10, 0).expect("no-op");
        assert!(!c.contains("missing", 0));
    }

    #[test]
    fn limits() {
        let c = CacheState::default();
        let big = json!("x".repeat(MAX_VALUE_BYTES));
        assert_eq!(c.put("big", big, 10, 0).map_err(|e| e.code), Err(1026));
        assert_eq!(put_ttl(Some(7201)).map_err(|e| e.code), Err(1028));
        assert_eq!(put_ttl(Some(-1)).map_err(|e| e.code), Err(8000));
        assert_eq!(c.expire_in("a", 0, 0).map_err(|e| e.code), Err(8000));
        assert_eq!(c.expire_in("a", 7201, 0).map_err(|e| e.code), Err(1028));
        assert_eq!(
            c.expire_at("a", 1_000, 1_000).map_err(|e| e.code),
            Err(1031)
        );
        assert_eq!(
            c.expire_at("a", 7_201_001, 1_000).map_err(|e| e.code),
            Err(1028)
        );
    }

    #[test]
    fn export_round_trips() {
        let c = CacheState::default();
        c.put("k", json!([1, "two"]), 60, 0).expect("puts");
        let copy = loaded::<CacheState>(&saved(&c)).expect("imports");
        assert_eq!(saved(&copy), saved(&c));
        assert_eq!(copy.get("k", 1), Some(json!([1, "two"])));
    }
}
