//! [`TimersState`]: the timers of one app (management.md §4) and the log of their firings.
//!
//! Scheduled firings are evaluated lazily: [`TimersState::fire_due`] runs every occurrence that
//! came due on the app's clock (at most [`CATCH_UP_LIMIT`] per timer, the latest kept) and
//! returns the firings so the caller can POST them to the timers webhook outside any lock.

use std::collections::{BTreeMap, VecDeque};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::{duplicate_timer, invalid_timer, missing, unknown_timer};
use super::model::{merge_update, Firing, Mode, Timer, TimerDef, Trigger};
use crate::error::ApiError;
use crate::ids::IdGen;
use crate::services::custom::webhooks::Delivered;

/// Firings kept in the log per app (oldest dropped first).
pub const LOG_CAPACITY: usize = 10_000;
/// Most scheduled firings of one timer in one evaluation.
pub const CATCH_UP_LIMIT: usize = 100;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct Inner {
    timers: BTreeMap<String, Timer>,
    log: VecDeque<Firing>,
    last_firing: u64,
}

impl Inner {
    /// The id of the timer named by `key` (its id or its name) in `mode`.
    fn find(&self, mode: Mode, key: &str) -> Result<String, ApiError> {
        self.timers
            .values()
            .find(|t| t.mode == mode && (t.id == key || t.timername == key))
            .map(|t| t.id.clone())
            .ok_or_else(|| unknown_timer(key))
    }

    fn ensure_unique(&self, mode: Mode, name: &str, except: &str) -> Result<(), ApiError> {
        let taken = self
            .timers
            .values()
            .any(|t| t.mode == mode && t.timername == name && t.id != except);
        if taken {
            Err(duplicate_timer(name))
        } else {
            Ok(())
        }
    }

    fn record(&mut self, timer: &Timer, trigger: Trigger, scheduled: i64, now: i64) -> Firing {
        self.last_firing += 1;
        let firing = Firing {
            id: self.last_firing,
            timer_id: timer.id.clone(),
            timername: timer.timername.clone(),
            mode: timer.mode,
            trigger,
            scheduled_time: scheduled,
            execution_time: now,
            webhook: None,
        };
        if self.log.len() >= LOG_CAPACITY {
            self.log.pop_front();
        }
        self.log.push_back(firing.clone());
        firing
    }
}

/// Everything one app's timers remember.
#[derive(Debug, Default)]
pub struct TimersState {
    inner: Mutex<Inner>,
}

/// A firing together with the timer it belongs to (the webhook payload needs both).
pub type Fired = (Firing, Value);

impl TimersState {
    /// Create a timer in `mode`; its next run is the first occurrence from now on.
    pub fn create(
        &self,
        mode: Mode,
        body: &Value,
        now: i64,
        ids: &IdGen,
    ) -> Result<Value, ApiError> {
        let def = TimerDef::parse(body, now)?;
        let mut inner = self.inner.lock();
        inner.ensure_unique(mode, &def.timername, "")?;
        let mut timer = Timer {
            id: ids.guid(),
            mode,
            timername: def.timername,
            enabled: def.enabled,
            start_date: def.start_date,
            expire: def.expire,
            schedule: def.schedule,
            extra: def.extra,
            next_run: None,
            last_run: None,
            runs: 0,
            missed: 0,
            created: now,
        };
        timer.next_run = timer.enabled.then(|| timer.next_from(now)).flatten();
        let json = timer.to_json();
        inner.timers.insert(timer.id.clone(), timer);
        Ok(json)
    }

    /// Every timer, optionally only those of some modes, ordered by name.
    pub fn list(&self, modes: &[Mode]) -> Vec<Value> {
        let inner = self.inner.lock();
        let mut timers: Vec<&Timer> = inner
            .timers
            .values()
            .filter(|t| modes.is_empty() || modes.contains(&t.mode))
            .collect();
        timers.sort_by(|a, b| (a.mode, &a.timername).cmp(&(b.mode, &b.timername)));
        timers.into_iter().map(Timer::to_json).collect()
    }

