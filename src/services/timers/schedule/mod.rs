//! The timer frequency format (management.md §4: `frequency.schedule` + `frequency.repeat`) and
//! next-run computation. Occurrences are anchored at `startDate`: its time of day (UTC) for daily,
//! weekly and monthly schedules, its instant for `custom` periods.
//!
//! Repeat keys (open question 5 of management.md; monthly keys are not in the stored docs, so the
//! emulator's reading is written here):
//! - `once`: no `repeat`.
//! - `custom`: `{"every": seconds}`, 1..=86400.
//! - `daily`: `{"every": days}`, 1..=365.
//! - `weekly`: `{"every": weeks, "on": [weekday]}`, 1..=52 weeks, weekday 1 = Sunday .. 7 = Saturday.
//! - `monthly`: `{"months": [1..12] (alias "every"; default all), "on": [day of month]}` (alias
//!   "days"), or `{"months", "weeks": [1..5, 5 = last], "weekdays": [1..7]}`.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const DAY_MS: i64 = 86_400_000;
/// Weekly/monthly catch-up walks at most this far back; older occurrences are simply skipped.
const MAX_WALK_MS: i64 = 10 * 366 * DAY_MS;

/// Which days of a month a monthly schedule runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MonthDays {
    /// Days of the month (1..=31; a day a month lacks is skipped).
    Dates(Vec<u8>),
    /// The n-th weekdays of the month (week 5 = the last one).
    Weekdays {
        /// 1..=5.
        weeks: Vec<u8>,
        /// 1 = Sunday .. 7 = Saturday.
        weekdays: Vec<u8>,
    },
}

/// A parsed `frequency`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Schedule {
    /// Runs once at `startDate`.
    Once,
    /// Every `n` seconds.
    Custom(u32),
    /// Every `n` days.
    Daily(u32),
    /// Every `every` weeks on the given weekdays.
    Weekly {
        /// Week period.
        every: u32,
        /// 1 = Sunday .. 7 = Saturday.
        on: Vec<u8>,
    },
    /// In the given months on the given days.
    Monthly {
        /// 1..=12.
        months: Vec<u8>,
        /// Which days.
        days: MonthDays,
    },
}

