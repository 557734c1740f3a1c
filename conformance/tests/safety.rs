//! The runner on an emulator it did not start (here: one this test started, which the
//! `backendless-conform` process does not own): it works in a throwaway app, leaves every other
//! app as it was, skips what would touch them, deletes its app after a Ctrl-C too, retries
//! throttled requests, and `--dry-run` sends nothing.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use backendless_emulator::Emulator;
use serde_json::{json, Value};

fn conform() -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_backendless-conform"));
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    cmd
}

async fn get(url: String) -> Value {
    reqwest::get(url)
        .await
        .expect("request sent")
        .json()
        .await
        .expect("JSON")
}

async fn apps(emu: &Emulator) -> Vec<String> {
    let list = get(format!("{}/_emulator/apps", emu.base_url())).await;
    list.as_array()
        .expect("app list")
        .iter()
        .filter_map(|a| a["id"].as_str().map(str::to_string))
        .collect()
}

async fn export(emu: &Emulator) -> Value {
    get(format!(
        "{}/_emulator/apps/{}/export",
        emu.base_url(),
        emu.app_id()
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_emulator_keeps_its_apps_as_they_were() {
    let emu = Emulator::builder().seed(9).start().await.expect("emulator");
    let before = export(&emu).await;

    let out = conform()
        .args(["run", "--target", emu.base_url(), "--verbose"])
        .output()
        .await
        .expect("runs");

    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for global in [
        "control/reset-all-and-clocks",
        "control/fault-clear-all",
        "control/disk-snapshot",
    ] {
        let line = text.lines().find(|l| l.contains(global)).unwrap_or("");
        assert!(
            line.starts_with("SKIP")
                && line.contains("changes every app of an emulator this run did not start"),
            "{global}: {line}"
        );
    }
    assert!(
        text.contains("PASS control/clock"),
        "app-scoped control runs in the throwaway app"
    );
    assert_eq!(
        apps(&emu).await,
        vec![emu.app_id().to_string()],
        "the throwaway app is gone"
    );
    assert_eq!(
        export(&emu).await,
        before,
        "the developer's app is untouched"
    );
    assert_eq!(
        get(format!("{}/_emulator/faults", emu.base_url())).await,
        json!([])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_runs_the_teardown_deletes_the_throwaway_app_and_exits_130() {
    let emu = Emulator::builder().seed(9).start().await.expect("emulator");
    let child = conform()
        .args([
            "run",
            "--target",
            emu.base_url(),
            "--rate",
            "40",
            "--filter",
            "users/",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    // Wait (generously) until the run has made its app and the first user exists in it.
    let mut throwaway = None;
    for _ in 0..400 {
        if let Some(app) = apps(&emu).await.into_iter().find(|a| a != emu.app_id()) {
            let users = get(format!("{}/_emulator/apps/{app}/export", emu.base_url())).await;
            if users["services"]["users"]["credentials"]
                .as_object()
                .is_some_and(|c| !c.is_empty())
            {
                throwaway = Some(app);
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(throwaway.is_some(), "the run started");
    let pid = child.id().expect("pid").to_string();
    let signalled = tokio::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .await
        .expect("kill runs");
    assert!(signalled.success());

    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the run ends")
        .expect("output");

    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{text}");
    assert!(text.contains("interrupted"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("running teardown"));
    assert_eq!(
        apps(&emu).await,
        vec![emu.app_id().to_string()],
        "the throwaway app is gone"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttled_requests_are_retried_with_backoff() {
    let emu = Emulator::builder().seed(9).start().await.expect("emulator");
    let rule = json!({"operation": "POST /users/login", "count": 2, "error": {"code": 999, "status": 429}});
    reqwest::Client::new()
        .post(format!("{}/_emulator/faults", emu.base_url()))
        .json(&rule)
        .send()
        .await
        .expect("fault planted");

    let out = conform()
        .args([
            "run",
            "--target",
            emu.base_url(),
            "--filter",
            "users/login-success",
        ])
        .output()
        .await
        .expect("runs");

    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let faults = get(format!("{}/_emulator/faults", emu.base_url())).await;
    assert_eq!(faults[0]["fired"], 2, "{faults}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_prints_every_request_and_sends_none() {
    let emu = Emulator::builder().seed(9).start().await.expect("emulator");
    let journal = format!("{}/_emulator/journal", emu.base_url());
    reqwest::Client::new()
        .delete(&journal)
        .send()
        .await
        .expect("journal cleared");

    let out = conform()
        .args([
            "run",
            "--target",
            emu.base_url(),
            "--dry-run",
            "--filter",
            "users/login-success",
        ])
        .output()
        .await
        .expect("runs");

    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("POST ") && text.contains("/<appId>/<apiKey>/users/login"),
        "{text}"
    );
    assert!(text.contains("(the run's throwaway app)"), "{text}");
    assert!(text.contains("none sent"), "{text}");
    assert!(!text.contains(emu.api_key()) && !text.contains(emu.app_id()));
    let entries = get(format!("{journal}?limit=100")).await;
    let sent: Vec<&Value> = entries["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| !e["path"].as_str().unwrap_or("").starts_with("/_emulator"))
        .collect();
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(apps(&emu).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_token_goes_with_every_control_call_and_is_never_shown() {
    let emu = Emulator::builder().seed(9).start().await.expect("emulator");
    let seen = tempfile::tempdir().expect("temp dir");
    let proxy = backendless_conform::proxy::start(backendless_conform::proxy::ProxyArgs {
        upstream: emu.base_url().to_string(),
        listen: "127.0.0.1:0".into(),
        out: seen.path().to_path_buf(),
        idle: 600.0,
        app_id: None,
        api_key: None,
        cloud_code_key: None,
        control_token: None,
        keys: Vec::new(),
        block_control_plane: false,
    })
    .await
    .expect("proxy");
    let url = format!("http://{}", proxy.addr);

    let out = conform()
        .args([
            "run",
            "--target",
            &url,
            "--filter",
            "control/clock",
            "--verbose",
        ])
        .env("BACKENDLESS_EMULATOR_CONTROL_TOKEN", "TOKEN-SEKRIT-1")
        .output()
        .await
        .expect("runs");
    let written = proxy.stop().await.expect("proxy stops");

    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let transcript: String = written
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".jsonl"))
        .map(|p| std::fs::read_to_string(p).expect("transcript"))
        .collect();
    let lines: Vec<Value> = transcript
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let token = |l: &Value| l["request"]["headers"]["x-emulator-token"].clone();
    let control: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["request"]["path"]
                .as_str()
                .unwrap_or("")
                .starts_with("/_emulator")
        })
        .collect();
    assert!(control.len() >= 4, "{transcript}");
    assert!(
        control.iter().all(|l| token(l) == "<redacted>"),
        "{transcript}"
    );
    assert!(lines
        .iter()
        .filter(|l| !l["request"]["path"]
            .as_str()
            .unwrap_or("")
            .starts_with("/_emulator"))
        .all(|l| token(l).is_null()));
    for written in [
        text.to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        transcript,
    ] {
        assert!(!written.contains("TOKEN-SEKRIT-1"));
    }
}
