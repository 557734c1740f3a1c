//! Known divergences: a difference between targets that is understood and accepted for a while.
//! Each names a scenario, a transcript path (`/<step>/status`, `/<step>/body/...`; a prefix covers
//! everything below it), a reason and an expiry date; an expired entry fails its scenario so
//! nobody forgets to re-check it.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One accepted difference.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Divergence {
    /// Scenario name (`users/login-wrong-password`).
    pub scenario: String,
    /// Transcript path prefix.
    pub path: String,
    /// Why the targets differ.
    pub reason: String,
    /// `YYYY-MM-DD`; from that day on the entry fails.
    pub expires: String,
}

impl Divergence {
    /// Whether this entry covers a difference at `path` in `scenario`.
    pub fn covers(&self, scenario: &str, path: &str) -> bool {
        self.scenario == scenario
            && (path == self.path
                || path.starts_with(&format!("{}/", self.path.trim_end_matches('/'))))
    }

    /// Whether the entry has expired on `today` (an unreadable date counts as expired).
    pub fn expired(&self, today: NaiveDate) -> bool {
        NaiveDate::parse_from_str(&self.expires, "%Y-%m-%d").map_or(true, |d| d <= today)
    }
}

/// Read a divergence file (a JSON array); a missing file means none.
pub fn load(path: &Path) -> Result<Vec<Divergence>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(expires: &str) -> Divergence {
        Divergence {
            scenario: "users/a".into(),
            path: "/login/body".into(),
            reason: "r".into(),
            expires: expires.into(),
        }
    }

    #[test]
    fn covers_the_path_and_everything_below_it() {
        let d = entry("2999-01-01");
        assert!(d.covers("users/a", "/login/body"));
        assert!(d.covers("users/a", "/login/body/code"));
        assert!(!d.covers("users/a", "/login/bodyx"));
        assert!(!d.covers("users/b", "/login/body"));
    }

    #[test]
    fn expiry_is_inclusive_and_bad_dates_expire() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
        assert!(entry("2026-05-01").expired(today));
        assert!(!entry("2026-05-02").expired(today));
        assert!(entry("soon").expired(today));
    }
}
