//! [`LoggingState`]: the bounded per-app log that `PUT /log` batches append to (messaging.md §5),
//! and the logger levels `GET /log/logger` reports.
//!
//! A batch is validated whole before anything is stored, so a bad entry never leaves half a batch
//! behind: not an array or a field of the wrong type → 8002, a required field absent → 8010.

use std::collections::{BTreeMap, VecDeque};

use parking_lot::RwLock;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::{bad_entry, missing};
use crate::apps::ServiceState;
use crate::error::ApiError;

/// Entries kept per app; the oldest are dropped first.
pub const LOG_CAPACITY: usize = 10_000;

/// The name of the logger whose level is the global one (JS `Logging.loadLoggingLevels`).
pub const GLOBAL_LOGGER: &str = "Global logger";

/// Severities a log entry may carry.
pub const ENTRY_LEVELS: [&str; 6] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
/// Levels a logger may be set to (the entry levels plus `OFF` and `ALL`).
pub const LOGGER_LEVELS: [&str; 8] = [
    "OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL",
];

/// One log line as the SDK sent it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Sequence number within the app.
    pub id: u64,
    /// `DEBUG`, `INFO`, ...
    #[serde(rename = "log-level")]
    pub level: String,
    /// Logger name.
    pub logger: String,
    /// Client timestamp, epoch ms.
    pub timestamp: i64,
    /// The message text.
    pub message: String,
    /// Exception text, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exception: Option<String>,
    /// When the emulator received it (app clock).
    pub received: i64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct Inner {
    entries: VecDeque<LogEntry>,
    last_id: u64,
    levels: BTreeMap<String, String>,
}

/// Everything one app's logging remembers.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LoggingState {
    inner: RwLock<Inner>,
}

impl ServiceState for LoggingState {
    const KEY: &'static str = "logging";
}

/// A validated entry without its id.
fn parse_entry(item: &Value, index: usize, now: i64) -> Result<LogEntry, ApiError> {
    let obj = item
        .as_object()
        .ok_or_else(|| bad_entry(&format!("log entry {index} must be an object")))?;
    let text = |field: &str| -> Result<Option<String>, ApiError> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad_entry(&format!(
                "log entry {index}: {field} must be a string"
            ))),
        }
    };
    let level = text("log-level")?.ok_or_else(|| missing("log-level"))?;
    let level = level.to_ascii_uppercase();
    if !ENTRY_LEVELS.contains(&level.as_str()) {
        return Err(bad_entry(&format!(
            "log entry {index}: log-level must be one of {}",
            ENTRY_LEVELS.join(", ")
        )));
    }
    let logger = text("logger")?.ok_or_else(|| missing("logger"))?;
    let message = text("message")?.ok_or_else(|| missing("message"))?;
    let timestamp = match obj.get("timestamp") {
        None | Some(Value::Null) => now,
        Some(v) => v
            .as_f64()
            .filter(|f| f.is_finite())
            .map(|f| f as i64)
            .ok_or_else(|| bad_entry(&format!("log entry {index}: timestamp must be a number")))?,
    };
    Ok(LogEntry {
        id: 0,
        level,
        logger,
        timestamp,
        message,
        exception: text("exception")?,
        received: now,
    })
}

impl LoggingState {
    /// LG1: validate a whole batch, then append it; returns how many entries were stored.
    pub fn append(&self, batch: &Value, now: i64) -> Result<usize, ApiError> {
        let items = batch
            .as_array()
            .ok_or_else(|| bad_entry("the log batch must be a JSON array of log entries"))?;
        let entries = items
            .iter()
            .enumerate()
            .map(|(i, item)| parse_entry(item, i, now))
            .collect::<Result<Vec<_>, _>>()?;
        let mut inner = self.inner.write();
        for mut entry in entries {
            inner.last_id += 1;
            entry.id = inner.last_id;
            if inner.entries.len() >= LOG_CAPACITY {
                inner.entries.pop_front();
            }
            inner.entries.push_back(entry);
        }
        Ok(items.len())
    }

    /// Stored entries, oldest first, optionally only one logger's and at least a level.
    pub fn entries(&self, logger: Option<&str>, min_level: Option<&str>) -> Vec<LogEntry> {
        let rank = |l: &str| ENTRY_LEVELS.iter().position(|x| x.eq_ignore_ascii_case(l));
        let min = min_level.and_then(rank).unwrap_or(0);
        self.inner
            .read()
            .entries
            .iter()
            .filter(|e| logger.is_none_or(|l| e.logger == l))
            .filter(|e| rank(&e.level).unwrap_or(0) >= min)
            .cloned()
            .collect()
    }

    /// Drop every entry; returns how many there were.
    pub fn clear(&self) -> usize {
        let mut inner = self.inner.write();
        let n = inner.entries.len();
        inner.entries.clear();
        n
    }

    /// Logger levels as `/info` lists them: the global logger first (default `ALL`).
    pub fn levels(&self) -> Value {
        let inner = self.inner.read();
        let global = inner
            .levels
            .get(GLOBAL_LOGGER)
            .cloned()
            .unwrap_or_else(|| "ALL".into());
        let mut list = vec![json!({"name": GLOBAL_LOGGER, "level": global})];
        list.extend(
            inner
                .levels
                .iter()
                .filter(|(name, _)| name.as_str() != GLOBAL_LOGGER)
                .map(|(name, level)| json!({"name": name, "level": level})),
        );
        Value::from(list)
    }

