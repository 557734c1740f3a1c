//! The emulator UI (`/_emulator/ui/`): the routes it reads, and the UI itself in headless
//! Chromium (Debian's `chromium`, driven by playwright-core from `ui/package-lock.json`):
//! `ui/tests/ui.test.mjs` makes data through the REST API, opens every page, checks what it
//! shows and saves a screenshot of each in `target/ui-screenshots/`.
//!
//! Without Chromium the browser test fails when `CI` is set (`.ci/run` installs it) and is
//! skipped with a printed reason otherwise.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use backendless_emulator::{Emulator, KeyKind};
use reqwest::Method;
use serde_json::{json, Value};

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui")
}

fn install_ui_packages() {
    common::node::install(&ui_dir(), &["preact", "htm", "playwright-core"]);
}

/// The Chromium to drive: `$CHROMIUM`, else Debian's `/usr/bin/chromium`.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    path.is_file().then_some(path)
}

#[test]
fn the_vendored_front_end_libraries_are_the_ones_the_lock_file_pins() {
    install_ui_packages();
    let out = Command::new("node")
        .args(["vendor.mjs", "--check"])
        .current_dir(ui_dir())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "src/control/ui/assets/vendor is stale: run `npm ci --prefix ui && node ui/vendor.mjs`\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ui_page_shows_in_a_real_browser_what_the_rest_api_made() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing: .ci/run installs it with `apt-get install -y chromium`"
        );
        let _ = writeln!(
            std::io::stderr(),
            "    skipped: no chromium at /usr/bin/chromium or $CHROMIUM (apt-get install chromium)"
        );
        return;
    };
    install_ui_packages();
    // With a control token, as a shared machine runs it: the UI takes it from `?token=` (or its
    // prompt) and sends it on every control-plane call; a tab without it sees the prompt.
    let token = "ui-test-token";
    let emulator = Emulator::builder()
        .control_token(token)
        .start()
        .await
        .expect("emulator starts");
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ui-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let env = vec![
        ("EMULATOR_URL", emulator.base_url().to_string()),
        ("EMULATOR_APP_ID", emulator.app_id().to_string()),
        ("EMULATOR_REST_KEY", emulator.key(KeyKind::Rest).to_string()),
        ("EMULATOR_CONTROL_TOKEN", token.to_string()),
        ("CHROMIUM", chromium.display().to_string()),
        ("SCREENSHOTS", shots.display().to_string()),
    ];
    let run = tokio::task::spawn_blocking(move || {
        common::node::run(&ui_dir(), &["tests/ui.test.mjs".to_string()], &env)
    })
    .await
    .expect("join");
    run.show_counts("ui");
    assert!(run.success, "UI browser tests failed:\n{}", run.output);
    let saved: Vec<String> = std::fs::read_dir(&shots)
        .expect("screenshots saved")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for page in [
        "token-prompt",
        "apps",
        "data",
        "users",
        "files",
        "stores",
        "messaging",
        "timers",
        "logs",
        "requests",
    ] {
        assert!(
            saved.contains(&format!("{page}.png")),
            "no screenshot of {page}: {saved:?}"
        );
    }
}

#[tokio::test]
async fn every_asset_is_served_and_the_ui_redirects_to_its_index() {
    let server = common::start().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let base = server.emulator.base_url();
    let moved = http
        .get(format!("{base}/_emulator/ui?token=t"))
        .send()
        .await
        .expect("sent");
    assert_eq!(moved.status(), 308);
    assert_eq!(moved.headers()["location"], "/_emulator/ui/?token=t");
    let index = http
        .get(format!("{base}/_emulator/ui/"))
        .send()
        .await
        .expect("sent");
    assert_eq!(index.status(), 200);
    assert!(index.headers()["content-type"]
        .to_str()
        .is_ok_and(|t| t.starts_with("text/html")));
    assert!(index.text().await.expect("body").contains("app.js"));
    server
        .raw(Method::GET, "/_emulator/ui/nope.js")
        .send()
        .await
        .assert_error(99001, 404);
}

