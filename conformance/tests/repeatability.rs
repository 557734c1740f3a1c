//! The corpus is not timing-dependent: `run` twice on one emulator and then against a fresh one
//! finds nothing, round after round, also on a busy machine. Ignored by default (it runs the
//! corpus ~180 times); run it while something else loads the machine, e.g.
//!
//! ```sh
//! cargo build --workspace --target-dir /tmp/load-build &   # the load
//! CONFORM_ROUNDS=20 cargo test -p backendless-conform --test repeatability -- --ignored --nocapture
//! ```
//!
//! Each round checks three ways of using an emulator twice:
//! - `seeded`: the runner's own in-process emulator (`--target emulator`: seeded ids, a virtual
//!   clock that ticks per reading);
//! - `clock`: an in-process emulator on the system clock (time moves between requests, as on a
//!   developer's emulator or a real app), the same app for both runs;
//! - `cli`: the `backendless-conform` binary against an emulator it did not start (each run in
//!   a throwaway app), twice, then `--against emulator`.
//!
//! Every failed check and difference is counted and listed at the end; the test fails if there
//! is any.

mod common;
use common::conform;

use backendless_conform::report::Report;
use backendless_conform::run::{run_corpus, Against};
use backendless_conform::scenario::Scenario;
use backendless_conform::target::Target;
use backendless_emulator::Emulator;
use serde_json::Value;

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// `side/scenario: message` for every failed check and difference of a report.
fn problems(label: &str, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for s in &report.scenarios {
        for f in &s.failures {
            for m in &f.messages {
                out.push(format!(
                    "{label} {} side {} {}: {m}",
                    s.name, f.side, f.step
                ));
            }
        }
        for d in &s.differences {
            out.push(format!(
                "{label} {} {}: differs at '{}'",
                s.name, d.step, d.path
            ));
        }
    }
    out
}

/// Two runs on `used`, then `used` against a fresh seeded emulator.
async fn twice_then_fresh(
    label: &str,
    corpus: &[Scenario],
    used: &Target,
    round: usize,
) -> Vec<String> {
    let mut found = Vec::new();
    for n in 1..=2 {
        let run = format!("crep{round}r{n}");
        let report = run_corpus(corpus, used, Against::Nothing, &[], &run, today()).await;
        found.extend(problems(&format!("{label} run {n}"), &report));
    }
    let fresh = common::emulator().await;
    let run = format!("crep{round}r3");
    let report = run_corpus(corpus, used, Against::Target(&fresh), &[], &run, today()).await;
    found.extend(problems(&format!("{label} against fresh"), &report));
    found
}

/// The binary: two runs on an emulator it did not start, then one against `emulator`.
async fn cli_round(round: usize) -> Vec<String> {
    let emu = Emulator::builder().start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut found = Vec::new();
    for n in 1..=3 {
        let reports = dir.path().join(format!("r{n}"));
        let mut args = vec![
            "run",
            "--target",
            emu.base_url(),
            "--app-id",
            emu.app_id(),
            "--api-key",
            emu.api_key(),
            "--report-dir",
            reports.to_str().unwrap_or(""),
        ];
        if n == 3 {
            args.extend(["--against", "emulator"]);
        }
        let out = conform(&args).await;
        let report: Value = std::fs::read_to_string(reports.join("report.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        let label = format!("cli run {n} (round {round})");
        if out.status.code() != Some(0) {
            found.push(format!(
                "{label}: exit {:?}, summary {}",
                out.status.code(),
                report["summary"]
            ));
        }
        for s in report["scenarios"].as_array().into_iter().flatten() {
            let name = s["name"].as_str().unwrap_or("");
            for f in s["failures"].as_array().into_iter().flatten() {
                for m in f["messages"].as_array().into_iter().flatten() {
                    found.push(format!(
                        "{label} {name} side {} {}: {m}",
                        f["side"], f["step"]
                    ));
                }
            }
            for d in s["differences"].as_array().into_iter().flatten() {
                found.push(format!(
                    "{label} {name} {}: differs at {}",
                    d["step"], d["path"]
                ));
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "runs the corpus ~9 times per round; run it by hand on a loaded machine"]
async fn twice_on_one_emulator_then_against_a_fresh_one_finds_nothing_round_after_round() {
    let rounds: usize = std::env::var("CONFORM_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let corpus = common::corpus();
    let mut all = Vec::new();
    for round in 1..=rounds {
        let started = std::time::Instant::now();
        let mut found = Vec::new();
        let seeded = common::emulator().await;
        found.extend(twice_then_fresh("seeded", &corpus, &seeded, round).await);
        let clock = Emulator::builder().start().await.expect("emulator");
        let clock = Target::from_emulator(clock, &format!("crep{round}c"))
            .await
            .expect("target");
        found.extend(twice_then_fresh("clock", &corpus, &clock, round).await);
        found.extend(cli_round(round).await);
        eprintln!(
            "round {round}/{rounds}: {} problems in {:.1} s",
            found.len(),
            started.elapsed().as_secs_f64()
        );
        for f in &found {
            eprintln!("    {f}");
        }
        all.extend(found);
    }
    assert!(
        all.is_empty(),
        "{} problems in {rounds} rounds:\n{}",
        all.len(),
        all.join("\n")
    );
}
