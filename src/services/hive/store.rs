//! One store ("bucket") of a hive: store key → entry with value, expiration and last-operation
//! time, plus the operations every store type shares (hive.md §1, §3 "general API").
//!
//! Expiry is lazy: an entry whose `expires_at` is not after the app clock's `now` is dropped by
//! whichever operation next looks at it, so moving the emulator clock expires keys at once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::errors::{expiration_not_set, no_such_key};
use super::glob::Glob;
use crate::error::ApiError;

/// A stored value of some store type.
pub(super) trait Payload: Default {
    /// Whether the entry should cease to exist (an empty list, map, set or sorted set).
    fn is_empty(&self) -> bool;
}

/// One store key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Entry<T> {
    /// The value.
    pub value: T,
    /// Expiration time, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Time of the last operation on the key, epoch ms.
    pub last_op: i64,
}

impl<T> Entry<T> {
    fn expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

/// The keys of one store type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub(super) struct Store<T> {
    entries: BTreeMap<String, Entry<T>>,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store {
            entries: BTreeMap::new(),
        }
    }
}

impl<T: Payload> Store<T> {
    /// The live entry of `key`, without counting as an operation on it.
    pub(super) fn peek(&mut self, key: &str, now: i64) -> Option<&mut Entry<T>> {
        if self.entries.get(key).is_some_and(|e| e.expired(now)) {
            self.entries.remove(key);
        }
        self.entries.get_mut(key)
    }

    /// The live value of `key`, recording a read.
    pub(super) fn read(&mut self, key: &str, now: i64) -> Option<&T> {
        let entry = self.peek(key, now)?;
        entry.last_op = now;
        Some(&entry.value)
    }

    /// Run `f` on the entry of `key`, created empty if absent; an entry left empty is removed.
    pub(super) fn update<R>(
        &mut self,
        key: &str,
        now: i64,
        f: impl FnOnce(&mut Entry<T>) -> R,
    ) -> R {
        self.peek(key, now);
        let entry = self
            .entries
            .entry(key.to_string())
            .or_insert_with(|| Entry {
                value: T::default(),
                expires_at: None,
                last_op: now,
            });
        entry.last_op = now;
        let result = f(entry);
        if entry.value.is_empty() {
            self.entries.remove(key);
        }
        result
    }

    /// Run `f` on the value of `key` (see [`Store::update`]).
    pub(super) fn modify<R>(&mut self, key: &str, now: i64, f: impl FnOnce(&mut T) -> R) -> R {
        self.update(key, now, |e| f(&mut e.value))
    }

    /// Run `f` on the value of `key` if it exists; an entry left empty is removed.
    pub(super) fn modify_existing<R>(
        &mut self,
        key: &str,
        now: i64,
        f: impl FnOnce(&mut T) -> R,
    ) -> Option<R> {
        let entry = self.peek(key, now)?;
        entry.last_op = now;
        let result = f(&mut entry.value);
        if entry.value.is_empty() {
            self.entries.remove(key);
        }
        Some(result)
    }
}

/// The general API over a store of any type (object-safe, so a hive can pick a store at runtime).
pub(super) trait KeySpace {
    /// G1: live keys matching `pattern`, from position `cursor`; the next cursor is 0 at the end.
    fn keys(
        &mut self,
        now: i64,
        pattern: &Glob,
        cursor: usize,
        page: usize,
    ) -> (Vec<String>, usize);
    /// G2/G3: delete keys, returning how many existed.
    fn delete(&mut self, keys: &[String], now: i64) -> usize;
    /// G4: how many of `keys` exist.
    fn exist(&mut self, keys: &[String], now: i64) -> usize;
    /// G5: reset the last-operation timer of existing keys, returning how many.
    fn touch(&mut self, keys: &[String], now: i64) -> usize;
    /// G6: rename `key`; with `overwrite` false an existing target leaves both untouched.
    fn rename(&mut self, key: &str, to: &str, overwrite: bool, now: i64) -> Result<bool, ApiError>;
    /// G7: seconds until `key` expires.
    fn ttl(&mut self, key: &str, now: i64) -> Result<i64, ApiError>;
    /// G8-G10: set (`Some`) or clear (`None`) the expiration time, epoch ms.
    fn set_expiration(&mut self, key: &str, at: Option<i64>, now: i64) -> Result<(), ApiError>;
    /// G11: whole seconds since the last operation on `key`.
    fn idle_seconds(&mut self, key: &str, now: i64) -> Option<i64>;
    /// Whether the store holds no key (expired ones included until swept).
    fn is_blank(&self) -> bool;
}

impl<T: Payload> KeySpace for Store<T> {
    fn keys(
        &mut self,
        now: i64,
        pattern: &Glob,
        cursor: usize,
        page: usize,
    ) -> (Vec<String>, usize) {
        self.entries.retain(|_, e| !e.expired(now));
        let matching: Vec<&String> = self.entries.keys().filter(|k| pattern.matches(k)).collect();
        let keys: Vec<String> = matching
            .iter()
            .skip(cursor)
            .take(page.max(1))
            .map(|k| k.to_string())
            .collect();
        let next = cursor + keys.len();
        (keys, if next < matching.len() { next } else { 0 })
    }

