//! `report parity` and `run --update-provenance`: the pages and files made from what runs found.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::default_path;
use crate::report::Report;
use crate::scenario::load_dir;
use crate::target::Target;

/// `report` pages.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Per operation and documented error code: which targets it was validated on, when, and
    /// the result (from report.json files and the scenarios' provenance).
    Parity(ParityArgs),
}

/// `report parity`.
#[derive(Debug, Args)]
pub struct ParityArgs {
    /// Where the page goes: FILE.md (Markdown) or FILE.html.
    #[arg(long)]
    pub out: PathBuf,
    /// report.json files (or --report-dir directories) of earlier runs.
    #[arg(long, num_args = 1..)]
    pub reports: Vec<PathBuf>,
    /// Scenario directory whose provenance the page lists (default: conformance/scenarios).
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
}

/// `report parity`: read the reports and the corpus, write the page.
pub(super) fn parity(args: &ParityArgs) -> Result<i32, String> {
    let dir = args
        .scenarios
        .clone()
        .unwrap_or_else(|| default_path("conformance/scenarios"));
    let scenarios = load_dir(&dir).map_err(|e| e.to_string())?;
    let reports = crate::report::parity::read_reports(&args.reports)?;
    let page = crate::report::parity::build(&reports, &scenarios);
    crate::report::parity::write(&page, &args.out)?;
    println!(
        "wrote {} ({} runs, {} targets)",
        args.out.display(),
        reports.len(),
        page.targets.len()
    );
    Ok(0)
}

/// Set the provenance of every scenario that passed on one of the real targets; answers how
/// many files changed.
pub(super) fn update_provenance(
    scenarios: &[crate::scenario::Scenario],
    report: &Report,
    real: &[&Target],
    today: chrono::NaiveDate,
) -> Result<usize, String> {
    let Some(host) = real.first().map(|t| t.label.clone()) else {
        return Ok(0);
    };
    let provenance = crate::scenario::Provenance::Validated {
        validated: today.format("%Y-%m-%d").to_string(),
        host,
    };
    let mut updated = 0;
    for sr in report
        .scenarios
        .iter()
        .filter(|s| s.outcome == crate::report::Outcome::Passed)
    {
        let Some(path) = scenarios
            .iter()
            .find(|s| s.name == sr.name)
            .and_then(|s| s.source.as_ref())
        else {
            continue;
        };
        crate::scenario::set_provenance(path, &provenance).map_err(|e| e.to_string())?;
        updated += 1;
    }
    Ok(updated)
}
