//! A target is never fresh: the corpus must agree with a fresh emulator after it ran three times
//! on the same app, and on an app with someone else's history. `fixtures/history-app.json` is an
//! app export made on an emulator (`--seed 7`): five users (three logged in), six tables (four of
//! them named like the corpus's, holding rows of an earlier run), files at the root and in folders
//! like the corpus's, published messages, a registered device, a log entry, counters, a hive, a
//! cache key, a password-reset email in the outbox, and the app's clock a year ahead (2027-01-01,
//! while a fresh seeded emulator starts at 2026-01-01).

mod common;

use backendless_conform::report::terminal;
use backendless_conform::run::{run_corpus, Against};
use backendless_conform::target::Target;
use backendless_emulator::Emulator;
use serde_json::Value;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_runs_on_one_app_then_against_a_fresh_one_find_no_difference() {
    let used = common::emulator().await;
    let corpus = common::corpus();
    for run in ["cused1", "cused2", "cused3"] {
        let report = run_corpus(&corpus, &used, Against::Nothing, &[], run, today()).await;
        assert!(
            report.success(),
            "{run}: {}",
            terminal::render(&report, false)
        );
    }
    let fresh = common::emulator().await;

    let report = run_corpus(
        &corpus,
        &used,
        Against::Target(&fresh),
        &[],
        "cused4",
        today(),
    )
    .await;

    assert!(report.success(), "{}", terminal::render(&report, false));
    assert_eq!(report.summary.differences, 0);
    assert_eq!(report.summary.skipped, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_with_history_and_a_clock_a_year_ahead_agrees_with_a_fresh_one() {
    let emulator = Emulator::builder().seed(1).start().await.expect("emulator");
    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/history-app.json"),
    )
    .expect("history fixture");
    let import: Value = reqwest::Client::new()
        .post(format!(
            "{}/_emulator/apps/{}/import",
            emulator.base_url(),
            emulator.app_id()
        ))
        .header("content-type", "application/json")
        .body(fixture)
        .send()
        .await
        .expect("import sent")
        .json()
        .await
        .expect("import answer");
    assert!(import.get("code").is_none(), "{import}");
    let history = Target::from_emulator(emulator, "chist1")
        .await
        .expect("target");
    let clock = history.clock_now().await.expect("clock");
    assert!(
        clock >= 1_798_761_600_000,
        "the clock is a year ahead: {clock}"
    );
    let fresh = common::emulator().await;

    let report = run_corpus(
        &common::corpus(),
        &history,
        Against::Target(&fresh),
        &[],
        "chist1",
        today(),
    )
    .await;

    assert!(report.success(), "{}", terminal::render(&report, false));
    assert_eq!(report.summary.differences, 0);
    assert_eq!(report.summary.skipped, 0);
}