    /// One timer by id or name.
    pub fn get(&self, mode: Mode, key: &str) -> Result<Value, ApiError> {
        let inner = self.inner.lock();
        let id = inner.find(mode, key)?;
        Ok(inner
            .timers
            .get(&id)
            .map(Timer::to_json)
            .unwrap_or(Value::Null))
    }

    /// Update a timer: the body's fields replace the stored ones, fields it leaves out (name,
    /// `code`, `expire`, ...) keep their values, so one field can change at a time; the console's
    /// whole-handler body works the same way. Run history stays.
    pub fn update(&self, mode: Mode, key: &str, body: &Value, now: i64) -> Result<Value, ApiError> {
        let mut inner = self.inner.lock();
        let id = inner.find(mode, key)?;
        let stored = inner.timers.get(&id).ok_or_else(|| unknown_timer(key))?;
        let previous_start = stored.start_date;
        let merged = merge_update(stored.to_json(), body)?;
        let def = TimerDef::parse(&merged, previous_start)?;
        inner.ensure_unique(mode, &def.timername, &id)?;
        let timer = inner
            .timers
            .get_mut(&id)
            .ok_or_else(|| unknown_timer(key))?;
        timer.timername = def.timername;
        timer.enabled = def.enabled;
        timer.start_date = def.start_date;
        timer.expire = def.expire;
        timer.schedule = def.schedule;
        timer.extra = def.extra;
        timer.next_run = timer.enabled.then(|| timer.next_from(now)).flatten();
        Ok(timer.to_json())
    }

    /// Delete a timer (its firings stay in the log).
    pub fn delete(&self, mode: Mode, key: &str) -> Result<Value, ApiError> {
        let mut inner = self.inner.lock();
        let id = inner.find(mode, key)?;
        let timer = inner.timers.remove(&id).ok_or_else(|| unknown_timer(key))?;
        Ok(json!({"deleted": true, "id": timer.id, "timername": timer.timername}))
    }

    /// `{"enabled": bool}`: pause or resume; resuming skips the runs missed while paused.
    pub fn set_state(
        &self,
        mode: Mode,
        key: &str,
        body: &Value,
        now: i64,
    ) -> Result<Value, ApiError> {
        let enabled = match body.get("enabled") {
            None | Some(Value::Null) => return Err(missing("enabled")),
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(invalid_timer("enabled must be a boolean")),
        };
        let mut inner = self.inner.lock();
        let id = inner.find(mode, key)?;
        let timer = inner
            .timers
            .get_mut(&id)
            .ok_or_else(|| unknown_timer(key))?;
        timer.enabled = enabled;
        timer.next_run = enabled.then(|| timer.next_from(now)).flatten();
        Ok(timer.to_json())
    }

    /// Run a timer now, outside its schedule (its next run does not move).
    pub fn run_now(&self, mode: Mode, key: &str, now: i64) -> Result<Fired, ApiError> {
        let mut inner = self.inner.lock();
        let id = inner.find(mode, key)?;
        let mut timer = inner.timers.remove(&id).ok_or_else(|| unknown_timer(key))?;
        timer.runs += 1;
        timer.last_run = Some(now);
        let firing = inner.record(&timer, Trigger::Manual, now, now);
        let json = timer.to_json();
        inner.timers.insert(id, timer);
        Ok((firing, json))
    }

