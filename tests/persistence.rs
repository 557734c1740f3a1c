//! `--data-dir`: state survives a restart; a kill -9 at any moment leaves a loadable snapshot;
//! a corrupt or newer snapshot stops start-up with a message naming the file.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use backendless_emulator::Emulator;
use reqwest::Method;
use serde_json::{json, Value};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bl-emu-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn export_all(s: &common::TestServer) -> Value {
    let apps = s.raw(Method::GET, "/_emulator/apps").send().await.ok();
    let mut out = serde_json::Map::new();
    for a in apps.as_array().expect("apps") {
        let id = a["id"].as_str().expect("id");
        let mut export = s
            .raw(Method::GET, &format!("/_emulator/apps/{id}/export"))
            .send()
            .await
            .ok();
        export["clock"] = Value::Null;
        out.insert(id.to_string(), export);
    }
    Value::Object(out)
}

/// Leave state in every service of the default app: tables with a relation, a file, hive, a
/// counter, a cache entry, a scheduled message, an email template, a log entry, a timer, a
/// webhook setting, a custom role with a permission.
async fn touch_every_service(s: &common::TestServer) {
    let app = s.emulator.app_id().to_string();
    let ok = |r: common::Reply| r.ok();
    ok(s.post("/data/Owner")
        .json(json!({"name": "o"}))
        .send()
        .await);
    let owner = ok(s
        .post("/data/Owner")
        .json(json!({"name": "p"}))
        .send()
        .await);
    let pet = ok(s
        .post("/data/Pet")
        .json(json!({"kind": "cat"}))
        .send()
        .await);
    let rel = format!(
        "/data/Owner/{}/pets:Pet:n",
        owner["objectId"].as_str().expect("id")
    );
    ok(s.put(&rel).json(json!([pet["objectId"]])).send().await);
    ok(s.put("/files/binary/keep/a.txt")
        .body("text/plain", "aGVsbG8=")
        .send()
        .await);
    ok(s.post("/hive/h").send().await);
    ok(s.put("/hive/h/key-value/k")
        .json(json!({"value": 1}))
        .send()
        .await);
    ok(s.put("/counters/c/get/incrementby?value=5").send().await);
    ok(s.put("/cache/greeting?timeout=7200")
        .json(json!("hi"))
        .send()
        .await);
    ok(s.post("/messaging/news")
        .json(json!({"message": "later", "publishAt": 4_000_000_000_000i64}))
        .send()
        .await);
    ok(s.put("/log")
        .json(json!([{"logger": "app", "log-level": "INFO", "timestamp": 1, "message": "hello"}]))
        .send()
        .await);
    ok(s.raw(
        Method::PUT,
        &format!("/_emulator/apps/{app}/email-templates/welcome"),
    )
    .json(json!({"subject": "Hi {name}", "htmlmessage": "<p>Welcome</p>"}))
    .send()
    .await);
    ok(
        s.raw(Method::PUT, &format!("/_emulator/apps/{app}/webhooks"))
            .json(json!({"timers": "http://127.0.0.1:9/timers"}))
            .send()
            .await,
    );
    let key = s.console_login().await;
    ok(s.raw(Method::POST, &format!("/{app}/console/servercode/production/timers"))
        .header("auth-key", &key)
        .json(json!({"timername": "nightly", "startDate": 4_000_000_000_000i64, "frequency": {"schedule": "daily", "repeat": {"every": 1}}}))
        .send()
        .await);
    ok(s.raw(
        Method::PUT,
        &format!("/{app}/console/security/roles/Keepers"),
    )
    .header("auth-key", &key)
    .send()
    .await);
    ok(s.put("/data/Pet/permissions/DENY")
        .json(json!({"permission": "FIND", "role": "Keepers"}))
        .send()
        .await);
}

