//! Reports: serde structs written as JSON ([`Report`]), JUnit XML ([`junit`]) and a readable
//! terminal summary with diffs, a per-operation parity table and an error-code coverage table
//! ([`terminal`]). Nothing here ever holds a credential: every string is already normalised or
//! redacted by the time it arrives.

pub mod junit;
pub mod parity;
pub mod terminal;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::normalize::{Rule, RULES};
use crate::scenario::Scenario;

/// A whole run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// The day of the run (`YYYY-MM-DD`).
    #[serde(default)]
    pub date: String,
    /// Target labels (hosts or `emulator`; never keys).
    pub targets: Vec<String>,
    /// The run token every name the run made carries (to find what it left, if anything).
    #[serde(default)]
    pub run: String,
    /// Per target: what this run validated there (the parity page is made from these).
    #[serde(default)]
    pub validated: Vec<Validation>,
    /// The normalisation rules applied to both sides.
    #[serde(skip_deserializing, default = "rules")]
    pub normalization: &'static [Rule],
    /// Every scenario.
    pub scenarios: Vec<ScenarioReport>,
    /// Per operation: how many steps ran and how many matched.
    pub parity: BTreeMap<String, Parity>,
    /// Per documented error code: exercised and matched.
    pub coverage: Vec<Coverage>,
    /// Totals.
    pub summary: Summary,
}

fn rules() -> &'static [Rule] {
    RULES
}

/// What one run validated on one target.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Validation {
    /// The target's label (host, `emulator`).
    pub target: String,
    /// `app`, `emulator` or `in-process emulator`.
    pub kind: String,
    /// Per operation: steps run there and steps that held (and matched the other side).
    pub operations: BTreeMap<String, Tally>,
    /// Per documented error code expected there: expectations and how many held.
    pub codes: BTreeMap<u32, Tally>,
}

/// How many ran and how many held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Steps (or expectations) that ran.
    pub steps: usize,
    /// Those that held.
    pub passed: usize,
}

impl Tally {
    /// Count one.
    pub fn add(&mut self, held: bool) {
        self.steps += 1;
        if held {
            self.passed += 1;
        }
    }
}

/// One scenario's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioReport {
    /// Name.
    pub name: String,
    /// Service directory.
    pub service: String,
    /// `emulator-only` or where it was validated.
    pub provenance: String,
    /// Result.
    pub outcome: Outcome,
    /// Why skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Failed checks per side.
    pub failures: Vec<SideFailure>,
    /// Differences between the sides not covered by a known divergence.
    pub differences: Vec<StepDifference>,
    /// Known divergences that applied.
    pub known: Vec<Known>,
    /// Known divergences that applied but have expired (they fail the scenario).
    pub expired: Vec<Known>,
    /// Wall time.
    pub duration_ms: u64,
}

/// Passed, failed or skipped.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Every check held and no difference was found.
    Passed,
    /// A check failed, a difference was found, or a known divergence expired.
    Failed,
    /// A required service, key or recording is missing.
    Skipped,
}

/// A failed check on one side (0 = `--target`, 1 = `--against`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SideFailure {
    /// Which side.
    pub side: usize,
    /// Step name.
    pub step: String,
    /// Operation.
    pub operation: String,
    /// What went wrong.
    pub messages: Vec<String>,
}

/// A difference between the sides.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepDifference {
    /// Step name.
    pub step: String,
    /// Operation.
    pub operation: String,
    /// Transcript path.
    pub path: String,
    /// `--target` value.
    pub left: Value,
    /// `--against` (or recorded) value.
    pub right: Value,
}

/// A known divergence that applied.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Known {
    /// Path prefix.
    pub path: String,
    /// Why.
    pub reason: String,
    /// Expiry date.
    pub expires: String,
}

/// Per-operation parity counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Parity {
    /// Steps run.
    pub steps: usize,
    /// Steps that passed and (when compared) matched.
    pub matched: usize,
    /// Whether a second side was compared.
    pub compared: bool,
}

/// Coverage of one documented error code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Coverage {
    /// Backendless error code.
    pub code: u32,
    /// Catalogue message.
    pub message: String,
    /// Some scenario that ran expected this code.
    pub exercised: bool,
    /// Every such expectation held.
    pub matched: bool,
}

