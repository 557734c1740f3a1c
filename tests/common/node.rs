//! Node test suites driven from Rust (`tests/sdk_js.rs`, `tests/ui.rs`): run `node --test` with
//! the shared reporter (`tests/node/reporter.mjs`) and show its per-file counts in `cargo test`
//! output, which otherwise reports a whole suite as one test.

use std::io::Write;
use std::path::Path;
use std::process::Command;

/// What one `node --test` run printed, and whether every test passed.
pub(crate) struct NodeRun {
    /// Whether node exited 0.
    pub success: bool,
    /// The reporter's lines, then node's stderr.
    pub output: String,
}

impl NodeRun {
    /// The `FILE: N passed, N failed` and `total: ...` lines.
    pub(crate) fn counts(&self) -> Vec<&str> {
        self.output
            .lines()
            .filter(|l| l.contains(" passed, ") && l.contains(" failed") && !l.starts_with(' '))
            .filter(|l| !l.starts_with("ok ") && !l.starts_with("not ok"))
            .collect()
    }

    /// Write the counts to the terminal, past the test harness's output capture (which only
    /// takes `print!`), so a passing run still shows how many JS tests ran.
    pub(crate) fn show_counts(&self, suite: &str) {
        let mut err = std::io::stderr().lock();
        for line in self.counts() {
            let _ = writeln!(err, "    {suite} {line}");
        }
    }
}

/// `node --test` over `files` in `dir` (one file after another), with `env` set.
pub(crate) fn run(dir: &Path, files: &[String], env: &[(&str, String)]) -> NodeRun {
    let reporter = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/reporter.mjs");
    let output = Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .arg(format!("--test-reporter={}", reporter.display()))
        .args(files)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("node runs (Node.js 20 or newer is needed for the JS suites)");
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    NodeRun {
        success: output.status.success(),
        output: text,
    }
}

/// `npm ci` in `dir` unless every package in `needed` is already under its `node_modules`.
pub(crate) fn install(dir: &Path, needed: &[&str]) {
    if needed
        .iter()
        .all(|p| dir.join("node_modules").join(p).is_dir())
    {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .expect("npm runs (Node.js and npm are needed for the JS suites)");
    assert!(status.success(), "npm ci failed in {}", dir.display());
}
