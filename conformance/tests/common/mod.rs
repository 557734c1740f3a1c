//! Helpers for the runner's integration tests: in-process emulator targets, the corpus, faults.
#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]

use std::path::PathBuf;

use backendless_conform::report::Report;
use backendless_conform::run::{run_corpus, Against};
use backendless_conform::scenario::{load_dir, Scenario};
use backendless_conform::target::{Target, TargetSpec};
use serde_json::Value;

/// A fresh in-process emulator target.
pub(crate) async fn emulator() -> Target {
    Target::connect(&TargetSpec {
        url: "emulator".into(),
        ..TargetSpec::default()
    })
    .await
    .expect("emulator target")
}

/// The scenario corpus of the repository.
pub(crate) fn corpus() -> Vec<Scenario> {
    load_dir(&corpus_dir()).expect("corpus loads")
}

/// `conformance/scenarios`.
pub(crate) fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Plant a fault rule on a target through its control plane.
pub(crate) async fn plant(target: &Target, rule: Value) {
    let answer = target
        .control("POST", "/_emulator/faults", Some(rule))
        .await
        .expect("fault planted");
    assert_eq!(answer.status, 200, "{}", answer.body);
}

/// Run scenarios on `left` against `right`.
pub(crate) async fn compare(scenarios: &[Scenario], left: &Target, right: &Target) -> Report {
    let today = chrono::Utc::now().date_naive();
    run_corpus(
        scenarios,
        left,
        Against::Target(right),
        &[],
        "ctest1",
        today,
    )
    .await
}

/// Runs the `backendless-conform` binary from the repository root and waits for it.
pub(crate) async fn conform(args: &[&str]) -> std::process::Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_backendless-conform"))
        .args(args)
        .current_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .await
        .expect("binary runs")
}