    /// Fire every enabled timer whose schedule came due at `now`.
    pub fn fire_due(&self, now: i64) -> Vec<Fired> {
        let mut inner = self.inner.lock();
        let due: Vec<String> = inner
            .timers
            .values()
            .filter(|t| t.enabled && t.next_run.is_some_and(|at| at <= now))
            .map(|t| t.id.clone())
            .collect();
        let mut fired = Vec::new();
        for id in due {
            let Some(mut timer) = inner.timers.remove(&id) else {
                continue;
            };
            let from = timer.next_run.unwrap_or(now);
            let until = timer.expire.map_or(now, |e| e.min(now));
            let (times, skipped) =
                timer
                    .schedule
                    .occurrences(timer.start_date, from, until, CATCH_UP_LIMIT);
            timer.missed += skipped;
            timer.runs += times.len() as u64;
            timer.last_run = times.last().copied().or(timer.last_run);
            timer.next_run = timer.next_from(now.saturating_add(1));
            let json = timer.to_json();
            for at in times {
                fired.push((
                    inner.record(&timer, Trigger::Schedule, at, now),
                    json.clone(),
                ));
            }
            inner.timers.insert(id, timer);
        }
        fired
    }

    /// Attach what the webhook answered to a logged firing.
    pub fn record_webhook(&self, firing_id: u64, outcome: Delivered) {
        let mut inner = self.inner.lock();
        if let Some(f) = inner.log.iter_mut().rev().find(|f| f.id == firing_id) {
            f.webhook = Some(outcome);
        }
    }

    /// Logged firings, oldest first, optionally of one timer (id or name), paged.
    pub fn logs(&self, timer: Option<&str>, offset: usize, page_size: usize) -> Vec<Firing> {
        self.inner
            .lock()
            .log
            .iter()
            .filter(|f| timer.is_none_or(|t| f.timer_id == t || f.timername == t))
            .skip(offset)
            .take(page_size)
            .cloned()
            .collect()
    }

    /// The whole state as JSON.
    pub fn export(&self) -> Value {
        serde_json::to_value(&*self.inner.lock()).unwrap_or(Value::Null)
    }

