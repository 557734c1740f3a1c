//! `fuzz`: deterministic generation, agreement on clean targets, and shrinking a planted fault
//! to a short regression scenario that replays with `run` on either target.

mod common;

use backendless_conform::fuzz::ops::Families;
use backendless_conform::fuzz::{draw, fuzz, FuzzOptions};
use backendless_conform::run::{run_corpus, Against};
use backendless_conform::scenario::load_file;
use serde_json::json;

#[test]
fn the_same_seed_draws_the_same_sequences() {
    let all = Families {
        data: true,
        counters: true,
        hive: true,
        files: true,
    };
    assert_eq!(draw(42, all, 16, 20), draw(42, all, 16, 20));
    assert_ne!(draw(42, all, 16, 20), draw(43, all, 16, 20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_emulators_agree_on_generated_sequences() {
    let (left, right) = (common::emulator().await, common::emulator().await);
    let options = FuzzOptions {
        seed: 11,
        cases: 60,
        max_steps: 16,
        regressions: None,
    };

    let outcome = fuzz(&left, Some(&right), &options)
        .await
        .expect("fuzz runs");

    assert!(
        outcome.failure.is_none(),
        "{:?}",
        outcome.failure.map(|f| f.report)
    );
    assert_eq!(outcome.cases, 60);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_fault_shrinks_to_a_short_regression_that_replays() {
    let (left, right) = (common::emulator().await, common::emulator().await);
    common::plant(
        &right,
        json!({"operation": "POST /users/login", "error": {"code": 3003}}),
    )
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let options = FuzzOptions {
        seed: 5,
        cases: 200,
        max_steps: 24,
        regressions: Some(dir.path().to_path_buf()),
    };

    let outcome = fuzz(&left, Some(&right), &options)
        .await
        .expect("fuzz runs");

    let failure = outcome.failure.expect("the planted fault is found");
    assert!(
        failure.scenario.steps.len() <= 8,
        "{} steps: {:?}",
        failure.scenario.steps.len(),
        failure.ops
    );
    assert!(
        failure.report.contains("users.login (U2/U3)"),
        "{}",
        failure.report
    );
    let saved = failure.saved.expect("saved");
    let replay = load_file(&saved, "regressions/fuzz").expect("an ordinary scenario file");
    let today = chrono::Utc::now().date_naive();
    let clean = common::emulator().await;
    let on_clean = run_corpus(
        std::slice::from_ref(&replay),
        &clean,
        Against::Nothing,
        &[],
        "rtest1",
        today,
    )
    .await;
    let on_faulty = run_corpus(
        std::slice::from_ref(&replay),
        &left,
        Against::Target(&right),
        &[],
        "rtest2",
        today,
    )
    .await;
    assert!(
        on_clean.success(),
        "the regression passes on a correct target"
    );
    assert!(!on_faulty.success(), "and still finds the fault");
}

#[test]
fn every_family_generates_valid_scenario_files() {
    let all = Families {
        data: true,
        counters: true,
        hive: true,
        files: true,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut seen_services = std::collections::BTreeSet::new();
    for (i, ops) in draw(7, all, 24, 200).iter().enumerate() {
        let scenario = backendless_conform::fuzz::model::scenario_of(ops, format!("case {i}"));
        seen_services.extend(scenario.requires.iter().cloned());
        let path = dir.path().join(format!("case{i}.json"));
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&scenario).expect("json"),
        )
        .expect("write");

        let reloaded = load_file(&path, "fuzz/case").expect("matches specs/scenario.schema.json");

        assert_eq!(reloaded.steps, scenario.steps);
    }
    let want = ["counters", "data", "files", "hive", "users", "where"];
    assert!(
        want.iter().all(|s| seen_services.contains(*s)),
        "{seen_services:?}"
    );
}
