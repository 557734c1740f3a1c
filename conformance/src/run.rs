//! `run`, `record` and `verify`: a corpus against one target, two targets (diffed), or one
//! target and its recordings. Produces a [`Report`].

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::cancel::Cancel;
use crate::diff::{diff, escape};
use crate::divergences::Divergence;
use crate::exec::{render_request, run_scenario, run_scenario_until, SideRun};
use crate::progress::Progress;
use crate::report::{Known, Outcome, Report, ScenarioReport, SideFailure, StepDifference};
use crate::scenario::vars::Vars;
use crate::scenario::Scenario;
use crate::target::Target;

/// What to compare a target with.
pub enum Against<'a> {
    /// Nothing: expectations only.
    Nothing,
    /// Another live target.
    Target(&'a Target),
    /// Recorded transcripts under this directory.
    Recordings(&'a Path),
}

/// Why a scenario cannot run on a target, if it cannot.
pub fn skip_reason(scenario: &Scenario, target: &Target) -> Option<String> {
    let missing: Vec<&str> = scenario
        .requires
        .iter()
        .map(String::as_str)
        .filter(|s| !target.capabilities.contains(*s))
        .collect();
    if missing.contains(&"control") {
        return Some(format!("{} has no emulator control plane", target.label));
    }
    if !missing.is_empty() {
        return Some(format!("{} lacks {}", target.label, missing.join(", ")));
    }
    if scenario.needs_control_plane() && !target.has_control_plane() {
        return Some(format!("{} has no emulator control plane", target.label));
    }
    if scenario.needs_cloud_code() && !target.capabilities.contains("cloudCode") {
        return Some(format!(
            "{}: no Cloud Code key (--cloud-code-key)",
            target.label
        ));
    }
    let missing_keys: Vec<String> = scenario
        .client_keys()
        .into_iter()
        .filter(|k| !target.capabilities.contains(&format!("key:{k}")))
        .map(|k| format!("--key {}=KEY", k.to_ascii_lowercase()))
        .collect();
    if !missing_keys.is_empty() {
        return Some(format!(
            "{}: steps use client keys it was not given ({})",
            target.label,
            missing_keys.join(", ")
        ));
    }
    refused_step(scenario, target)
}

/// The first step the target's guard would refuse (values captured later stand for something the
/// run made), as a skip reason.
pub fn refused_step(scenario: &Scenario, target: &Target) -> Option<String> {
    let mut vars = Vars::lenient(target.run(), target.app_id());
    for (name, template) in &scenario.vars {
        if let Ok(v) = vars.render(template) {
            vars.set(name, v);
        }
    }
    scenario.phases().find_map(|(_, step)| {
        let request = render_request(step, &mut vars).ok()?;
        let reason = target.refusal(&request)?;
        Some(format!(
            "{} {}: step {} ({} {}) {reason} (--allow-destructive runs it)",
            target.kind.label(),
            target.label,
            step.name,
            request.method,
            target.redact(crate::target::url_path(&request.path)),
        ))
    })
}

/// Run every scenario; the report lists passes, failures, skips, differences and coverage.
pub async fn run_corpus(
    scenarios: &[Scenario],
    target: &Target,
    against: Against<'_>,
    divergences: &[Divergence],
    run: &str,
    today: NaiveDate,
) -> Report {
    let cancel = Cancel::default();
    run_corpus_until(scenarios, target, against, divergences, run, today, &cancel).await
}

/// [`run_corpus`] that stops starting scenarios (and steps) once `cancel` is set; the scenario
/// in flight still runs its teardown.
pub async fn run_corpus_until(
    scenarios: &[Scenario],
    target: &Target,
    against: Against<'_>,
    divergences: &[Divergence],
    run: &str,
    today: NaiveDate,
    cancel: &Cancel,
) -> Report {
    let mut labels = vec![target.label.clone()];
    match &against {
        Against::Target(t) => labels.push(t.label.clone()),
        Against::Recordings(dir) => labels.push(format!("recordings in {}", dir.display())),
        Against::Nothing => {}
    }
    let mut report = Report::new(labels);
    report.run = run.to_string();
    let progress = Progress::new("scenarios", scenarios.len() as u64);
    for scenario in scenarios {
        if cancel.is_cancelled() {
            report.summary.interrupted = true;
            break;
        }
        progress.step(&scenario.name);
        let started = Instant::now();
        let skip = skip_reason(scenario, target).or_else(|| match &against {
            Against::Target(t) => skip_reason(scenario, t),
            _ => None,
        });
        let mut sr = ScenarioReport::new(scenario);
        if let Some(reason) = skip {
            sr.outcome = Outcome::Skipped;
            sr.reason = Some(reason);
            report.push(sr, &[]);
            continue;
        }
        let (left, right) = match &against {
            Against::Target(t) => {
                let (l, r) = tokio::join!(
                    run_scenario_until(scenario, target, run, cancel),
                    run_scenario_until(scenario, t, run, cancel)
                );
                (l, Some(r))
            }
            _ => (
                run_scenario_until(scenario, target, run, cancel).await,
                None,
            ),
        };
        if left.interrupted || right.as_ref().is_some_and(|r| r.interrupted) {
            report.summary.interrupted = true;
        }
        let right_transcript = match (&against, &right) {
            (_, Some(r)) => Some(r.transcript()),
            (Against::Recordings(dir), None) => match read_recording(dir, &scenario.name) {
                Ok(t) => Some(t),
                Err(e) => {
                    sr.outcome = Outcome::Skipped;
                    sr.reason = Some(e);
                    report.push(sr, &[]);
                    continue;
                }
            },
            _ => None,
        };
        collect_failures(&mut sr, &left, 0);
        if let Some(r) = &right {
            collect_failures(&mut sr, r, 1);
        }
        if let Some(rt) = right_transcript {
            compare(&mut sr, &left, &rt, divergences, today);
        }
        sr.outcome = if sr.failures.is_empty() && sr.differences.is_empty() && sr.expired.is_empty()
        {
            Outcome::Passed
        } else {
            Outcome::Failed
        };
        sr.duration_ms = started.elapsed().as_millis() as u64;
        let mut codes = left.codes.clone();
        if let Some(r) = &right {
            codes.extend(r.codes.iter().copied());
        }
        let ops: Vec<(String, bool)> = left
            .records
            .iter()
            .map(|rec| {
                let differs = sr.differences.iter().any(|d| d.step == rec.step);
                let failed = sr.failures.iter().any(|f| f.step == rec.step);
                (rec.operation.clone(), !(differs || failed))
            })
            .collect();
        report.record_operations(
            &ops,
            right.is_some() || matches!(against, Against::Recordings(_)),
        );
        let mut sides = vec![(target, &left)];
        if let (Against::Target(t), Some(r)) = (&against, &right) {
            sides.push((*t, r));
        }
        for (i, (t, side)) in sides.into_iter().enumerate() {
            let (ops, codes) = validation_of(&sr, side, i);
            report.record_validation(i, (&t.label, t.kind.label()), &ops, &codes);
        }
        report.push(sr, &codes);
    }
    report
}

/// `(operation, held)` per step and `(code, held)` per expected error code.
type Validated = (Vec<(String, bool)>, Vec<(u32, bool)>);

/// What one side of a scenario validated: per step, whether it held on that side and matched
/// the other; per expected code, whether it held (and the scenario found no difference).
fn validation_of(sr: &ScenarioReport, side: &SideRun, index: usize) -> Validated {
    let ops = side
        .records
        .iter()
        .map(|rec| {
            let differs = sr.differences.iter().any(|d| d.step == rec.step);
            let failed = sr
                .failures
                .iter()
                .any(|f| f.step == rec.step && f.side == index);
            (rec.operation.clone(), !(differs || failed))
        })
        .collect();
    let clean = sr.differences.is_empty() && sr.expired.is_empty();
    let codes = side
        .codes
        .iter()
        .map(|(c, held)| (*c, *held && clean))
        .collect();
    (ops, codes)
}

fn collect_failures(sr: &mut ScenarioReport, side: &SideRun, index: usize) {
    for f in &side.failures {
        sr.failures.push(SideFailure {
            side: index,
            step: f.step.clone(),
            operation: f.operation.clone(),
            messages: f.messages.clone(),
        });
    }
}

fn compare(
    sr: &mut ScenarioReport,
    left: &SideRun,
    right: &Value,
    divergences: &[Divergence],
    today: NaiveDate,
) {
    let lt = left.transcript();
    let mut steps: Vec<String> = left.records.iter().map(|r| r.step.clone()).collect();
    if let Some(obj) = right.as_object() {
        for k in obj.keys() {
            if !steps.contains(k) {
                steps.push(k.clone());
            }
        }
    }
    let mut used = BTreeSet::new();
    for step in steps {
        let l = lt.get(&step).cloned().unwrap_or(Value::Null);
        let r = right.get(&step).cloned().unwrap_or(Value::Null);
        let strip =
            |v: &Value| json!({"status": v["status"], "body": v["body"], "request": v["request"]});
        let operation = l["operation"]
            .as_str()
            .or(r["operation"].as_str())
            .unwrap_or("")
            .to_string();
        for d in diff(&format!("/{}", escape(&step)), &strip(&l), &strip(&r)) {
            match divergences.iter().position(|k| k.covers(&sr.name, &d.path)) {
                Some(i) => {
                    let k = &divergences[i];
                    if used.insert(i) {
                        let entry = Known {
                            path: k.path.clone(),
                            reason: k.reason.clone(),
                            expires: k.expires.clone(),
                        };
                        if k.expired(today) {
                            sr.expired.push(entry);
                        } else {
                            sr.known.push(entry);
                        }
                    }
                }
                None => sr.differences.push(StepDifference {
                    step: step.clone(),
                    operation: operation.clone(),
                    path: d.path,
                    left: d.left,
                    right: d.right,
                }),
            }
        }
    }
}

/// Where a scenario's recording lives.
pub fn recording_path(dir: &Path, scenario: &str) -> std::path::PathBuf {
    dir.join(format!("{scenario}.json"))
}

fn read_recording(dir: &Path, scenario: &str) -> Result<Value, String> {
    let path = recording_path(dir, scenario);
    let text = std::fs::read_to_string(&path)
        .map_err(|_| format!("no recording at {}", path.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(doc["steps"].clone())
}

/// `record`: write each scenario's normalised transcript on `target` under `dir`.
pub async fn record(
    scenarios: &[Scenario],
    target: &Target,
    dir: &Path,
    run: &str,
) -> Result<Report, String> {
    let mut report = Report::new(vec![target.label.clone()]);
    let progress = Progress::new("recording", scenarios.len() as u64);
    for scenario in scenarios {
        progress.step(&scenario.name);
        let mut sr = ScenarioReport::new(scenario);
        if let Some(reason) = skip_reason(scenario, target) {
            sr.outcome = Outcome::Skipped;
            sr.reason = Some(reason);
            report.push(sr, &[]);
            continue;
        }
        let side = run_scenario(scenario, target, run).await;
        collect_failures(&mut sr, &side, 0);
        sr.outcome = if sr.failures.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Failed
        };
        if sr.outcome == Outcome::Passed {
            let path = recording_path(dir, &scenario.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            let doc = json!({
                "scenario": scenario.name,
                "target": target.label,
                "recorded": chrono::Utc::now().format("%Y-%m-%d").to_string(),
                "steps": side.transcript(),
            });
            let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
            std::fs::write(&path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
        }
        report.push(sr, &side.codes);
    }
    Ok(report)
}
