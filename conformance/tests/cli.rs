//! The `backendless-conform` binary as scripts use it: exit codes, report files, credentials
//! from flags or the environment and never in the output, record then verify.

use std::path::Path;
use std::process::Output;

use backendless_emulator::Emulator;
use serde_json::{json, Value};

async fn conform(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_backendless-conform"));
    cmd.args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().await.expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

async fn emulator() -> Emulator {
    Emulator::builder().seed(3).start().await.expect("emulator")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_against_exits_0_writes_reports_and_never_prints_credentials() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = dir.path().join("reports");

    let out = conform(
        &[
            "run",
            "--target",
            emu.base_url(),
            "--against",
            "emulator",
            "--report-dir",
            reports.to_str().unwrap_or(""),
        ],
        &[
            ("BACKENDLESS_APP_ID", emu.app_id()),
            ("BACKENDLESS_API_KEY", emu.api_key()),
        ],
    )
    .await;

    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains(" 0 failed"), "{text}");
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(reports.join("report.json")).expect("report.json"),
    )
    .expect("json");
    assert_eq!(report["summary"]["differences"], 0);
    assert!(
        report["normalization"]
            .as_array()
            .is_some_and(|r| r.len() >= 6),
        "rules are listed"
    );
    let junit = std::fs::read_to_string(reports.join("junit.xml")).expect("junit.xml");
    assert!(junit.starts_with("<?xml") && junit.contains("<testsuite name=\"users\""));
    assert!(std::fs::read_to_string(reports.join("coverage.md"))
        .expect("coverage")
        .contains("| 3003 | yes | yes |"));
    for written in [
        text,
        std::fs::read_to_string(reports.join("report.json")).unwrap_or_default(),
        junit,
    ] {
        assert!(
            !written.contains(emu.api_key()) && !written.contains(emu.app_id()),
            "a credential leaked"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planted_fault_makes_run_exit_1_and_names_the_operation() {
    let emu = emulator().await;
    reqwest::Client::new()
        .post(format!("{}/_emulator/faults", emu.base_url()))
        .json(&json!({"operation": "POST /users/login", "error": {"code": 3003}}))
        .send()
        .await
        .expect("fault planted");

    let out = conform(
        &[
            "run",
            "--target",
            emu.base_url(),
            "--app-id",
            emu.app_id(),
            "--api-key",
            emu.api_key(),
            "--against",
            "emulator",
            "--filter",
            "users/login-success",
        ],
        &[],
    )
    .await;

    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FAIL users/login-success") && text.contains("users.login (U2/U3)"),
        "{text}"
    );
    assert!(!text.contains(emu.api_key()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_then_verify_on_another_emulator() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let rec = dir.path().join("recorded");
    let rec = rec.to_str().unwrap_or("");

    let recorded = conform(
        &[
            "record",
            "--target",
            emu.base_url(),
            "--app-id",
            emu.app_id(),
            "--api-key",
            emu.api_key(),
            "--filter",
            "users/",
            "--out",
            rec,
        ],
        &[],
    )
    .await;
    let verified = conform(
        &[
            "verify",
            "--target",
            "emulator",
            "--filter",
            "users/",
            "--recorded",
            rec,
        ],
        &[],
    )
    .await;

    assert_eq!(recorded.status.code(), Some(0), "{}", stdout(&recorded));
    let transcript = std::fs::read_to_string(Path::new(rec).join("users/login-success.json"))
        .expect("transcript");
    assert!(transcript.contains("<token:1>") && !transcript.contains(emu.api_key()));
    assert_eq!(verified.status.code(), Some(0), "{}", stdout(&verified));
    reqwest::Client::new()
        .post(format!("{}/_emulator/faults", emu.base_url()))
        .json(&json!({"operation": "GET /users/isvalidusertoken/{t}", "alter": {"pointer": "", "value": false}}))
        .send()
        .await
        .expect("fault planted");
    let drifted = conform(
        &[
            "verify",
            "--target",
            emu.base_url(),
            "--app-id",
            emu.app_id(),
            "--api-key",
            emu.api_key(),
            "--filter",
            "users/login-success",
            "--recorded",
            rec,
        ],
        &[],
    )
    .await;
    assert_eq!(drifted.status.code(), Some(1), "{}", stdout(&drifted));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_target_ends_the_run_at_once_with_exit_2() {
    let app_id = "5EC2E7A1-0000-4000-8000-00000000A11D";
    let api_key = "5EC2E7A1-0000-4000-8000-0000000000KE";
    let out = conform(
        &[
            "run",
            "--target",
            "http://127.0.0.1:9",
            "--app-id",
            app_id,
            "--api-key",
            api_key,
            "--cloud-code-key",
            "5EC2E7-CLOUD",
            "--control-token",
            "5EC2E7-CONTROL",
        ],
        &[],
    )
    .await;

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot reach 127.0.0.1:9"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one message: {stderr}");
    assert!(stdout(&out).is_empty(), "no report: {}", stdout(&out));
    assert!(
        !stderr.contains("5EC2E7"),
        "a credential in the message: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_provenance_on_emulators_only_is_refused_and_changes_nothing() {
    let emu = emulator().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("users");
    std::fs::create_dir_all(&corpus).expect("dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/users/login-success.json");
    let scenario = corpus.join("login-success.json");
    std::fs::copy(&from, &scenario).expect("copied");
    let before = std::fs::read_to_string(&scenario).expect("scenario");

    let out = conform(
        &[
            "run",
            "--target",
            emu.base_url(),
            "--app-id",
            emu.app_id(),
            "--api-key",
            emu.api_key(),
            "--scenarios",
            dir.path().to_str().unwrap_or(""),
            "--update-provenance",
        ],
        &[],
    )
    .await;

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("needs a real Backendless target"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&scenario).expect("scenario"),
        before
    );
}
