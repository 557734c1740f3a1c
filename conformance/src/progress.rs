//! Progress of long runner work (`fuzz`, big corpora, `record`) on stderr: an indicatif bar when
//! stderr is a terminal, otherwise a plain line at every tenth of the way, so CI logs stay short
//! and stdout (the report) stays clean.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// Progress through `total` items of one command.
pub struct Progress {
    bar: Option<ProgressBar>,
    label: String,
    total: u64,
    done: AtomicU64,
}

impl Progress {
    /// A bar (terminal) or plain lines (anything else) for `total` items; `label` names them.
    /// Nothing for a single item (each fuzz case runs a one-scenario corpus under its own bar).
    pub fn new(label: &str, total: u64) -> Self {
        Self::with_terminal(label, total, std::io::stderr().is_terminal())
    }

    fn with_terminal(label: &str, total: u64, terminal: bool) -> Self {
        let bar = (terminal && total > 1).then(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} {elapsed_precise} eta {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(label.to_string());
            bar
        });
        Progress {
            bar,
            label: label.to_string(),
            total,
            done: AtomicU64::new(0),
        }
    }

    /// One more item done; `what` names it (the bar shows it).
    pub fn step(&self, what: &str) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match &self.bar {
            Some(bar) => {
                bar.set_message(what.to_string());
                bar.inc(1);
            }
            None => {
                if let Some(line) = self.plain_line(done) {
                    eprintln!("{line}");
                }
            }
        }
    }

    /// The plain line printed after `done` items, at each tenth of the way (and the last item).
    fn plain_line(&self, done: u64) -> Option<String> {
        let tenth = self.total.div_ceil(10).max(1);
        (self.total >= 20 && (done.is_multiple_of(tenth) || done == self.total))
            .then(|| format!("{}: {done}/{}", self.label, self.total))
    }
}

/// The bar clears itself when the command is done (the report follows on stdout).
impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_output_is_ten_lines_at_most_and_none_for_short_runs() {
        let long = Progress::with_terminal("scenarios", 95, false);
        let lines: Vec<String> = (1..=95).filter_map(|d| long.plain_line(d)).collect();
        assert_eq!(lines.len(), 10, "{lines:?}");
        assert_eq!(lines.last().map(String::as_str), Some("scenarios: 95/95"));
        let short = Progress::with_terminal("scenarios", 5, false);
        assert!((1..=5).all(|d| short.plain_line(d).is_none()));
        assert!(long.bar.is_none());
        let bar = Progress::with_terminal("cases", 3, true);
        bar.step("one");
        assert_eq!(bar.bar.as_ref().map(ProgressBar::position), Some(1));
        assert!(Progress::with_terminal("scenarios", 1, true).bar.is_none());
    }
}
