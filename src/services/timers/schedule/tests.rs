//! Unit and property tests of the frequency format and next-run computation.

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
    let w =
        parse(json!({"schedule": "weekly", "repeat": {"every": 1, "on": [1, 2, 3, 4, 5, 6, 7]}}));
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
