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
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 2026-01-01T10:30:00Z, a Thursday.
    const START: i64 = 1_767_263_400_000;

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.timestamp_millis())
            .unwrap_or(i64::MIN)
    }

    fn parse(v: Value) -> Schedule {
        Schedule::parse(&v).expect("valid")
    }

    #[test]
    fn once_custom_and_daily() {
        assert_eq!(
            parse(json!({"schedule": "once"})).next_at_or_after(START, 0),
            Some(START)
        );
        assert_eq!(
            parse(json!({"schedule": "once"})).next_at_or_after(START, START + 1),
            None
        );
        let every_minute = parse(json!({"schedule": "custom", "repeat": {"every": 60}}));
        assert_eq!(
            every_minute.next_at_or_after(START, START + 1),
            Some(START + 60_000)
        );
        assert_eq!(
            every_minute.next_at_or_after(START, START + 60_000),
            Some(START + 60_000)
        );
        let every_2_days = parse(json!({"schedule": "daily", "repeat": {"every": 2}}));
        assert_eq!(
            every_2_days.next_at_or_after(START, START + 1),
            Some(ms("2026-01-03T10:30:00Z"))
        );
    }

    #[test]
    fn weekly_runs_on_listed_weekdays_of_every_nth_week() {
        // Mondays (2) and Fridays (6), every other week, from Thursday 2026-01-01.
        let s = parse(json!({"schedule": "weekly", "repeat": {"every": 2, "on": [2, 6]}}));
        assert_eq!(
            s.next_at_or_after(START, START),
            Some(ms("2026-01-02T10:30:00Z"))
        );
        let after_friday = ms("2026-01-02T10:30:01Z");
        assert_eq!(
            s.next_at_or_after(START, after_friday),
            Some(ms("2026-01-12T10:30:00Z"))
        );
    }

    #[test]
    fn monthly_by_dates_and_by_weekdays() {
        let s = parse(json!({"schedule": "monthly", "repeat": {"months": [2, 4], "on": [31, 15]}}));
        assert_eq!(
            s.next_at_or_after(START, START),
            Some(ms("2026-02-15T10:30:00Z"))
        );
        assert_eq!(
            s.next_at_or_after(START, ms("2026-02-16T00:00:00Z")),
            Some(ms("2026-04-15T10:30:00Z"))
        );
        let last_friday =
            parse(json!({"schedule": "monthly", "repeat": {"weeks": [5], "weekdays": [6]}}));
        assert_eq!(
            last_friday.next_at_or_after(START, START),
            Some(ms("2026-01-30T10:30:00Z"))
        );
        let first_monday = parse(
            json!({"schedule": "monthly", "repeat": {"every": [3], "weeks": [1], "weekdays": [2]}}),
        );
        assert_eq!(
            first_monday.next_at_or_after(START, START),
            Some(ms("2026-03-02T10:30:00Z"))
        );
    }

    #[test]
    fn bad_frequencies_say_why() {
        for bad in [
            json!("daily"),
            json!({"schedule": "hourly"}),
            json!({"schedule": "once", "repeat": {"every": 1}}),
            json!({"schedule": "custom", "repeat": {"every": 0}}),
            json!({"schedule": "custom", "repeat": {"every": 86_401}}),
            json!({"schedule": "daily"}),
            json!({"schedule": "weekly", "repeat": {"every": 1, "on": [8]}}),
            json!({"schedule": "weekly", "repeat": {"every": 1, "on": []}}),
            json!({"schedule": "monthly", "repeat": {"months": [13], "on": [1]}}),
            json!({"schedule": "monthly", "repeat": {}}),
        ] {
            assert!(Schedule::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn occurrences_keep_the_latest_within_the_limit() {
        let s = parse(json!({"schedule": "custom", "repeat": {"every": 1}}));
        let (list, skipped) = s.occurrences(0, 0, 9_999, 3);
        assert_eq!((list, skipped), (vec![7_000, 8_000, 9_000], 7));
        let w = parse(
            json!({"schedule": "weekly", "repeat": {"every": 1, "on": [1, 2, 3, 4, 5, 6, 7]}}),
        );
        let (list, skipped) = w.occurrences(START, START, START + 10 * DAY_MS, 4);
        assert_eq!((list.len(), skipped), (4, 7));
        assert_eq!(list.last().copied(), Some(START + 10 * DAY_MS));
    }

    #[test]
    fn canonical_json_parses_back() {
        for v in [
            json!({"schedule": "once"}),
            json!({"schedule": "custom", "repeat": {"every": 5}}),
            json!({"schedule": "weekly", "repeat": {"every": 1, "on": [1, 7]}}),
            json!({"schedule": "monthly", "repeat": {"months": [1], "weeks": [5], "weekdays": [2]}}),
        ] {
            let s = parse(v.clone());
            assert_eq!(s.to_json(), v);
            assert_eq!(parse(s.to_json()), s);
        }
    }

    proptest! {
        /// The next run is never before the asked instant or the start, is an occurrence itself,
        /// and moves forward when asked again just after it.
        #[test]
        fn next_run_is_monotonic(
            kind in 0usize..4, every in 1u32..5, day in 1u8..8, offset in 0i64..400 * DAY_MS
        ) {
            let s = match kind {
                0 => Schedule::Custom(every * 30),
                1 => Schedule::Daily(every),
                2 => Schedule::Weekly { every, on: vec![day] },
                _ => Schedule::Monthly { months: (1..=12).collect(), days: MonthDays::Dates(vec![day * 4]) },
            };
            let t = START + offset;
            let next = s.next_at_or_after(START, t).expect("an occurrence exists");
            prop_assert!(next >= t);
            prop_assert_eq!(s.next_at_or_after(START, next), Some(next));
            let after = s.next_at_or_after(START, next + 1).expect("a later one");
            prop_assert!(after > next);
        }
    }
}
