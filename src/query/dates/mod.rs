//! Date literals (where-clause.md §4, [D-dates]): the Java `SimpleDateFormat` patterns
//! Backendless lists, matched by a small pattern engine, plus MySQL/ISO forms. Results are
//! epoch milliseconds, UTC.
//!
//! Choices (inferred, recorded here): text without a zone is UTC; a date without a time is
//! midnight; impossible dates (`02/30/2015`) are rejected instead of rolled over as lenient
//! Java would; a string of digits is epoch milliseconds; numeric fields accept one or two
//! digits (Java parses `3/5/2015` with `MM/dd/yyyy`).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};

use pattern::match_pattern;

use super::error::{QueryError, QueryErrorKind};

mod pattern;

/// The documented patterns in the documented order, then MySQL/ISO forms the emulator adds.
pub const FORMATS: [&str; 23] = [
    "EEE MMM dd HH:mm:ss zzz yyyy",
    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
    "MM/dd/yyyy HH:mm:ss 'GMT'z",
    "MM.dd.yyyy HH:mm:ss 'GMT'z",
    "MM-dd-yyyy HH:mm:ss 'GMT'z",
    "MM/dd/yyyy HH:mm:ss z",
    "MM.dd.yyyy HH:mm:ss z",
    "MM.dd.yyyy HH:mm:ss",
    "MM-dd-yyyy HH:mm:ss",
    "MM/dd/yyyy HH:mm:ss",
    "MM.dd.yyyy",
    "MM-dd-yyyy",
    "MM/dd/yyyy HH:mm:ss 'GMT'Z",
    "MM/dd/yyyy HH:mm",
    "MM/dd/yyyy",
    "dd/MMM/yyyy",
    "dd-MMM-yyyy",
    "EEEEE, d MMMMM yyyy",
    "yyyy/MM/d/HH:mm",
    // Emulator additions: MySQL DATETIME / DATE text (also what DATE() and TIME() print).
    "yyyy-MM-dd HH:mm:ss.SSS",
    "yyyy-MM-dd HH:mm:ss",
    "yyyy-MM-dd'T'HH:mm:ss",
    "yyyy-MM-dd",
];

/// Parses a date literal to epoch milliseconds (UTC), or `None` if no format matches.
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    if let Some(ms) = FORMATS.iter().find_map(|f| match_pattern(f, text)) {
        return Some(ms);
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| d.timestamp_millis())
}

/// `parse_date`, or the error the emulator maps to Backendless 8003 "Invalid date format".
pub fn parse_date_or_error(text: &str) -> Result<i64, QueryError> {
    parse_date(text).ok_or_else(|| {
        QueryError::evaluation(
            QueryErrorKind::InvalidDate,
            format!("Invalid date format: '{text}'"),
        )
    })
}

/// The UTC calendar time of epoch milliseconds (`None` outside chrono's range).
pub fn civil(ms: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc())
}

/// MySQL DATETIME text `YYYY-MM-DD HH:MM:SS[.mmm]`.
pub fn format_datetime(ms: i64) -> Option<String> {
    let t = civil(ms)?;
    let millis = t.nanosecond() / 1_000_000;
    let base = t.format("%Y-%m-%d %H:%M:%S").to_string();
    Some(if millis == 0 {
        base
    } else {
        format!("{base}.{millis:03}")
    })
}

/// MySQL DATE text `YYYY-MM-DD`.
pub fn format_date(ms: i64) -> Option<String> {
    civil(ms).map(|t| t.format("%Y-%m-%d").to_string())
}

/// MySQL TIME text `HH:MM:SS`.
pub fn format_time(ms: i64) -> Option<String> {
    civil(ms).map(|t| t.format("%H:%M:%S").to_string())
}

/// Midnight UTC of the day containing `ms`.
pub fn start_of_day(ms: i64) -> Option<i64> {
    civil(ms).map(|t| {
        t.date()
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
    })
}

/// MySQL `WEEK(d, mode)` for modes 0-3 (`None` for other modes).
pub fn week(ms: i64, mode: i64) -> Option<i64> {
    let date = civil(ms)?.date();
    match mode {
        0 => Some(sunday_week(date)),
        2 => Some(match sunday_week(date) {
            0 => sunday_week(NaiveDate::from_ymd_opt(date.year() - 1, 12, 31)?),
            w => w,
        }),
        3 => Some(i64::from(date.iso_week().week())),
        1 => {
            let iso = date.iso_week();
            Some(if iso.year() < date.year() {
                0
            } else if iso.year() > date.year() {
                week(ms.checked_sub(7 * 86_400_000)?, 1)? + 1
            } else {
                i64::from(iso.week())
            })
        }
        _ => None,
    }
}

