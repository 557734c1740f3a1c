//! The readable terminal report: one line per scenario, the failures and diffs under it, then
//! the per-operation parity table, the error-code coverage and the totals.

use std::fmt::Write;

use super::{Outcome, Report};

/// The terminal report (`verbose` also lists passed and skipped scenarios one per line).
pub fn render(report: &Report, verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "targets: {}", report.targets.join(" vs "));
    if !report.run.is_empty() {
        let _ = writeln!(out, "run token: {}", report.run);
    }
    for s in &report.scenarios {
        match s.outcome {
            Outcome::Passed if !verbose => continue,
            Outcome::Skipped if !verbose => continue,
            Outcome::Passed => {
                let _ = writeln!(out, "PASS {}", s.name);
            }
            Outcome::Skipped => {
                let _ = writeln!(
                    out,
                    "SKIP {} ({})",
                    s.name,
                    s.reason.as_deref().unwrap_or("")
                );
            }
            Outcome::Failed => {
                let _ = writeln!(out, "FAIL {} [{}]", s.name, s.provenance);
            }
        }
        for f in &s.failures {
            let side = report.targets.get(f.side).map_or("?", String::as_str);
            for m in &f.messages {
                let _ = writeln!(out, "  ✗ {} · {} on {side}: {m}", f.step, f.operation);
            }
        }
        for d in &s.differences {
            let _ = writeln!(out, "  ~ {} · {}", d.path, d.operation);
            let _ = writeln!(out, "      - {}", d.left);
            let _ = writeln!(out, "      + {}", d.right);
        }
        for k in &s.expired {
            let _ = writeln!(
                out,
                "  ! known divergence at {} expired on {} ({})",
                k.path, k.expires, k.reason
            );
        }
        for k in &s.known {
            let _ = writeln!(
                out,
                "  ≈ known divergence at {} until {} ({})",
                k.path, k.expires, k.reason
            );
        }
    }
    let skipped: Vec<&str> = report
        .scenarios
        .iter()
        .filter(|s| s.outcome == Outcome::Skipped)
        .filter_map(|s| s.reason.as_deref())
        .collect();
    if !skipped.is_empty() && !verbose {
        let mut reasons: Vec<&str> = skipped.clone();
        reasons.sort_unstable();
        reasons.dedup();
        let _ = writeln!(
            out,
            "skipped {} scenarios: {}",
            skipped.len(),
            reasons.join("; ")
        );
    }
    out.push_str(&parity_table(report));
    let s = &report.summary;
    let _ = writeln!(
        out,
        "error codes: {} of {} documented codes exercised, {} matched",
        s.codes_exercised, s.codes_documented, s.codes_matched
    );
    let _ = writeln!(out, "differences: {}", s.differences);
    let _ = writeln!(
        out,
        "{} passed, {} failed, {} skipped",
        s.passed, s.failed, s.skipped
    );
    if s.interrupted {
        let _ = writeln!(out, "interrupted: the rest of the corpus did not run");
    }
    out
}

/// The per-operation parity table.
pub fn parity_table(report: &Report) -> String {
    let mut out = String::new();
    let width = report
        .parity
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(9)
        .max(9);
    let _ = writeln!(out, "{:<width$}  steps  matched", "operation");
    for (op, p) in &report.parity {
        let mark = if p.matched == p.steps { "" } else { "  ✗" };
        let _ = writeln!(out, "{op:<width$}  {:>5}  {:>7}{mark}", p.steps, p.matched);
    }
    out
}

/// The coverage table (exercised codes only, plus a count of the rest), as Markdown.
pub fn coverage_table(report: &Report) -> String {
    let mut out = String::from("| code | exercised | matched | message |\n|---|---|---|---|\n");
    for c in &report.coverage {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            c.code,
            if c.exercised { "yes" } else { "no" },
            if !c.exercised {
                "-"
            } else if c.matched {
                "yes"
            } else {
                "NO"
            },
            c.message.replace('|', "\\|")
        );
    }
    out
}