    fn delete(&mut self, keys: &[String], now: i64) -> usize {
        keys.iter()
            .filter(|k| {
                let live = self.peek(k, now).is_some();
                self.entries.remove(k.as_str());
                live
            })
            .count()
    }

    fn exist(&mut self, keys: &[String], now: i64) -> usize {
        keys.iter().filter(|k| self.peek(k, now).is_some()).count()
    }

    fn touch(&mut self, keys: &[String], now: i64) -> usize {
        keys.iter()
            .filter(|k| match self.peek(k, now) {
                Some(entry) => {
                    entry.last_op = now;
                    true
                }
                None => false,
            })
            .count()
    }

    fn rename(&mut self, key: &str, to: &str, overwrite: bool, now: i64) -> Result<bool, ApiError> {
        self.peek(key, now).ok_or_else(no_such_key)?;
        if key == to {
            return Ok(overwrite);
        }
        if !overwrite && self.peek(to, now).is_some() {
            return Ok(false);
        }
        let mut entry = self.entries.remove(key).ok_or_else(no_such_key)?;
        entry.last_op = now;
        self.entries.insert(to.to_string(), entry);
        Ok(true)
    }

    fn ttl(&mut self, key: &str, now: i64) -> Result<i64, ApiError> {
        let entry = self.peek(key, now).ok_or_else(no_such_key)?;
        let at = entry.expires_at.ok_or_else(expiration_not_set)?;
        // Rounded like Redis TTL, so a key set with ttl=10 reports 10 right away.
        Ok((at - now + 500) / 1000)
    }

    fn set_expiration(&mut self, key: &str, at: Option<i64>, now: i64) -> Result<(), ApiError> {
        let entry = self.peek(key, now).ok_or_else(no_such_key)?;
        entry.expires_at = at;
        entry.last_op = now;
        if entry.expired(now) {
            self.entries.remove(key);
        }
        Ok(())
    }

    fn idle_seconds(&mut self, key: &str, now: i64) -> Option<i64> {
        self.peek(key, now).map(|e| (now - e.last_op).max(0) / 1000)
    }

    fn is_blank(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Clone, PartialEq)]
    struct Items(Vec<u8>);
    impl Payload for Items {
        fn is_empty(&self) -> bool {
            self.0.is_empty()
        }
    }

    fn store_with(keys: &[&str]) -> Store<Items> {
        let mut s = Store::default();
        for k in keys {
            s.modify(k, 0, |v: &mut Items| v.0.push(1));
        }
        s
    }

    #[test]
    fn expired_keys_vanish_lazily() {
        let mut s = store_with(&["a", "b"]);
        s.set_expiration("a", Some(10_000), 0).expect("a exists");
        assert_eq!(s.ttl("a", 1_000).ok(), Some(9));
        assert!(s.read("a", 9_999).is_some());
        assert!(s.read("a", 10_000).is_none());
        assert_eq!(s.ttl("a", 10_000).map_err(|e| e.code), Err(27003));
        assert_eq!(s.ttl("b", 10_000).map_err(|e| e.code), Err(27010));
    }

    #[test]
    fn empty_containers_cease_to_exist() {
        let mut s = store_with(&["a"]);
        s.modify("a", 1, |v| v.0.clear());
        assert_eq!(s.exist(&["a".into()], 1), 0);
        assert!(s.is_blank());
        assert_eq!(s.modify_existing("a", 1, |v| v.0.len()), None);
    }

    #[test]
    fn keys_page_with_a_cursor() {
        let mut s = store_with(&["a1", "a2", "a3", "b1"]);
        let glob = Glob::new("a*");
        let (first, next) = s.keys(0, &glob, 0, 2);
        assert_eq!((first, next), (vec!["a1".to_string(), "a2".into()], 2));
        let (rest, next) = s.keys(0, &glob, next, 2);
        assert_eq!((rest, next), (vec!["a3".to_string()], 0));
    }

    #[test]
    fn rename_respects_overwrite_and_keeps_expiry() {
        let mut s = store_with(&["a", "b"]);
        s.set_expiration("a", Some(5_000), 0).expect("a exists");
        assert_eq!(s.rename("a", "b", false, 1).ok(), Some(false));
        assert_eq!(s.rename("a", "c", false, 1).ok(), Some(true));
        assert_eq!(s.ttl("c", 1_000).ok(), Some(4));
        assert_eq!(s.rename("zz", "c", true, 1).map_err(|e| e.code), Err(27003));
    }

    #[test]
    fn touch_and_idle_time() {
        let mut s = store_with(&["a"]);
        assert_eq!(s.idle_seconds("a", 3_500), Some(3));
        assert_eq!(s.touch(&["a".into(), "x".into()], 4_000), 1);
        assert_eq!(s.idle_seconds("a", 4_000), Some(0));
        assert_eq!(s.idle_seconds("x", 4_000), None);
        assert_eq!(s.delete(&["a".into(), "x".into()], 5_000), 1);
    }
}
