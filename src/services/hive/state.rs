//! The Hive state of one app: hive name → [`Hive`] (hive.md §2), and the [`Reply`] of an
//! operation.
//!
//! One mutex guards every hive of the app: almost every operation writes (reads record the
//! "last operation" time, lazy expiry removes keys), and some span keys (rename, set algebra),
//! so a single short critical section keeps each operation atomic, increments included.

use std::collections::BTreeMap;

use parking_lot::Mutex;

use super::dispatch::{Hive, Op};
use super::errors::{hive_exists, hive_not_found};
pub(super) use super::reply::Reply;
use crate::apps::ServiceState;
use crate::error::ApiError;
use crate::ids::IdGen;
use serde::{Deserialize, Serialize};

/// Every hive of one app.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HiveState {
    hives: Mutex<BTreeMap<String, Hive>>,
}

impl ServiceState for HiveState {
    const KEY: &'static str = "hive";
}

impl HiveState {
    /// H1: hive names, sorted.
    pub fn names(&self) -> Vec<String> {
        self.hives.lock().keys().cloned().collect()
    }

    /// H2: create a hive; creating one that exists changes nothing (undocumented; idempotent so
    /// apps that create their hives at start-up work on every run).
    pub fn create(&self, name: &str) {
        self.hives.lock().entry(name.to_string()).or_default();
    }

    /// H3: rename a hive (27001 when missing, 27002 when the new name is taken).
    pub fn rename(&self, name: &str, new_name: &str) -> Result<(), ApiError> {
        let mut hives = self.hives.lock();
        if !hives.contains_key(name) {
            return Err(hive_not_found(name));
        }
        if name == new_name {
            return Ok(());
        }
        if hives.contains_key(new_name) {
            return Err(hive_exists(new_name));
        }
        if let Some(hive) = hives.remove(name) {
            hives.insert(new_name.to_string(), hive);
        }
        Ok(())
    }

    /// H4: delete a hive with all five stores; deleting a missing hive changes nothing.
    pub fn delete(&self, name: &str) {
        self.hives.lock().remove(name);
    }

    /// Run one store operation in hive `name`.
    ///
    /// Open question 7: operations on a hive that was never created act on an empty hive, which
    /// comes into existence when something is stored in it (the docs do not say the real server
    /// refuses; refusing would break apps that never call create).
    pub fn execute(&self, name: &str, op: Op, now: i64, rng: &IdGen) -> Result<Reply, ApiError> {
        let mut hives = self.hives.lock();
        if let Some(hive) = hives.get_mut(name) {
            return hive.apply(op, now, rng);
        }
        let mut hive = Hive::default();
        let reply = hive.apply(op, now, rng)?;
        if !hive.is_blank() {
            hives.insert(name.to_string(), hive);
        }
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};
    use crate::extract::QueryParams;
    use crate::services::hive::args::{Call, Verb};
    use crate::services::hive::dispatch::{resolve, StoreType};
    use serde_json::{json, Value};

    fn op(ty: StoreType, verb: Verb, key: Option<&str>, op: Option<&str>, body: Value) -> Op {
        let query = QueryParams::default();
        let call = Call {
            verb,
            key,
            op,
            arg: None,
            query: &query,
            body: &body,
        };
        resolve(ty, &call).ok().flatten().expect("resolves")
    }

    #[test]
    fn hives_appear_when_written_and_round_trip_through_export() {
        let state = HiveState::default();
        let rng = IdGen::seeded(1);
        let read = op(StoreType::KeyValue, Verb::Get, Some("k"), None, Value::Null);
        assert_eq!(
            state.execute("h", read, 0, &rng).ok(),
            Some(Reply::Json(Value::Null))
        );
        assert!(state.names().is_empty());
        let add = op(
            StoreType::SortedSet,
            Verb::Put,
            Some("z"),
            Some("add"),
            json!({"items": [[1, "a"]]}),
        );
        state.execute("h", add, 0, &rng).expect("adds");
        let push = op(
            StoreType::List,
            Verb::Put,
            Some("l"),
            Some("add-last"),
            json!(["x", {"o": 1}]),
        );
        state.execute("h", push, 0, &rng).expect("pushes");
        assert_eq!(state.names(), ["h"]);
        let copy = loaded::<HiveState>(&saved(&state)).expect("imports");
        assert_eq!(saved(&copy), saved(&state));
        assert_eq!(copy.hives.lock().get("h"), state.hives.lock().get("h"));
    }

    #[test]
    fn hive_management() {
        let state = HiveState::default();
        state.create("a");
        state.create("a");
        state.create("b");
        assert_eq!(state.rename("zz", "c").map_err(|e| e.code), Err(27001));
        assert_eq!(state.rename("a", "b").map_err(|e| e.code), Err(27002));
        state.rename("a", "c").expect("renames");
        state.delete("b");
        state.delete("b");
        assert_eq!(state.names(), ["c"]);
    }
}
