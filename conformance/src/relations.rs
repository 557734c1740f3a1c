//! Timestamps checked by relation instead of by value. Each new generated time (a field the
//! schemas mark `x-generated: time`) in the answer of a client-API or console *write* must
//! - not be before the scenario began on the target's clock (the window start, re-read after every
//!   control-plane write since that may move the clock), within the target's tolerance;
//! - not be before any time an earlier write of the same window generated ("ordered as created");
//!
//! and in every answer, an object's `created` must be the same wherever the object is shown.
//!
//! A value met before (the same object shown again) is not checked twice. Reads may show what
//! was there before the run (an app's history), so their times only join the seen ones. Answers of
//! the control plane (`/_emulator/...`) report clocks and logs and are not checked.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use crate::generated::Kind;

/// The relation checks of one scenario on one target.
#[derive(Debug, Clone, Default)]
pub struct TimeChecks {
    start: Option<i64>,
    latest: Option<i64>,
    tolerance: i64,
    seen: HashSet<i64>,
    created: HashMap<String, i64>,
}

impl TimeChecks {
    /// Checks allowing `tolerance` ms of clock disagreement (0 on an emulator, whose clock is the
    /// one read; a few seconds on a real app, whose clock is estimated from its `Date` header).
    pub fn new(tolerance: i64) -> Self {
        TimeChecks {
            tolerance,
            ..TimeChecks::default()
        }
    }

    /// Start a new window at `start` (the target's clock, `None` = unknown: no lower bound).
    pub fn window(&mut self, start: Option<i64>) {
        self.start = start;
        self.latest = None;
    }

    /// Check the generated times of one answer (`write`: of a request that changes something);
    /// answers what breaks a relation.
    pub fn check(
        &mut self,
        write: bool,
        body: &Value,
        found: &BTreeMap<String, Kind>,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        let mut fresh = Vec::new();
        for (pointer, kind) in found {
            if *kind != Kind::Time {
                continue;
            }
            let Some(t) = body.pointer(pointer).and_then(Value::as_i64) else {
                continue;
            };
            if self.seen.contains(&t) {
                continue;
            }
            if !write {
                self.seen.insert(t);
                continue;
            }
            if let Some(start) = self.start.filter(|s| t < s - self.tolerance) {
                problems.push(format!(
                    "time '{pointer}' = {t} is before the scenario began on the target's clock ({start})"
                ));
            } else if let Some(latest) = self.latest.filter(|l| t < l - self.tolerance) {
                problems.push(format!(
                    "time '{pointer}' = {t} is before a time an earlier step generated ({latest})"
                ));
            }
            fresh.push(t);
        }
        for (pointer, kind) in found {
            let Some(object) = pointer
                .strip_suffix("/objectId")
                .filter(|_| *kind == Kind::Id)
            else {
                continue;
            };
            let id = body.pointer(pointer).and_then(Value::as_str);
            let created = body
                .pointer(&format!("{object}/created"))
                .and_then(Value::as_i64);
            if let (Some(id), Some(created)) = (id, created) {
                match self.created.insert(id.to_ascii_uppercase(), created) {
                    Some(before) if before != created => problems.push(format!(
                        "'{object}/created' = {created}, but the same object was created at {before} in an earlier answer"
                    )),
                    _ => {}
                }
            }
        }
        if let Some(max) = fresh.iter().max() {
            self.latest = Some(self.latest.map_or(*max, |l| l.max(*max)));
        }
        self.seen.extend(fresh);
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn times(pointers: &[&str]) -> BTreeMap<String, Kind> {
        pointers
            .iter()
            .map(|p| (p.to_string(), Kind::Time))
            .collect()
    }

    #[test]
    fn a_time_before_the_window_or_an_earlier_step_is_reported() {
        let mut c = TimeChecks::new(0);
        c.window(Some(100));
        assert!(c
            .check(true, &json!({"created": 100}), &times(&["/created"]))
            .is_empty());
        let early = c.check(true, &json!({"created": 99}), &times(&["/created"]));
        assert!(early[0].contains("before the scenario began"), "{early:?}");
        assert!(c
            .check(true, &json!({"updated": 150}), &times(&["/updated"]))
            .is_empty());
        let back = c.check(true, &json!({"updated": 120}), &times(&["/updated"]));
        assert!(back[0].contains("earlier step"), "{back:?}");
        // A value met again (the same object read back) is not new.
        assert!(c
            .check(true, &json!({"created": 100}), &times(&["/created"]))
            .is_empty());
        // A read may show what was there before the scenario.
        assert!(c
            .check(false, &json!({"created": 7}), &times(&["/created"]))
            .is_empty());
    }

    #[test]
    fn equal_or_later_times_pass_whatever_their_distance() {
        let mut c = TimeChecks::new(0);
        c.window(Some(1_000));
        for t in [1_000, 1_000, 1_001, 90_000] {
            assert!(c.check(true, &json!({"t": t}), &times(&["/t"])).is_empty());
        }
    }

    #[test]
    fn a_new_window_forgets_the_order_and_tolerance_allows_skew() {
        let mut c = TimeChecks::new(2_000);
        c.window(Some(10_000));
        assert!(c
            .check(true, &json!({"t": 8_500}), &times(&["/t"]))
            .is_empty());
        assert!(c
            .check(true, &json!({"t": 20_000}), &times(&["/t"]))
            .is_empty());
        c.window(Some(500));
        assert!(c
            .check(true, &json!({"t": 600}), &times(&["/t"]))
            .is_empty());
    }

    #[test]
    fn an_objects_created_never_changes() {
        let mut c = TimeChecks::new(0);
        let mut found = times(&["/created"]);
        found.insert("/objectId".into(), Kind::Id);
        assert!(c
            .check(true, &json!({"objectId": "a", "created": 5}), &found)
            .is_empty());
        let moved = c.check(true, &json!({"objectId": "A", "created": 6}), &found);
        assert!(moved.iter().any(|m| m.contains("same object")), "{moved:?}");
    }
}