    /// Rebuild from [`TimersState::export`] output (`null` = empty).
    pub fn import(value: &Value) -> Result<Self, ApiError> {
        if value.is_null() {
            return Ok(Self::default());
        }
        let inner: Inner = serde_json::from_value(value.clone())
            .map_err(|e| ApiError::templated(8002, &[&format!("timers: {e}")]))?;
        Ok(TimersState {
            inner: Mutex::new(inner),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn every_minute(name: &str) -> Value {
        json!({"timername": name, "startDate": 0, "frequency": {"schedule": "custom", "repeat": {"every": 60}},
            "language": "JS"})
    }

    #[test]
    fn create_schedules_the_first_run_and_fire_due_moves_it() {
        let (s, ids) = (TimersState::default(), IdGen::seeded(1));
        let t = s
            .create(Mode::Production, &every_minute("tick"), 30_000, &ids)
            .expect("created");
        assert_eq!(
            (t["nextRun"].as_i64(), t["language"].as_str()),
            (Some(MIN), Some("JS"))
        );
        assert!(s.fire_due(MIN - 1).is_empty());
        let fired = s.fire_due(3 * MIN);
        let times: Vec<i64> = fired.iter().map(|(f, _)| f.scheduled_time).collect();
        assert_eq!(times, vec![MIN, 2 * MIN, 3 * MIN]);
        let t = s.get(Mode::Production, "tick").expect("found");
        assert_eq!(
            (t["nextRun"].as_i64(), t["runs"].as_u64()),
            (Some(4 * MIN), Some(3))
        );
        assert_eq!(s.logs(Some("tick"), 1, 10).len(), 2);
    }

    #[test]
    fn once_timers_finish_and_expired_schedules_stop() {
        let (s, ids) = (TimersState::default(), IdGen::seeded(1));
        let once = json!({"name": "once", "startDate": 1000, "frequency": {"schedule": "once"}});
        s.create(Mode::Debug, &once, 0, &ids).expect("created");
        assert_eq!(s.fire_due(5000).len(), 1);
        assert_eq!(
            s.get(Mode::Debug, "once").expect("found")["nextRun"],
            Value::Null
        );
        let mut limited = every_minute("limited");
        limited["expire"] = json!(2 * MIN);
        s.create(Mode::Production, &limited, 0, &ids)
            .expect("created");
        assert_eq!(s.fire_due(10 * MIN).len(), 3);
        assert!(s.fire_due(20 * MIN).is_empty());
    }

    #[test]
    fn state_update_run_and_delete() {
        let (s, ids) = (TimersState::default(), IdGen::seeded(1));
        let t = s
            .create(Mode::Production, &every_minute("tick"), 0, &ids)
            .expect("created");
        let id = t["id"].as_str().expect("id").to_string();
        let off = s
            .set_state(Mode::Production, &id, &json!({"enabled": false}), 1)
            .expect("off");
        assert_eq!(off["nextRun"], Value::Null);
        assert!(s.fire_due(10 * MIN).is_empty());
        let on = s
            .set_state(
                Mode::Production,
                &id,
                &json!({"enabled": true}),
                10 * MIN + 1,
            )
            .expect("on");
        assert_eq!(on["nextRun"].as_i64(), Some(11 * MIN));
        let (firing, _) = s.run_now(Mode::Production, "tick", 5).expect("ran");
        assert_eq!(firing.trigger, Trigger::Manual);
        let mut changed = every_minute("tock");
        changed["frequency"] = json!({"schedule": "daily", "repeat": {"every": 1}});
        let updated = s
            .update(Mode::Production, &id, &changed, 11 * MIN)
            .expect("updated");
        assert_eq!(
            (updated["timername"].as_str(), updated["runs"].as_u64()),
            (Some("tock"), Some(1))
        );
        assert_eq!(updated["nextRun"].as_i64(), Some(86_400_000));
        assert!(s.delete(Mode::Production, &id).is_ok());
        assert_eq!(
            s.delete(Mode::Production, &id).expect_err("gone").code,
            99022
        );
        assert_eq!(s.logs(None, 0, 100).len(), 1, "firings outlive their timer");
    }

    #[test]
    fn errors_have_their_codes() {
        let (s, ids) = (TimersState::default(), IdGen::seeded(1));
        s.create(Mode::Production, &every_minute("tick"), 0, &ids)
            .expect("created");
        let code = |r: Result<Value, ApiError>| r.expect_err("rejected").code;
        assert_eq!(
            code(s.create(Mode::Production, &every_minute("tick"), 0, &ids)),
            99025
        );
        assert!(
            s.create(Mode::Debug, &every_minute("tick"), 0, &ids)
                .is_ok(),
            "names are per mode"
        );
        assert_eq!(
            code(s.create(
                Mode::Production,
                &json!({"frequency": {"schedule": "once"}}),
                0,
                &ids
            )),
            8010
        );
        assert_eq!(
            code(s.create(Mode::Production, &json!({"timername": "x"}), 0, &ids)),
            8010
        );
        assert_eq!(
            code(s.create(Mode::Production, &every_minute("1bad"), 0, &ids)),
            99023
        );
        let bad_freq = json!({"timername": "x", "frequency": {"schedule": "yearly"}});
        assert_eq!(code(s.create(Mode::Production, &bad_freq, 0, &ids)), 99023);
        assert_eq!(code(s.get(Mode::Draft, "tick")), 99022);
        assert_eq!(
            code(s.set_state(Mode::Production, "tick", &json!({}), 0)),
            8010
        );
        assert_eq!(
            code(s.set_state(Mode::Production, "tick", &json!({"enabled": "yes"}), 0)),
            99023
        );
        assert_eq!(Mode::parse("staging").expect_err("mode").code, 99023);
    }

    #[test]
    fn export_import_round_trips() {
        let (s, ids) = (TimersState::default(), IdGen::seeded(1));
        s.create(Mode::Production, &every_minute("tick"), 0, &ids)
            .expect("created");
        s.fire_due(MIN);
        let back = TimersState::import(&s.export()).expect("imports");
        assert_eq!(back.export(), s.export());
    }
}
