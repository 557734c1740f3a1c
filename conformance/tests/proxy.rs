//! The recording proxy round trip: every HTTP suite of the official JS SDK's `tests/js` runs
//! through `proxy` in front of an emulator with four planted faults (a login answer altered, a
//! counter read failing, an object read altered, a cache read altered); the recorded session is
//! replayed against a clean emulator, which must report exactly the planted faults and no other
//! difference, and no credential may appear in what the proxy wrote.
//!
//! Left out: the real-time suites (`channel`, `data-rt`, `realtime`, `rso`, `rt-connection`:
//! they pass through the proxy, but socket.io goes straight to the upstream, so a replay has no
//! subscribers and e.g. an injected event reaches none) and `server-code` (its webhooks answer
//! from a server inside the suite, which is gone when the recording is replayed).

mod common;

use std::path::Path;
use std::process::Command;

use backendless_conform::proxy::{self, ProxyArgs};
use backendless_conform::report::terminal;
use backendless_conform::run::{run_corpus, Against};
use backendless_conform::scenario::load_dir;
use backendless_emulator::{Emulator, KeyKind};
use serde_json::{json, Value};

const SUITES: &[&str] = &[
    "cache.test.mjs",
    "console-data.test.mjs",
    "console.test.mjs",
    "counters.test.mjs",
    "data-permissions.test.mjs",
    "data-transactions.test.mjs",
    "data.test.mjs",
    "files.test.mjs",
    "hive.test.mjs",
    "logging.test.mjs",
    "messaging.test.mjs",
    "users.test.mjs",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replaying_sdk_traffic_reports_exactly_the_planted_faults() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/js");
    install_npm_packages(&js);
    let upstream = Emulator::builder().seed(1).start().await.expect("emulator");
    let http = reqwest::Client::new();
    let faults = format!("{}/_emulator/faults", upstream.base_url());
    // Each rule is limited to the app the recording is of (the console suite makes apps of its
    // own) and fires once.
    let app = upstream.app_id();
    for rule in [
        json!({"appId": app, "operation": "POST /users/login", "count": 1, "alter": {"pointer": "/name", "value": "Mallory"}}),
        json!({"appId": app, "operation": "GET /counters/{n}", "count": 1, "error": {"code": 1000, "status": 400}}),
        json!({"appId": app, "method": "GET", "path": "^/data/[^/]+/[0-9A-F-]{36}$", "count": 1, "alter": {"pointer": "/___class", "value": "Planted"}}),
        json!({"appId": app, "operation": "GET /cache/{key}", "count": 1, "alter": {"pointer": "", "value": "planted-value"}}),
    ] {
        let answer = http
            .post(&faults)
            .json(&rule)
            .send()
            .await
            .expect("fault planted");
        assert!(answer.status().is_success());
    }
    let out = tempfile::tempdir().expect("temp dir");
    let running = proxy::start(ProxyArgs {
        upstream: upstream.base_url().to_string(),
        listen: "127.0.0.1:0".into(),
        out: out.path().to_path_buf(),
        idle: 600.0,
        app_id: None,
        api_key: None,
        cloud_code_key: None,
        control_token: None,
        keys: Vec::new(),
        block_control_plane: false,
    })
    .await
    .expect("proxy starts");
    let proxy_url = format!("http://{}", running.addr);

    let (login, password) = upstream.developer();
    let env = vec![
        ("EMULATOR_URL", proxy_url),
        ("EMULATOR_APP_ID", upstream.app_id().to_string()),
        ("EMULATOR_REST_KEY", upstream.key(KeyKind::Rest).to_string()),
        ("EMULATOR_JS_KEY", upstream.key(KeyKind::Js).to_string()),
        ("EMULATOR_BL_KEY", upstream.key(KeyKind::Bl).to_string()),
        ("EMULATOR_DEV_LOGIN", login.to_string()),
        ("EMULATOR_DEV_PASSWORD", password.to_string()),
    ];
    let node = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .args(SUITES)
            .current_dir(js)
            .envs(env)
            .output()
            .expect("node runs")
    })
    .await
    .expect("join");
    let fired: u64 = http
        .get(&faults)
        .send()
        .await
        .expect("faults listed")
        .json::<Value>()
        .await
        .expect("JSON")
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["fired"].as_u64().unwrap_or(0))
        .sum();
    let written = running.stop().await.expect("proxy stops");

    assert_eq!(
        fired,
        4,
        "every planted fault fired once:\n{}",
        String::from_utf8_lossy(&node.stdout)
    );
    assert_eq!(
        written.len(),
        2,
        "one session: a scenario and its transcript"
    );
    for file in &written {
        let text = std::fs::read_to_string(file).expect("written file");
        for secret in [
            upstream.app_id(),
            upstream.key(KeyKind::Rest),
            upstream.key(KeyKind::Js),
            upstream.key(KeyKind::Bl),
        ] {
            assert!(
                !text.contains(secret),
                "{} holds a credential",
                file.display()
            );
        }
    }
    let scenarios = load_dir(out.path()).expect("the recording is a scenario corpus");
    assert_eq!(scenarios.len(), 1);
    assert!(
        scenarios[0].steps.len() > 900,
        "{} steps",
        scenarios[0].steps.len()
    );
    let clean = common::emulator().await;

    let report = run_corpus(
        &scenarios,
        &clean,
        Against::Nothing,
        &[],
        "cproxy1",
        chrono::Utc::now().date_naive(),
    )
    .await;

    let rendered = terminal::render(&report, false);
    let mut failed: Vec<(String, String)> = report.scenarios[0]
        .failures
        .iter()
        .map(|f| (f.operation.clone(), f.step.clone()))
        .collect();
    failed.sort();
    failed.dedup();
    let operations: Vec<&str> = failed.iter().map(|(op, _)| op.as_str()).collect();
    assert_eq!(
        operations,
        [
            "cache.get (Q2)",
            "counters.get (C1)",
            "data.find-by-id (D4)",
            "users.login (U2/U3)"
        ],
        "exactly the planted faults, one step each:\n{rendered}"
    );
    let texts: Vec<&String> = report.scenarios[0]
        .failures
        .iter()
        .flat_map(|f| &f.messages)
        .collect();
    assert!(texts.iter().any(|m| m.contains("\"Mallory\"")), "{texts:?}");
    assert!(
        texts.iter().any(|m| m.contains("expected 400")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|m| m.contains("\"Planted\"")), "{texts:?}");
    assert!(
        texts.iter().any(|m| m.contains("\"planted-value\"")),
        "{texts:?}"
    );
}

/// `npm ci` in tests/js unless the pinned packages are already there.
fn install_npm_packages(js: &Path) {
    if js.join("node_modules/backendless").is_dir() {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(js)
        .status()
        .expect("npm runs (Node.js and npm are needed for the SDK suites)");
    assert!(status.success(), "npm ci failed in tests/js");
}