#[tokio::test]
async fn restart_with_data_dir_loses_nothing() {
    let dir = temp_dir("restart");
    let builder = || {
        Emulator::builder()
            .seed(9)
            .app_id("P")
            .api_key("PK")
            .data_dir(&dir)
    };
    let s = common::start_with(builder()).await;
    let (_, token) = s.login_new("keep@example.com", "pw").await;
    s.settings(json!({"login": {"failedLoginsLock": 7}})).await;
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "Q", "apiKey": "QK"}))
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/Q/QK/users/register")
        .json(json!({"email": "q@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    touch_every_service(&s).await;
    let before = export_all(&s).await;
    for service in [
        "data",
        "users",
        "security",
        "outbox",
        "messaging",
        "logging",
        "timers",
        "custom",
        "files",
        "hive",
        "counters",
        "cache",
    ] {
        let state = &before["P"]["services"][service];
        assert!(!state.is_null(), "{service} is missing from the export");
    }
    s.emulator.stop().await;

    let s = common::start_with(builder()).await;
    assert_eq!(export_all(&s).await, before);
    let file = s.get("/files/keep/a.txt").send().await;
    assert_eq!(file.body, json!("hello"));
    assert_eq!(s.get("/counters/c").send().await.ok(), json!(5));
    s.get("/users/userroles").token(&token).send().await.ok();
    s.raw(Method::POST, "/Q/QK/users/login")
        .json(json!({"login": "q@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn snapshot_endpoint_needs_a_data_dir() {
    let s = common::start().await;
    s.raw(Method::POST, "/_emulator/snapshot")
        .send()
        .await
        .assert_error(99005, 409);
    let dir = temp_dir("endpoint");
    let s = common::start_with(Emulator::builder().data_dir(&dir)).await;
    s.raw(Method::POST, "/_emulator/snapshot").send().await.ok();
    assert!(dir.join("state.json").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Start the binary; returns the child and its base URL.
fn spawn(dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backendless-emulator"))
        .args([
            "--port",
            "0",
            "--app-id",
            "K9",
            "--api-key",
            "K9KEY",
            "--snapshot-interval",
            "0.01",
        ])
        .arg("--data-dir")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("banner");
    let url = line.split_whitespace().last().expect("url").to_string();
    assert!(url.starts_with("http://"), "unexpected banner {line}");
    (child, url)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_minus_nine_mid_write_leaves_a_loadable_snapshot() {
    let dir = temp_dir("kill9");
    let http = reqwest::Client::new();
    let mut registered = 0usize;
    let mut checkpointed: Option<usize> = None;
    let can_login = |url: String, i: usize| {
        let http = http.clone();
        async move {
            let body = json!({"login": format!("u{i}@example.com"), "password": "pw"});
            let r = http
                .post(format!("{url}/K9/K9KEY/users/login"))
                .json(&body)
                .send()
                .await
                .expect("login");
            r.status().is_success()
        }
    };
    for round in 0..5u64 {
        let (mut child, url) = spawn(&dir);
        // Everything captured by the last explicit snapshot before a kill is still there.
        if let Some(last) = checkpointed {
            assert!(
                can_login(url.clone(), last).await,
                "round {round}: user {last} lost"
            );
        }
        let blob = "x".repeat(400);
        for batch in 0..2 {
            for _ in 0..20 {
                let body = json!({"email": format!("u{registered}@example.com"), "password": "pw", "blob": blob});
                let r = http
                    .post(format!("{url}/K9/K9KEY/users/register"))
                    .json(&body)
                    .send()
                    .await
                    .expect("register");
                assert!(r.status().is_success());
                registered += 1;
            }
            if batch == 0 {
                let saved = http
                    .post(format!("{url}/_emulator/snapshot"))
                    .send()
                    .await
                    .expect("snapshot");
                assert!(saved.status().is_success());
                checkpointed = Some(registered - 1);
            }
        }
        // Periodic snapshots (every 10 ms) are being written while the process dies without warning.
        tokio::time::sleep(Duration::from_millis(3 + 7 * round)).await;
        child.kill().expect("SIGKILL");
        let _ = child.wait();
    }
    let (mut child, url) = spawn(&dir);
    assert!(can_login(url.clone(), 0).await);
    assert!(can_login(url, checkpointed.unwrap_or(0)).await);
    child.kill().expect("kill");
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_or_newer_snapshots_stop_start_up_naming_the_file() {
    let dir = temp_dir("corrupt");
    std::fs::create_dir_all(&dir).expect("dir");
    for (content, expected) in [
        ("{\"format\": 1, \"apps\": [tru", "corrupt"),
        ("{\"format\": 999}", "newer"),
    ] {
        std::fs::write(dir.join("state.json"), content).expect("write");
        let out = Command::new(env!("CARGO_BIN_EXE_backendless-emulator"))
            .args(["--port", "0"])
            .arg("--data-dir")
            .arg(&dir)
            .output()
            .expect("runs");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("state.json") && err.contains(expected),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("state.json")).expect("kept"),
            content,
            "never replaced"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
