//! JUnit XML for CI: one `<testsuite>` per service, one `<testcase>` per scenario.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Outcome, Report, ScenarioReport};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn failure_text(s: &ScenarioReport) -> String {
    let mut out = String::new();
    for f in &s.failures {
        for m in &f.messages {
            let _ = writeln!(
                out,
                "side {} step {} [{}]: {m}",
                f.side, f.step, f.operation
            );
        }
    }
    for d in &s.differences {
        let _ = writeln!(
            out,
            "diff {} [{}]: {} != {}",
            d.path, d.operation, d.left, d.right
        );
    }
    for k in &s.expired {
        let _ = writeln!(
            out,
            "expired known divergence {} ({}, expired {})",
            k.path, k.reason, k.expires
        );
    }
    out
}

/// The report as JUnit XML.
pub fn render(report: &Report) -> String {
    let mut by_service: BTreeMap<&str, Vec<&ScenarioReport>> = BTreeMap::new();
    for s in &report.scenarios {
        by_service.entry(s.service.as_str()).or_default().push(s);
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"backendless-conform\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        report.scenarios.len(),
        report.summary.failed,
        report.summary.skipped
    );
    for (service, scenarios) in by_service {
        let failures = scenarios
            .iter()
            .filter(|s| s.outcome == Outcome::Failed)
            .count();
        let skipped = scenarios
            .iter()
            .filter(|s| s.outcome == Outcome::Skipped)
            .count();
        let time: u64 = scenarios.iter().map(|s| s.duration_ms).sum();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" time=\"{:.3}\">",
            escape(service),
            scenarios.len(),
            time as f64 / 1000.0
        );
        for s in scenarios {
            let _ = write!(
                xml,
                "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
                escape(service),
                escape(&s.name),
                s.duration_ms as f64 / 1000.0
            );
            match s.outcome {
                Outcome::Passed => xml.push_str("/>\n"),
                Outcome::Skipped => {
                    let _ = writeln!(
                        xml,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(s.reason.as_deref().unwrap_or(""))
                    );
                }
                Outcome::Failed => {
                    let text = failure_text(s);
                    let first = text.lines().next().unwrap_or("failed");
                    let _ = writeln!(
                        xml,
                        ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                        escape(first),
                        escape(&text)
                    );
                }
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}
