//! Atomic counters of one app (counters-cache.md §1): name → signed 64-bit value.
//!
//! Each operation runs under the DashMap shard lock of its counter (`entry()`), so concurrent
//! increments never lose an update. A counter never written reads as 0; every mutating call
//! creates it.

use std::collections::BTreeMap;

use dashmap::DashMap;

use super::errors::{bad_pattern, too_large};
use crate::apps::ServiceState;
use crate::error::ApiError;
use crate::services::hive::glob::Glob;
use serde::{Deserialize, Serialize};

/// Which value an update answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returning {
    /// The value before the update ("get-and-X").
    Previous,
    /// The value after the update ("X-and-get").
    Current,
}

/// How C11 selects counter names.
#[derive(Debug, Clone)]
pub enum NamePattern {
    /// `glob:` (the default).
    Glob(Glob),
    /// `regex:`, matched against the whole name.
    Regex(regex::Regex),
}

impl NamePattern {
    /// Parse `glob:x*`, `regex:x.*` or a bare glob.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        if let Some(re) = text.strip_prefix("regex:") {
            return regex::Regex::new(&format!("^(?:{re})$"))
                .map(NamePattern::Regex)
                .map_err(|e| bad_pattern(&e.to_string()));
        }
        let glob = text.strip_prefix("glob:").unwrap_or(text);
        Ok(NamePattern::Glob(Glob::new(if glob.is_empty() {
            "*"
        } else {
            glob
        })))
    }

    fn matches(&self, name: &str) -> bool {
        match self {
            NamePattern::Glob(g) => g.matches(name),
            NamePattern::Regex(r) => r.is_match(name),
        }
    }
}

/// One page of C11.
#[derive(Debug, Clone, PartialEq)]
pub struct CountersPage {
    /// Name → value, sorted by name.
    pub counters: BTreeMap<String, i64>,
    /// Position of the next page; 0 at the end.
    pub next: usize,
}

/// Every counter of one app.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "BTreeMap<String, i64>")]
pub struct CountersState {
    values: DashMap<String, i64>,
}

impl ServiceState for CountersState {
    const KEY: &'static str = "counters";
}

impl From<BTreeMap<String, i64>> for CountersState {
    fn from(saved: BTreeMap<String, i64>) -> Self {
        CountersState {
            values: saved.into_iter().collect(),
        }
    }
}

/// Saved sorted by name, so that exports of the same state are the same bytes.
impl Serialize for CountersState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sorted: BTreeMap<String, i64> = self
            .values
            .iter()
            .map(|e| (e.key().clone(), *e.value()))
            .collect();
        sorted.serialize(s)
    }
}

impl CountersState {
    /// C1: the current value (0 when never written).
    pub fn get(&self, name: &str) -> i64 {
        self.values.get(name).map_or(0, |v| *v)
    }

    /// C2-C7: add `delta` atomically (1030 on overflow, leaving the counter unchanged).
    pub fn add(&self, name: &str, delta: i64, returning: Returning) -> Result<i64, ApiError> {
        let mut value = self.values.entry(name.to_string()).or_insert(0);
        let previous = *value;
        *value = previous.checked_add(delta).ok_or_else(too_large)?;
        Ok(match returning {
            Returning::Previous => previous,
            Returning::Current => *value,
        })
    }

    /// C8: set to `updated` if the value is `expected`; the counter exists afterwards either way.
    pub fn compare_and_set(&self, name: &str, expected: i64, updated: i64) -> bool {
        let mut value = self.values.entry(name.to_string()).or_insert(0);
        let hit = *value == expected;
        if hit {
            *value = updated;
        }
        hit
    }

    /// C9: back to 0.
    pub fn reset(&self, name: &str) {
        self.values.insert(name.to_string(), 0);
    }

    /// Console create: the counter holds `value` from now on.
    pub fn set(&self, name: &str, value: i64) {
        self.values.insert(name.to_string(), value);
    }

    /// Console remove: whether the counter existed.
    pub fn remove(&self, name: &str) -> bool {
        self.values.remove(name).is_some()
    }

    /// Whether a counter of this name was ever written.
    pub fn exists(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// C10: names matching a glob, sorted.
    pub fn names(&self, pattern: &Glob) -> Vec<String> {
        let mut names: Vec<String> = self
            .values
            .iter()
            .map(|e| e.key().clone())
            .filter(|n| pattern.matches(n))
            .collect();
        names.sort();
        names
    }

    /// C11: matching counters with values, `page` of them from position `cursor`.
    pub fn find(&self, pattern: &NamePattern, cursor: usize, page: usize) -> CountersPage {
        let all: BTreeMap<String, i64> = self
            .values
            .iter()
            .filter(|e| pattern.matches(e.key()))
            .map(|e| (e.key().clone(), *e.value()))
            .collect();
        let total = all.len();
        let counters: BTreeMap<String, i64> =
            all.into_iter().skip(cursor).take(page.max(1)).collect();
        let next = cursor + counters.len();
        CountersPage {
            counters,
            next: if next < total { next } else { 0 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};

    #[test]
    fn get_and_x_returns_previous_x_and_get_returns_current() {
        let c = CountersState::default();
        assert_eq!(c.get("n"), 0);
        assert_eq!(c.add("n", 1, Returning::Previous).ok(), Some(0));
        assert_eq!(c.add("n", 1, Returning::Current).ok(), Some(2));
        assert_eq!(c.add("n", -5, Returning::Current).ok(), Some(-3));
        assert!(!c.compare_and_set("n", 7, 1));
        assert!(c.compare_and_set("n", -3, 10));
        assert_eq!(c.get("n"), 10);
        c.reset("n");
        assert_eq!(c.get("n"), 0);
    }

    #[test]
    fn overflow_is_refused_and_leaves_the_value() {
        let c = CountersState::default();
        c.compare_and_set("big", 0, i64::MAX);
        assert_eq!(
            c.add("big", 1, Returning::Current).map_err(|e| e.code),
            Err(1030)
        );
        assert_eq!(c.get("big"), i64::MAX);
    }

    #[test]
    fn failed_compare_and_set_still_creates_the_counter() {
        let c = CountersState::default();
        assert!(!c.compare_and_set("fresh", 5, 6));
        assert_eq!(c.names(&Glob::any()), ["fresh"]);
    }

    #[test]
    fn listing_and_paging() {
        let c = CountersState::default();
        for n in ["shopper1", "shopper2", "shopper10", "other"] {
            c.reset(n);
        }
        assert_eq!(c.names(&Glob::new("shopper?")), ["shopper1", "shopper2"]);
        let glob = NamePattern::parse("glob:shopper*").expect("glob");
        let first = c.find(&glob, 0, 2);
        assert_eq!(
            first.counters.keys().collect::<Vec<_>>(),
            ["shopper1", "shopper10"]
        );
        assert_eq!(first.next, 2);
        assert_eq!(c.find(&glob, 2, 2).next, 0);
        let re = NamePattern::parse("regex:shopper\\d").expect("regex");
        assert_eq!(c.find(&re, 0, 10).counters.len(), 2);
        assert_eq!(
            NamePattern::parse("regex:(")
                .map(|_| ())
                .map_err(|e| e.code),
            Err(8002)
        );
    }

    #[test]
    fn export_round_trips() {
        let c = CountersState::default();
        c.add("a", 3, Returning::Current).expect("adds");
        let copy = loaded::<CountersState>(&saved(&c)).expect("imports");
        assert_eq!(copy.get("a"), 3);
        assert_eq!(saved(&copy), saved(&c));
    }
}
