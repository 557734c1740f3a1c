//! `report parity --out FILE.md|.html`: the drift record an SDK author publishes. Per documented
//! operation and per documented error code, which targets it was validated on, when, and the
//! result, from the `report.json` of any number of runs (the latest run per target counts) and
//! from the scenarios' provenance (a scenario validated on a host vouches for its operations
//! there, with its date, when no report covers them).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{Report, Tally};
use crate::operations::{describe, operations};
use crate::scenario::{Provenance, Scenario};

/// One cell: the latest result of an operation (or code) on a target.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Steps and passes; `None` when only a scenario's provenance vouches for it.
    pub tally: Option<Tally>,
}

/// The whole page, before rendering.
#[derive(Debug, Default)]
pub struct Parity {
    /// Targets in column order with their kind.
    pub targets: Vec<(String, String)>,
    /// Operation rows: name, catalogue status, cell per target.
    pub operations: Vec<(String, String, BTreeMap<String, Cell>)>,
    /// Error code rows: code, message, cell per target.
    pub codes: Vec<(u32, String, BTreeMap<String, Cell>)>,
    /// Scenario provenance: name, label.
    pub scenarios: Vec<(String, String)>,
    /// How many reports went in.
    pub runs: usize,
}

/// Read the reports (files, or directories holding `report.json`).
pub fn read_reports(paths: &[PathBuf]) -> Result<Vec<Report>, String> {
    paths
        .iter()
        .map(|p| {
            let file = if p.is_dir() {
                p.join("report.json")
            } else {
                p.clone()
            };
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))
        })
        .collect()
}

/// Build the page from runs and the corpus.
pub fn build(reports: &[Report], scenarios: &[Scenario]) -> Parity {
    let mut page = Parity {
        runs: reports.len(),
        ..Parity::default()
    };
    // Latest first, so the first cell written per (row, target) is the newest.
    let mut ordered: Vec<&Report> = reports.iter().collect();
    ordered.sort_by(|a, b| b.date.cmp(&a.date));
    let mut op_cells: BTreeMap<String, BTreeMap<String, Cell>> = BTreeMap::new();
    let mut code_cells: BTreeMap<u32, BTreeMap<String, Cell>> = BTreeMap::new();
    for report in &ordered {
        for v in &report.validated {
            if !page.targets.iter().any(|(t, _)| *t == v.target) {
                page.targets.push((v.target.clone(), v.kind.clone()));
            }
            for (op, tally) in &v.operations {
                let row = op_cells.entry(op.clone()).or_default();
                row.entry(v.target.clone()).or_insert_with(|| Cell {
                    date: report.date.clone(),
                    tally: Some(*tally),
                });
            }
            for (code, tally) in &v.codes {
                let row = code_cells.entry(*code).or_default();
                row.entry(v.target.clone()).or_insert_with(|| Cell {
                    date: report.date.clone(),
                    tally: Some(*tally),
                });
            }
        }
    }
    for s in scenarios {
        page.scenarios.push((s.name.clone(), s.provenance.label()));
        let Provenance::Validated { validated, host } = &s.provenance else {
            continue;
        };
        if !page.targets.iter().any(|(t, _)| t == host) {
            page.targets.push((host.clone(), "app".into()));
        }
        for (_, step) in s.phases() {
            let (op, _) = describe(&step.request.method, &step.request.path);
            let row = op_cells.entry(op).or_default();
            row.entry(host.clone()).or_insert_with(|| Cell {
                date: validated.clone(),
                tally: None,
            });
        }
    }
    let mut seen = BTreeSet::new();
    for op in operations().iter().filter(|o| o.status != "group") {
        if seen.insert(op.id) {
            let cells = op_cells.remove(op.id).unwrap_or_default();
            page.operations
                .push((op.id.to_string(), op.status.to_string(), cells));
        }
    }
    page.operations.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, cells) in op_cells {
        page.operations.push((name, "report group".into(), cells));
    }
    for e in crate::specs::errors() {
        let cells = code_cells.remove(&e.code).unwrap_or_default();
        page.codes.push((e.code, e.message.clone(), cells));
    }
    page
}

fn cell_text(cell: Option<&Cell>) -> String {
    match cell {
        None => "—".into(),
        Some(Cell { date, tally: None }) => format!("✓ {date} (scenario provenance)"),
        Some(Cell {
            date,
            tally: Some(t),
        }) if t.passed == t.steps => {
            format!("✓ {}/{} · {date}", t.passed, t.steps)
        }
        Some(Cell {
            date,
            tally: Some(t),
        }) => format!("✗ {}/{} · {date}", t.passed, t.steps),
    }
}