/// Mode 0: weeks start on Sunday; week 1 holds the year's first Sunday; earlier days are 0.
fn sunday_week(date: NaiveDate) -> i64 {
    let yday = i64::from(date.ordinal0());
    let jan1 = i64::from(
        date.with_ordinal0(0)
            .map_or(0, |d| d.weekday().num_days_from_sunday()),
    );
    let first_sunday = (7 - jan1) % 7;
    if yday < first_sunday {
        0
    } else {
        (yday - first_sunday) / 7 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAR_23_2015: i64 = 1_427_068_800_000;

    #[test]
    fn documented_examples() {
        assert_eq!(parse_date("23-Mar-2015"), Some(MAR_23_2015));
        assert_eq!(parse_date("03/23/2015"), Some(MAR_23_2015));
        assert_eq!(
            parse_date("10/28/1988 00:00:00 GMT-0200"),
            Some(594_007_200_000)
        );
    }

    #[test]
    fn every_documented_pattern() {
        let cases = [
            ("Mon Mar 23 00:00:00 GMT 2015", MAR_23_2015),
            ("Mon Mar 23 01:00:00 CET 2015", MAR_23_2015),
            ("2015-03-23T00:00:00.000Z", MAR_23_2015),
            ("03/23/2015 02:00:00 GMT+02:00", MAR_23_2015),
            ("03.23.2015 00:00:00 GMT", MAR_23_2015),
            ("03-23-2015 00:00:00 GMT+00:00", MAR_23_2015),
            ("03/22/2015 20:00:00 EDT", MAR_23_2015),
            ("03.23.2015 00:00:00 UTC", MAR_23_2015),
            ("03.23.2015 00:00:00", MAR_23_2015),
            ("03-23-2015 00:00:00", MAR_23_2015),
            ("03/23/2015 00:00:00", MAR_23_2015),
            ("03.23.2015", MAR_23_2015),
            ("03-23-2015", MAR_23_2015),
            ("03/23/2015 01:00:00 GMT+0100", MAR_23_2015),
            ("03/23/2015 00:00", MAR_23_2015),
            ("23/Mar/2015", MAR_23_2015),
            ("Monday, 23 March 2015", MAR_23_2015),
            ("2015/03/23/00:00", MAR_23_2015),
            ("2015-03-23", MAR_23_2015),
            ("2015-03-23 00:00:00", MAR_23_2015),
            ("2015-03-23 00:00:00.250", MAR_23_2015 + 250),
            ("2015-03-23T02:00:00+02:00", MAR_23_2015),
            ("1427068800000", MAR_23_2015),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn lenient_digit_counts_and_case() {
        assert_eq!(parse_date("3/23/2015"), Some(MAR_23_2015));
        assert_eq!(parse_date("23-MAR-2015"), Some(MAR_23_2015));
    }

    #[test]
    fn rejects_garbage_and_impossible_dates() {
        for bad in [
            "",
            "yesterday",
            "02/30/2015",
            "13/01/2015",
            "2015-03-23 25:00:00",
            "03/23/2015 x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let err = parse_date_or_error("nope").unwrap_err();
        assert_eq!(err.kind, QueryErrorKind::InvalidDate);
    }

    #[test]
    fn formats_like_mysql() {
        assert_eq!(
            format_datetime(MAR_23_2015 + 3_723_000).unwrap(),
            "2015-03-23 01:02:03"
        );
        assert_eq!(
            format_datetime(MAR_23_2015 + 5).unwrap(),
            "2015-03-23 00:00:00.005"
        );
        assert_eq!(format_date(MAR_23_2015 + 3_723_000).unwrap(), "2015-03-23");
        assert_eq!(format_time(MAR_23_2015 + 3_723_000).unwrap(), "01:02:03");
    }

    #[test]
    fn mysql_week_modes() {
        let day = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis()
        };
        // 2017-01-01 was a Sunday; 2016-01-01 a Friday.
        assert_eq!(week(day(2017, 1, 1), 0), Some(1));
        assert_eq!(week(day(2016, 1, 1), 0), Some(0));
        assert_eq!(week(day(2016, 1, 3), 0), Some(1));
        assert_eq!(week(day(2016, 1, 1), 2), Some(52));
        assert_eq!(week(day(2016, 1, 1), 3), Some(53));
        assert_eq!(week(day(2016, 1, 1), 1), Some(0));
        assert_eq!(week(day(2019, 12, 30), 1), Some(53));
        assert_eq!(week(day(2016, 1, 1), 5), None);
    }
}