fn int_in(
    v: Option<&Value>,
    what: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<u32, String> {
    v.and_then(Value::as_u64)
        .filter(|n| range.contains(n))
        .map(|n| n as u32)
        .ok_or_else(|| {
            format!(
                "{what} must be an integer from {} to {}",
                range.start(),
                range.end()
            )
        })
}

fn list_in(
    v: Option<&Value>,
    what: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Vec<u8>, String> {
    let err = || {
        format!(
            "{what} must be a non-empty array of integers from {} to {}",
            range.start(),
            range.end()
        )
    };
    let items = v
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(err)?;
    let mut out: Vec<u8> = items
        .iter()
        .map(|i| {
            i.as_u64()
                .filter(|n| range.contains(n))
                .map(|n| n as u8)
                .ok_or_else(err)
        })
        .collect::<Result<_, _>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

impl Schedule {
    /// Parse `{"schedule": ..., "repeat": ...}`; the error says what is wrong.
    pub fn parse(frequency: &Value) -> Result<Self, String> {
        let obj = frequency.as_object().ok_or("frequency must be an object")?;
        let kind = obj
            .get("schedule")
            .and_then(Value::as_str)
            .ok_or("frequency.schedule must be one of once, custom, daily, weekly, monthly")?;
        let repeat = obj.get("repeat").filter(|r| !r.is_null());
        let field = |k: &str| repeat.and_then(|r| r.get(k)).filter(|v| !v.is_null());
        match kind.to_ascii_lowercase().as_str() {
            "once" if repeat.is_some() => {
                Err("frequency.repeat must be absent for a 'once' schedule".into())
            }
            "once" => Ok(Schedule::Once),
            "custom" => Ok(Schedule::Custom(int_in(
                field("every"),
                "frequency.repeat.every (seconds)",
                1..=86_400,
            )?)),
            "daily" => Ok(Schedule::Daily(int_in(
                field("every"),
                "frequency.repeat.every (days)",
                1..=365,
            )?)),
            "weekly" => Ok(Schedule::Weekly {
                every: int_in(field("every"), "frequency.repeat.every (weeks)", 1..=52)?,
                on: list_in(field("on"), "frequency.repeat.on (weekdays)", 1..=7)?,
            }),
            "monthly" => {
                let months =
                    match field("months").or_else(|| field("every").filter(|v| v.is_array())) {
                        None => (1..=12).collect(),
                        some => list_in(some, "frequency.repeat.months", 1..=12)?,
                    };
                let days = match field("on").or_else(|| field("days")) {
                    Some(d) => MonthDays::Dates(list_in(
                        Some(d),
                        "frequency.repeat.on (days of month)",
                        1..=31,
                    )?),
                    None if field("weeks").is_some() || field("weekdays").is_some() => {
                        MonthDays::Weekdays {
                            weeks: list_in(field("weeks"), "frequency.repeat.weeks", 1..=5)?,
                            weekdays: list_in(
                                field("weekdays"),
                                "frequency.repeat.weekdays",
                                1..=7,
                            )?,
                        }
                    }
                    None => return Err(
                        "a 'monthly' schedule needs frequency.repeat.on (days) or weeks + weekdays"
                            .into(),
                    ),
                };
                Ok(Schedule::Monthly { months, days })
            }
            _ => {
                Err("frequency.schedule must be one of once, custom, daily, weekly, monthly".into())
            }
        }
    }

    /// The canonical `frequency` object.
    pub fn to_json(&self) -> Value {
        match self {
            Schedule::Once => json!({"schedule": "once"}),
            Schedule::Custom(n) => json!({"schedule": "custom", "repeat": {"every": n}}),
            Schedule::Daily(n) => json!({"schedule": "daily", "repeat": {"every": n}}),
            Schedule::Weekly { every, on } => {
                json!({"schedule": "weekly", "repeat": {"every": every, "on": on}})
            }
            Schedule::Monthly {
                months,
                days: MonthDays::Dates(on),
            } => {
                json!({"schedule": "monthly", "repeat": {"months": months, "on": on}})
            }
            Schedule::Monthly {
                months,
                days: MonthDays::Weekdays { weeks, weekdays },
            } => {
                json!({"schedule": "monthly", "repeat": {"months": months, "weeks": weeks, "weekdays": weekdays}})
            }
        }
    }

    /// A fixed period in ms (custom and daily schedules).
    fn period_ms(&self) -> Option<i64> {
        match self {
            Schedule::Custom(s) => Some(i64::from(*s) * 1000),
            Schedule::Daily(d) => Some(i64::from(*d) * DAY_MS),
            _ => None,
        }
    }

    /// The first occurrence at or after `t` (occurrences start at `start`).
    pub fn next_at_or_after(&self, start: i64, t: i64) -> Option<i64> {
        let t = t.max(start);
        if let Some(p) = self.period_ms() {
            let k = (t - start + p - 1).div_euclid(p);
            return start.checked_add(k.checked_mul(p)?);
        }
        let time_of_day = start.rem_euclid(DAY_MS);
        let at = |d: NaiveDate| midnight_ms(d).map(|m| m + time_of_day).filter(|c| *c >= t);
        match self {
            Schedule::Once => (start >= t).then_some(start),
            Schedule::Weekly { every, on } => {
                let start_day = date_of(start)?;
                let week0 = start_day
                    - chrono::Duration::days(i64::from(start_day.weekday().num_days_from_sunday()));
                let mut day = date_of(t)?;
                for _ in 0..(7 * (*every as usize) + 8) {
                    let weeks_in = (day - week0).num_days().div_euclid(7);
                    if weeks_in % i64::from(*every) == 0 && on.contains(&weekday(day)) {
                        if let Some(c) = at(day) {
                            return Some(c);
                        }
                    }
                    day = day.succ_opt()?;
                }
                None
            }
            Schedule::Monthly { months, days } => {
                let first = date_of(t)?;
                let (mut year, mut month) = (first.year(), first.month());
                for _ in 0..=12 * 8 {
                    if months.contains(&(month as u8)) {
                        if let Some(c) = days_in(year, month, days).into_iter().find_map(at) {
                            return Some(c);
                        }
                    }
                    (year, month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                }
                None
            }
            Schedule::Custom(_) | Schedule::Daily(_) => None,
        }
    }

    /// Occurrences in `[from, until]`, at most `limit` (the latest kept), and how many were skipped.
    pub fn occurrences(&self, start: i64, from: i64, until: i64, limit: usize) -> (Vec<i64>, u64) {
        if let Some(p) = self.period_ms() {
            let Some(first) = self.next_at_or_after(start, from).filter(|f| *f <= until) else {
                return (Vec::new(), 0);
            };
            let count = (until - first) / p + 1;
            let skip = (count - limit as i64).max(0);
            return ((skip..count).map(|k| first + k * p).collect(), skip as u64);
        }
        let from = from.max(until.saturating_sub(MAX_WALK_MS));
        let mut found = std::collections::VecDeque::new();
        let mut skipped = 0;
        let mut next = self.next_at_or_after(start, from);
        while let Some(at) = next.filter(|at| *at <= until) {
            found.push_back(at);
            if found.len() > limit {
                found.pop_front();
                skipped += 1;
            }
            next = self.next_at_or_after(start, at + 1);
        }
        (found.into(), skipped)
    }
}

fn date_of(ms: i64) -> Option<NaiveDate> {
    DateTime::<Utc>::from_timestamp_millis(ms).map(|d| d.date_naive())
}

fn midnight_ms(day: NaiveDate) -> Option<i64> {
    day.and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp_millis())
}

/// 1 = Sunday .. 7 = Saturday.
fn weekday(day: NaiveDate) -> u8 {
    day.weekday().num_days_from_sunday() as u8 + 1
}

/// The dates of one month a monthly schedule runs on, in order.
fn days_in(year: i32, month: u32, days: &MonthDays) -> Vec<NaiveDate> {
    let all: Vec<NaiveDate> = (1..=31)
        .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
        .collect();
    let mut out: Vec<NaiveDate> = match days {
        MonthDays::Dates(dates) => all
            .into_iter()
            .filter(|d| dates.contains(&(d.day() as u8)))
            .collect(),
        MonthDays::Weekdays { weeks, weekdays } => all
            .iter()
            .filter(|d| weekdays.contains(&weekday(**d)))
            .filter(|d| {
                let nth = (d.day() as u8 - 1) / 7 + 1;
                let last = d.day() + 7 > all.len() as u32;
                weeks.contains(&nth) || (weeks.contains(&5) && last)
            })
            .copied()
            .collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