    /// Set logger levels from `{"logger name": "LEVEL", ...}` (`null` removes a logger's level).
    pub fn set_levels(&self, body: &Value) -> Result<Value, ApiError> {
        let map = body
            .as_object()
            .ok_or_else(|| bad_entry("levels must be an object of logger name to level"))?;
        let mut changes = Vec::with_capacity(map.len());
        for (name, level) in map {
            let level = match level {
                Value::Null => None,
                Value::String(l) if LOGGER_LEVELS.contains(&l.to_ascii_uppercase().as_str()) => {
                    Some(l.to_ascii_uppercase())
                }
                _ => {
                    return Err(bad_entry(&format!(
                        "level of {name} must be one of {}",
                        LOGGER_LEVELS.join(", ")
                    )))
                }
            };
            changes.push((name.clone(), level));
        }
        {
            let mut inner = self.inner.write();
            for (name, level) in changes {
                match level {
                    Some(l) => inner.levels.insert(name, l),
                    None => inner.levels.remove(&name),
                };
            }
        }
        Ok(self.levels())
    }
}

impl LoggingState {
    /// Drop every logger's level but the global logger's (console `clearLoggers`); answers the
    /// levels left.
    pub fn clear_loggers(&self) -> Value {
        self.inner
            .write()
            .levels
            .retain(|name, _| name == GLOBAL_LOGGER);
        self.levels()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apps::services::testing::{loaded, saved};

    fn entry(level: &str, message: &str) -> Value {
        json!({"log-level": level, "logger": "app", "timestamp": 5, "message": message})
    }

    #[test]
    fn batches_append_in_order_and_filter() {
        let log = LoggingState::default();
        assert_eq!(
            log.append(&json!([entry("INFO", "a"), entry("ERROR", "b")]), 9),
            Ok(2)
        );
        let all = log.entries(None, None);
        assert_eq!((all[0].id, all[1].id, all[1].received), (1, 2, 9));
        assert_eq!(log.entries(None, Some("warn")).len(), 1);
        assert_eq!(log.entries(Some("other"), None).len(), 0);
        assert_eq!(log.clear(), 2);
        assert!(log.entries(None, None).is_empty());
    }

    #[test]
    fn a_bad_entry_rejects_the_whole_batch() {
        let log = LoggingState::default();
        let code = |b: Value| log.append(&b, 0).expect_err("rejected").code;
        assert_eq!(code(json!({"log-level": "INFO"})), 8002);
        assert_eq!(
            code(json!([entry("INFO", "ok"), {"logger": "x", "message": "m"}])),
            8010
        );
        assert_eq!(code(json!([{"log-level": "INFO", "message": "m"}])), 8010);
        assert_eq!(code(json!([{"log-level": "INFO", "logger": "x"}])), 8010);
        assert_eq!(code(json!([entry("LOUD", "m")])), 8002);
        assert_eq!(
            code(json!([{"log-level": "INFO", "logger": "x", "message": 3}])),
            8002
        );
        assert_eq!(
            code(json!([{"log-level": "INFO", "logger": "x", "message": "m", "timestamp": "now"}])),
            8002
        );
        assert_eq!(code(json!([3])), 8002);
        assert!(log.entries(None, None).is_empty());
    }

    #[test]
    fn log_is_bounded() {
        let log = LoggingState::default();
        let batch: Vec<Value> = (0..LOG_CAPACITY + 3)
            .map(|i| entry("INFO", &i.to_string()))
            .collect();
        log.append(&Value::from(batch), 0).expect("stored");
        let all = log.entries(None, None);
        assert_eq!((all.len(), all[0].message.as_str()), (LOG_CAPACITY, "3"));
    }

    #[test]
    fn levels_default_to_all_and_can_be_set() {
        let log = LoggingState::default();
        assert_eq!(
            log.levels(),
            json!([{"name": "Global logger", "level": "ALL"}])
        );
        let set = log
            .set_levels(&json!({"Global logger": "warn", "db": "DEBUG"}))
            .expect("set");
        assert_eq!(
            set,
            json!([{"name": "Global logger", "level": "WARN"}, {"name": "db", "level": "DEBUG"}])
        );
        assert_eq!(
            log.set_levels(&json!({"db": "LOUD"}))
                .expect_err("bad")
                .code,
            8002
        );
        log.set_levels(&json!({"db": null})).expect("removed");
        assert_eq!(log.levels().as_array().map(Vec::len), Some(1));
        log.set_levels(&json!({"Global logger": "INFO", "a": "WARN", "b": "OFF"}))
            .expect("set");
        assert_eq!(
            log.clear_loggers(),
            json!([{"name": "Global logger", "level": "INFO"}])
        );
    }

    #[test]
    fn export_import_round_trips() {
        let log = LoggingState::default();
        log.append(&json!([entry("INFO", "a")]), 1).expect("stored");
        let back = loaded::<LoggingState>(&saved(&log)).expect("imports");
        assert_eq!(saved(&back), saved(&log));
    }
}