fn summary(page: &Parity) -> Vec<String> {
    page.targets
        .iter()
        .map(|(t, kind)| {
            let mut ok = 0;
            let mut bad = 0;
            for (_, _, cells) in &page.operations {
                match cells.get(t) {
                    Some(Cell { tally: Some(x), .. }) if x.passed < x.steps => bad += 1,
                    Some(_) => ok += 1,
                    None => {}
                }
            }
            format!("{t} ({kind}): {ok} operations validated, {bad} with failures")
        })
        .collect()
}

/// The page as Markdown.
pub fn markdown(page: &Parity) -> String {
    let mut out = String::from("# Backendless parity\n\n");
    let _ = writeln!(
        out,
        "From {} conformance runs and the scenarios' provenance. A cell is the latest result \
         on that target: steps that held / steps run, and the day. — = never run there.\n",
        page.runs
    );
    for line in summary(page) {
        let _ = writeln!(out, "- {line}");
    }
    let head: Vec<&str> = page.targets.iter().map(|(t, _)| t.as_str()).collect();
    let _ = writeln!(
        out,
        "\n## Operations\n\n| operation | emulator status | {} |",
        head.join(" | ")
    );
    let _ = writeln!(out, "|---|---|{}", "---|".repeat(head.len()));
    for (op, status, cells) in &page.operations {
        let row: Vec<String> = head.iter().map(|t| cell_text(cells.get(*t))).collect();
        let _ = writeln!(out, "| {} | {status} | {} |", md(op), row.join(" | "));
    }
    let _ = writeln!(
        out,
        "\n## Error codes\n\n| code | message | {} |",
        head.join(" | ")
    );
    let _ = writeln!(out, "|---|---|{}", "---|".repeat(head.len()));
    for (code, message, cells) in &page.codes {
        let row: Vec<String> = head.iter().map(|t| cell_text(cells.get(*t))).collect();
        let _ = writeln!(out, "| {code} | {} | {} |", md(message), row.join(" | "));
    }
    let _ = writeln!(
        out,
        "\n## Scenarios\n\n| scenario | provenance |\n|---|---|"
    );
    for (name, label) in &page.scenarios {
        let _ = writeln!(out, "| {} | {} |", md(name), md(label));
    }
    out
}

fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page as a standalone HTML document.
pub fn html(page: &Parity) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Backendless parity</title>\
         <style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid \
         #ccc;padding:2px 6px}.ok{background:#e6f4e6}.bad{background:#f8dddd}</style></head><body>\n\
         <h1>Backendless parity</h1>\n",
    );
    let _ = writeln!(
        out,
        "<p>From {} conformance runs and the scenarios' provenance.</p><ul>",
        page.runs
    );
    for line in summary(page) {
        let _ = writeln!(out, "<li>{}</li>", html_escape(&line));
    }
    out.push_str("</ul>\n");
    let head: Vec<&str> = page.targets.iter().map(|(t, _)| t.as_str()).collect();
    let header = |first: &str, second: &str| {
        let cols: String = head
            .iter()
            .map(|t| format!("<th>{}</th>", html_escape(t)))
            .collect();
        format!("<table><tr><th>{first}</th><th>{second}</th>{cols}</tr>\n")
    };
    let cells = |cells: &BTreeMap<String, Cell>| -> String {
        head.iter()
            .map(|t| {
                let cell = cells.get(*t);
                let class = match cell {
                    Some(Cell { tally: Some(x), .. }) if x.passed < x.steps => " class=\"bad\"",
                    Some(_) => " class=\"ok\"",
                    None => "",
                };
                format!("<td{class}>{}</td>", html_escape(&cell_text(cell)))
            })
            .collect()
    };
    out.push_str("<h2>Operations</h2>\n");
    out.push_str(&header("operation", "emulator status"));
    for (op, status, c) in &page.operations {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td>{}</tr>",
            html_escape(op),
            html_escape(status),
            cells(c)
        );
    }
    out.push_str("</table>\n<h2>Error codes</h2>\n");
    out.push_str(&header("code", "message"));
    for (code, message, c) in &page.codes {
        let _ = writeln!(
            out,
            "<tr><td>{code}</td><td>{}</td>{}</tr>",
            html_escape(message),
            cells(c)
        );
    }
    out.push_str(
        "</table>\n<h2>Scenarios</h2>\n<table><tr><th>scenario</th><th>provenance</th></tr>\n",
    );
    for (name, label) in &page.scenarios {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            html_escape(name),
            html_escape(label)
        );
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// Write the page: HTML for a `.html`/`.htm` file, Markdown otherwise.
pub fn write(page: &Parity, out: &Path) -> Result<(), String> {
    let html_file = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let text = if html_file {
        html(page)
    } else {
        markdown(page)
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))
}

#[cfg(test)]
mod tests;
