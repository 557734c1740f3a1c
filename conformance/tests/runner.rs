//! The runner proven with the emulator's fault injection: the corpus agrees emulator-vs-emulator,
//! a planted fault is found and named by operation, known divergences hide only what they name.

mod common;

use backendless_conform::divergences::Divergence;
use backendless_conform::report::{terminal, Outcome};
use backendless_conform::run::{run_corpus, Against};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_corpus_agrees_emulator_vs_emulator() {
    let (left, right) = (common::emulator().await, common::emulator().await);

    let report = common::compare(&common::corpus(), &left, &right).await;

    let rendered = terminal::render(&report, false);
    assert!(report.success(), "{rendered}");
    assert_eq!(report.summary.differences, 0);
    for s in &report.scenarios {
        if s.service == "users" || s.service == "control" {
            assert_eq!(s.outcome, Outcome::Passed, "{} {:?}", s.name, s.reason);
        }
        if s.outcome == Outcome::Skipped {
            assert!(
                s.reason.as_deref().is_some_and(|r| r.contains("lacks")),
                "{}: {:?}",
                s.name,
                s.reason
            );
        }
    }
    assert!(report.summary.codes_exercised >= 35, "{:?}", report.summary);
    assert!(
        rendered.contains("users.login (U2/U3)"),
        "parity table lists operations"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_error_is_found_and_the_report_names_the_operation() {
    let (left, right) = (common::emulator().await, common::emulator().await);
    common::plant(
        &right,
        json!({"operation": "POST /users/login", "error": {"code": 3064, "status": 400}}),
    )
    .await;
    let scenarios: Vec<_> = common::corpus()
        .into_iter()
        .filter(|s| s.name == "users/login-success")
        .collect();

    let report = common::compare(&scenarios, &left, &right).await;

    assert!(!report.success());
    let s = &report.scenarios[0];
    assert_eq!(s.outcome, Outcome::Failed);
    assert!(
        s.differences
            .iter()
            .any(|d| d.path == "/login/status" && d.operation == "users.login (U2/U3)"),
        "{:?}",
        s.differences
    );
    assert!(s.differences.iter().any(|d| d.path == "/login/body/code"));
    assert!(s
        .failures
        .iter()
        .any(|f| f.side == 1 && f.operation == "users.login (U2/U3)"));
    assert!(terminal::render(&report, false).contains("~ /login/status · users.login (U2/U3)"));
    let parity = &report.parity["users.login (U2/U3)"];
    assert!(parity.matched < parity.steps);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_altered_field_is_found_even_when_expectations_hold() {
    let (left, right) = (common::emulator().await, common::emulator().await);
    common::plant(&right, json!({"operation": "GET /users/{id}", "alter": {"pointer": "/userStatus", "value": "DISABLED"}})).await;
    let scenarios: Vec<_> = common::corpus()
        .into_iter()
        .filter(|s| s.name == "users/find-by-id")
        .collect();

    let report = common::compare(&scenarios, &left, &right).await;

    let diffs = &report.scenarios[0].differences;
    assert!(
        diffs
            .iter()
            .any(|d| d.path == "/find-users-path/body/userStatus"
                && d.left == "ENABLED"
                && d.right == "DISABLED"),
        "{diffs:?}"
    );
    assert!(diffs.iter().all(|d| d.operation == "users.find-by-id (U7)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_divergences_hide_only_their_path_until_they_expire() {
    let (left, right) = (common::emulator().await, common::emulator().await);
    common::plant(&right, json!({"operation": "GET /users/{id}", "count": 1, "alter": {"pointer": "/name", "value": "X"}})).await;
    let scenarios: Vec<_> = common::corpus()
        .into_iter()
        .filter(|s| s.name == "users/find-by-id")
        .collect();
    let known = |expires: &str| Divergence {
        scenario: "users/find-by-id".into(),
        path: "/find-users-path/body/name".into(),
        reason: "planted".into(),
        expires: expires.into(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");

    let live = run_corpus(
        &scenarios,
        &left,
        Against::Target(&right),
        &[known("2026-06-30")],
        "ctest2",
        today,
    )
    .await;
    common::plant(&right, json!({"operation": "GET /users/{id}", "count": 1, "alter": {"pointer": "/name", "value": "X"}})).await;
    let expired = run_corpus(
        &scenarios,
        &left,
        Against::Target(&right),
        &[known("2025-12-31")],
        "ctest3",
        today,
    )
    .await;

    assert!(live.success(), "{}", terminal::render(&live, false));
    assert_eq!(live.scenarios[0].known.len(), 1);
    assert!(!expired.success());
    assert_eq!(expired.scenarios[0].expired.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenarios_needing_a_missing_service_are_skipped_and_reported() {
    let target = common::emulator().await;
    let mut scenarios = common::corpus();
    scenarios.retain(|s| s.name == "users/login-success");
    // No target offers this service, so the scenario must be skipped, not run.
    scenarios[0].requires.push("no-such-service".into());

    let report = run_corpus(
        &scenarios,
        &target,
        Against::Nothing,
        &[],
        "ctest4",
        chrono::Utc::now().date_naive(),
    )
    .await;

    assert_eq!(report.summary.skipped, 1);
    assert!(report.success(), "a skip is not a failure");
    assert!(terminal::render(&report, false).contains("skipped 1 scenarios"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_regressions_replay_on_correct_targets() {
    let (left, right) = (common::emulator().await, common::emulator().await);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let regressions = backendless_conform::scenario::load_dir(&dir).expect("regressions load");

    let report = common::compare(&regressions, &left, &right).await;

    assert!(!regressions.is_empty());
    assert!(report.success(), "{}", terminal::render(&report, false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_still_matches_its_recorded_transcripts() {
    let target = common::emulator().await;
    let recorded = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/recorded");

    let report = run_corpus(
        &common::corpus(),
        &target,
        Against::Recordings(&recorded),
        &[],
        "ctest5",
        chrono::Utc::now().date_naive(),
    )
    .await;

    assert!(report.success(), "re-record with `backendless-conform record --target emulator` if the change is intended:\n{}", terminal::render(&report, false));
    assert!(report.summary.passed >= 60);
}
