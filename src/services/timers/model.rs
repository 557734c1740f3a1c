//! Timer records (management.md §4): the definition as the console sends it, the schedule state
//! (next run, runs), and the record of each firing.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::errors::{invalid_timer, missing};
use super::schedule::Schedule;
use crate::error::ApiError;
use crate::services::custom::webhooks::Delivered;
pub use crate::services::custom::Mode;
use crate::services::messaging::parse::instant;

/// Fields the server owns or the URL carries; never stored as extra fields.
const RESERVED: [&str; 14] = [
    "id",
    "timername",
    "name",
    "mode",
    "category",
    "enabled",
    "startDate",
    "expire",
    "frequency",
    "nextRun",
    "lastRun",
    "runs",
    "missed",
    "created",
];

/// A validated timer definition (create / update body).
#[derive(Debug, Clone, PartialEq)]
pub struct TimerDef {
    /// `timername` (Java, console) or `name` (JS).
    pub timername: String,
    /// Whether the schedule runs.
    pub enabled: bool,
    /// First run, epoch ms.
    pub start_date: i64,
    /// Schedule end, epoch ms.
    pub expire: Option<i64>,
    /// The frequency.
    pub schedule: Schedule,
    /// Any other fields the console sent (code, language, model, ...), kept and echoed back.
    pub extra: Map<String, Value>,
}

impl TimerDef {
    /// Parse a console body; `startDate` defaults to `now`.
    pub fn parse(body: &Value, now: i64) -> Result<Self, ApiError> {
        let obj = body
            .as_object()
            .ok_or_else(|| invalid_timer("the timer must be a JSON object"))?;
        let timername = obj
            .get("timername")
            .or_else(|| obj.get("name"))
            .filter(|v| !v.is_null())
            .ok_or_else(|| missing("timername"))?
            .as_str()
            .ok_or_else(|| invalid_timer("timername must be a string"))?
            .to_string();
        let valid_name = timername
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && timername
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid_name {
            return Err(invalid_timer(&format!(
                "timer name '{timername}' must start with a letter and hold only letters, digits and '_'"
            )));
        }
        let enabled = match obj.get("enabled") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(invalid_timer("enabled must be a boolean")),
        };
        let to_timer_error = |e: ApiError| invalid_timer(&e.message);
        let start_date = instant(obj.get("startDate"), "startDate")
            .map_err(to_timer_error)?
            .unwrap_or(now);
        let expire = instant(obj.get("expire"), "expire").map_err(to_timer_error)?;
        let frequency = obj
            .get("frequency")
            .filter(|v| !v.is_null())
            .ok_or_else(|| missing("frequency"))?;
        let schedule = Schedule::parse(frequency).map_err(|e| invalid_timer(&e))?;
        let extra = obj
            .iter()
            .filter(|(k, _)| !RESERVED.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(TimerDef {
            timername,
            enabled,
            start_date,
            expire,
            schedule,
            extra,
        })
    }
}

/// The body of an update laid over the stored timer's JSON: every field the body carries replaces
/// the stored one (a name in either spelling replaces both), every other field stays.
pub fn merge_update(stored: Value, body: &Value) -> Result<Value, ApiError> {
    let patch = body
        .as_object()
        .ok_or_else(|| invalid_timer("the timer must be a JSON object"))?;
    let Value::Object(mut merged) = stored else {
        return Ok(body.clone());
    };
    if patch.contains_key("timername") || patch.contains_key("name") {
        merged.remove("timername");
        merged.remove("name");
    }
    for (key, value) in patch {
        merged.insert(key.clone(), value.clone());
    }
    Ok(Value::Object(merged))
}

/// A stored timer with its schedule state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Timer {
    /// Handler id (GUID).
    pub id: String,
    /// Mode it is deployed in.
    pub mode: Mode,
    /// Name.
    pub timername: String,
    /// Whether the schedule runs.
    pub enabled: bool,
    /// First run.
    pub start_date: i64,
    /// Schedule end.
    pub expire: Option<i64>,
    /// Frequency.
    pub schedule: Schedule,
    /// Extra console fields.
    pub extra: Map<String, Value>,
    /// Next scheduled run (None: finished or disabled).
    pub next_run: Option<i64>,
    /// Last run (scheduled or manual).
    pub last_run: Option<i64>,
    /// Runs so far.
    pub runs: u64,
    /// Scheduled runs skipped because the clock jumped past more than the catch-up limit.
    pub missed: u64,
    /// Creation time.
    pub created: i64,
}

impl Timer {
    /// The first scheduled run at or after `from`, within `expire`.
    pub fn next_from(&self, from: i64) -> Option<i64> {
        self.schedule
            .next_at_or_after(self.start_date, from)
            .filter(|at| self.expire.is_none_or(|e| *at <= e))
    }

    /// The handler object the console lists.
    pub fn to_json(&self) -> Value {
        let mut out = self.extra.clone();
        let fields = json!({
            "id": self.id, "category": "TIMER", "mode": self.mode, "timername": self.timername,
            "enabled": self.enabled, "startDate": self.start_date, "expire": self.expire,
            "frequency": self.schedule.to_json(), "nextRun": self.next_run, "lastRun": self.last_run,
            "runs": self.runs, "missed": self.missed, "created": self.created,
        });
        if let Value::Object(fields) = fields {
            out.extend(fields);
        }
        Value::Object(out)
    }
}

/// Why a timer fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// Its schedule came due on the app's clock.
    Schedule,
    /// `POST .../timers/{name}/run`.
    Manual,
}

/// One firing of a timer, as the timer logs list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Firing {
    /// Sequence number within the app.
    pub id: u64,
    /// The timer's id.
    pub timer_id: String,
    /// The timer's name.
    pub timername: String,
    /// The timer's mode.
    pub mode: Mode,
    /// Schedule or manual.
    pub trigger: Trigger,
    /// The occurrence this firing is for.
    pub scheduled_time: i64,
    /// When the emulator fired it (app clock).
    pub execution_time: i64,
    /// What the timers webhook answered, if one is configured.
    pub webhook: Option<Delivered>,
}