#[tokio::test]
async fn a_refusal_names_its_rule_in_the_journal_and_the_stream_replays_then_follows() {
    let server = common::start().await;
    server
        .call(Method::POST, "/data/Secret")
        .json(json!({"note": "x"}))
        .send()
        .await
        .ok();
    server
        .call(Method::PUT, "/data/Secret/permissions/DENY")
        .json(json!({"permission": "FIND", "role": "RestUser"}))
        .send()
        .await
        .ok();
    let refused = server.call(Method::GET, "/data/Secret").send().await;
    refused.assert_error(1013, 400);
    assert!(
        refused.body.get("rule").is_none(),
        "the body stays Backendless's"
    );
    let journal = server
        .raw(Method::GET, "/_emulator/journal?status=4xx")
        .send()
        .await
        .ok();
    let entry = &journal["entries"][0];
    assert_eq!(
        entry["rule"],
        "FIND denied on table Secret by the table permission DENY FIND for role RestUser \
         (layer 7: table permissions for system roles)"
    );
    assert!(entry["reason"]
        .as_str()
        .is_some_and(|r| r.contains("no permission")));

    // The stream first replays what the journal holds after `since`, then follows new requests.
    let first_seq = journal["entries"][0]["seq"].as_u64().expect("seq");
    let url = format!(
        "{}/_emulator/journal/stream?status=4xx&since={}",
        server.emulator.base_url(),
        first_seq - 1
    );
    let mut stream = reqwest::get(url).await.expect("stream opens");
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let mut seen = String::new();
    let mut made_new_request = false;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(60);
    while !seen.contains("no-such-object") {
        let chunk = tokio::time::timeout_at(deadline, stream.chunk())
            .await
            .expect("the stream delivers within a minute")
            .expect("chunk read")
            .expect("stream open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.contains("/data/Secret") && !made_new_request {
            made_new_request = true;
            server
                .call(Method::GET, "/data/Secret/no-such-object")
                .send()
                .await;
        }
    }
    assert!(seen.contains("event: entry"), "{seen}");
    assert!(seen.contains(&format!("id: {first_seq}")), "{seen}");
}

async fn get(server: &common::TestServer, path: String) -> Value {
    server.raw(Method::GET, &path).send().await.ok()
}

#[tokio::test]
async fn the_ui_views_list_tables_users_stores_and_files() {
    let server = common::start().await;
    server
        .call(Method::POST, "/data/Person")
        .json(json!({"name": "Ann"}))
        .send()
        .await
        .ok();
    let user = server
        .call(Method::POST, "/users/register")
        .json(json!({"email": "ann@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    server
        .call(Method::POST, "/users/login")
        .json(json!({"login": "ann@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    server
        .call(Method::PUT, "/counters/c/increment/get")
        .send()
        .await
        .ok();
    let part = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--B--\r\n";
    server
        .call(Method::POST, "/files/docs/a.txt")
        .body("multipart/form-data; boundary=B", part)
        .send()
        .await
        .ok();
    let app = server.emulator.app_id().to_string();
    let tables = get(&server, format!("/_emulator/apps/{app}/tables")).await;
    let person = tables
        .as_array()
        .and_then(|t| t.iter().find(|t| t["name"] == "Person"))
        .expect("Person listed");
    assert_eq!(person["count"], 1);
    assert!(person["columns"].as_array().is_some_and(|c| c
        .iter()
        .any(|c| c["name"] == "name" && c["dataType"] == "STRING")));

    let users = get(&server, format!("/_emulator/apps/{app}/users")).await;
    assert_eq!(users["total"], 1);
    let listed = &users["users"][0];
    assert_eq!(listed["user"]["objectId"], user["objectId"]);
    assert!(listed["user"].get("password").is_none());
    assert_eq!(listed["roles"], json!(["AuthenticatedUser"]));
    assert_eq!(listed["sessions"].as_array().map(Vec::len), Some(1));
    assert!(listed["sessions"][0]["token"]
        .as_str()
        .is_some_and(|t| t.ends_with('…') && t.chars().count() == 9));

    let stores = get(&server, format!("/_emulator/apps/{app}/stores")).await;
    assert_eq!(stores["counters"]["c"], 1);

    let root = get(&server, format!("/_emulator/apps/{app}/files")).await;
    assert_eq!(root["items"][0]["name"], "docs");
    assert_eq!(root["items"][0]["directory"], true);
    let docs = get(&server, format!("/_emulator/apps/{app}/files?path=docs")).await;
    assert_eq!(docs["items"][0]["directory"], false);
    assert_eq!(docs["items"][0]["size"], 5);
    let missing = server
        .raw(
            Method::GET,
            &format!("/_emulator/apps/{app}/files?path=nope"),
        )
        .send()
        .await;
    assert!(missing.status.is_client_error(), "{}", missing.body);
}
