//! Time for every time-based rule (sessions, expiry, schedules), behind one type so tests and
//! deterministic mode can control it.
//!
//! Real mode reads the system clock plus an adjustable offset. Deterministic mode (`--seed`) starts
//! at a fixed instant and advances by one millisecond per reading, so two runs with the same requests
//! see the same timestamps while consecutive objects still get distinct `created` values.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The instant a deterministic clock starts at: 2026-01-01T00:00:00Z.
pub const DETERMINISTIC_EPOCH_MS: i64 = 1_767_225_600_000;

/// How a [`Clock`] produces time.
#[derive(Debug)]
enum Source {
    /// System time plus `offset_ms` (set/advance move the offset).
    System { offset_ms: AtomicI64 },
    /// Virtual time that ticks one millisecond per reading.
    Virtual { now_ms: AtomicI64 },
}

/// A clock in epoch milliseconds that the control plane can set and advance.
#[derive(Debug)]
pub struct Clock {
    source: Source,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock {
            source: Source::System {
                offset_ms: AtomicI64::new(0),
            },
        }
    }

    /// A virtual clock starting at `start_ms`.
    pub fn deterministic(start_ms: i64) -> Self {
        Clock {
            source: Source::Virtual {
                now_ms: AtomicI64::new(start_ms),
            },
        }
    }

    /// Current time in epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        match &self.source {
            Source::System { offset_ms } => system_ms() + offset_ms.load(Ordering::Relaxed),
            Source::Virtual { now_ms } => now_ms.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Current time without advancing a virtual clock (for reporting).
    pub fn peek_ms(&self) -> i64 {
        match &self.source {
            Source::System { offset_ms } => system_ms() + offset_ms.load(Ordering::Relaxed),
            Source::Virtual { now_ms } => now_ms.load(Ordering::Relaxed),
        }
    }

    /// Jump to `ms`.
    pub fn set_ms(&self, ms: i64) {
        match &self.source {
            Source::System { offset_ms } => offset_ms.store(ms - system_ms(), Ordering::Relaxed),
            Source::Virtual { now_ms } => now_ms.store(ms, Ordering::Relaxed),
        }
    }

    /// Move forward (or back, if negative) by `delta_ms`.
    pub fn advance_ms(&self, delta_ms: i64) {
        match &self.source {
            Source::System { offset_ms } => {
                offset_ms.fetch_add(delta_ms, Ordering::Relaxed);
            }
            Source::Virtual { now_ms } => {
                now_ms.fetch_add(delta_ms, Ordering::Relaxed);
            }
        }
    }

    /// Whether this clock is virtual (deterministic mode).
    pub fn is_virtual(&self) -> bool {
        matches!(self.source, Source::Virtual { .. })
    }
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_clock_ticks_and_obeys_set_and_advance() {
        let c = Clock::deterministic(1000);
        assert_eq!(c.now_ms(), 1000);
        assert_eq!(c.now_ms(), 1001);
        c.advance_ms(5000);
        assert_eq!(c.peek_ms(), 6002);
        c.set_ms(42);
        assert_eq!(c.now_ms(), 42);
    }

    #[test]
    fn system_clock_offset_moves_time() {
        let c = Clock::system();
        let before = c.now_ms();
        c.advance_ms(3_600_000);
        assert!(c.now_ms() >= before + 3_600_000);
    }
}