/// Totals.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Scenarios passed.
    pub passed: usize,
    /// Scenarios failed.
    pub failed: usize,
    /// Scenarios skipped.
    pub skipped: usize,
    /// Differences found (not covered by known divergences).
    pub differences: usize,
    /// Documented codes exercised.
    pub codes_exercised: usize,
    /// Documented codes whose expectations all held.
    pub codes_matched: usize,
    /// Documented codes in `specs/errors.json`.
    pub codes_documented: usize,
    /// The run was interrupted (Ctrl-C): scenarios or steps were left out.
    #[serde(default)]
    pub interrupted: bool,
}

impl ScenarioReport {
    /// An empty result for a scenario.
    pub fn new(s: &Scenario) -> Self {
        ScenarioReport {
            name: s.name.clone(),
            service: s.service().to_string(),
            provenance: s.provenance.label(),
            outcome: Outcome::Skipped,
            reason: None,
            failures: Vec::new(),
            differences: Vec::new(),
            known: Vec::new(),
            expired: Vec::new(),
            duration_ms: 0,
        }
    }
}

impl Report {
    /// An empty report; the coverage table lists every documented code.
    pub fn new(targets: Vec<String>) -> Self {
        // specs/errors.json, in code order.
        let coverage: Vec<Coverage> = crate::specs::errors()
            .iter()
            .map(|e| Coverage {
                code: e.code,
                message: e.message.clone(),
                exercised: false,
                matched: true,
            })
            .collect();
        let summary = Summary {
            codes_documented: coverage.len(),
            ..Summary::default()
        };
        Report {
            date: chrono::Utc::now().format("%Y-%m-%d").to_string(),
            targets,
            run: String::new(),
            validated: Vec::new(),
            normalization: RULES,
            scenarios: Vec::new(),
            parity: BTreeMap::new(),
            coverage,
            summary,
        }
    }

    /// Count operations of one scenario: `(operation, passed-and-matched)`.
    pub fn record_operations(&mut self, ops: &[(String, bool)], compared: bool) {
        for (op, ok) in ops {
            let p = self.parity.entry(op.clone()).or_default();
            p.steps += 1;
            p.compared |= compared;
            if *ok {
                p.matched += 1;
            }
        }
    }

    /// Add a scenario with the error codes it expected (`(code, held)`).
    pub fn push(&mut self, sr: ScenarioReport, codes: &[(u32, bool)]) {
        for (code, held) in codes {
            if let Some(c) = self.coverage.iter_mut().find(|c| c.code == *code) {
                c.exercised = true;
                c.matched &= *held && sr.outcome == Outcome::Passed;
            }
        }
        match sr.outcome {
            Outcome::Passed => self.summary.passed += 1,
            Outcome::Failed => self.summary.failed += 1,
            Outcome::Skipped => self.summary.skipped += 1,
        }
        self.summary.differences += sr.differences.len();
        self.scenarios.push(sr);
        self.summary.codes_exercised = self.coverage.iter().filter(|c| c.exercised).count();
        self.summary.codes_matched = self
            .coverage
            .iter()
            .filter(|c| c.exercised && c.matched)
            .count();
    }

    /// Count what one side of a scenario validated: `(operation, held)` per step and
    /// `(code, held)` per expected error code, for target `side` (created on first use).
    pub fn record_validation(
        &mut self,
        side: usize,
        target: (&str, &str),
        ops: &[(String, bool)],
        codes: &[(u32, bool)],
    ) {
        while self.validated.len() <= side {
            self.validated.push(Validation::default());
        }
        let v = &mut self.validated[side];
        v.target = target.0.to_string();
        v.kind = target.1.to_string();
        for (op, held) in ops {
            v.operations.entry(op.clone()).or_default().add(*held);
        }
        for (code, held) in codes {
            v.codes.entry(*code).or_default().add(*held);
        }
    }

    /// Exit status: success only when nothing failed and no difference was found.
    pub fn success(&self) -> bool {
        self.summary.failed == 0 && self.summary.differences == 0 && !self.summary.interrupted
    }

    /// The JSON report.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
