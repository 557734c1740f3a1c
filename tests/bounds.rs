//! What the emulator refuses to hold without bound, and inputs that used to break it: app ids,
//! app and snapshot caps, journal text, the body-limit message, forks of sessions.

mod common;

use backendless_emulator::Emulator;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn app_ids_that_break_urls_are_refused_with_a_4xx_never_a_panic() {
    let s = common::start().await;
    for id in [
        "aéééééé",
        "",
        "api",
        "console",
        "_emulator",
        "CONSOLE",
        "a/b",
        "a b",
    ] {
        s.raw(Method::POST, "/_emulator/apps")
            .json(json!({ "id": id }))
            .send()
            .await
            .assert_error(99103, 400);
    }
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "Mine", "apiKey": "MINEKEY"}))
        .send()
        .await
        .ok();
    // URLs resolve app ids case-insensitively: `MINE` would be the same app.
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "MINE"}))
        .send()
        .await
        .assert_error(2000, 400);
    // `/{appId}/console/...` is the console API, so `console` cannot be a key.
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "Other", "apiKey": "console"}))
        .send()
        .await
        .assert_error(99103, 400);
    s.raw(Method::GET, "/_emulator/health").send().await.ok();
}

#[tokio::test]
async fn the_app_count_is_capped() {
    let s = common::start_with(Emulator::builder().seed(3).max_apps(2)).await;
    s.raw(Method::POST, "/_emulator/apps").send().await.ok();
    let refused = s.raw(Method::POST, "/_emulator/apps").send().await;
    refused.assert_error(99104, 409);
    assert!(refused.body["message"]
        .as_str()
        .is_some_and(|m| m.contains("limit of 2 apps")));
    let console = s.console_login().await;
    s.raw(Method::POST, "/console/applications")
        .header("auth-key", &console)
        .json(json!({"appName": "one too many"}))
        .send()
        .await
        .assert_error(99104, 409);
}

#[tokio::test]
async fn in_memory_snapshots_are_capped_deletable_and_dropped_by_a_full_reset() {
    let s = common::start_with(Emulator::builder().seed(3).max_snapshots(2)).await;
    let app = s.emulator.app_id().to_string();
    let take = || async {
        s.raw(Method::POST, &format!("/_emulator/apps/{app}/snapshots"))
            .send()
            .await
    };
    let first = take().await.ok()["snapshotId"]
        .as_str()
        .expect("id")
        .to_string();
    take().await.ok();
    take().await.assert_error(99105, 409);
    let one = format!("/_emulator/apps/{app}/snapshots/{first}");
    s.raw(Method::DELETE, &one).send().await.ok();
    s.raw(Method::DELETE, &one)
        .send()
        .await
        .assert_error(99007, 400);
    s.raw(Method::POST, &format!("{one}/restore"))
        .send()
        .await
        .assert_error(99007, 400);
    take().await.ok();
    let list = format!("/_emulator/apps/{app}/snapshots");
    assert_eq!(
        s.raw(Method::GET, &list)
            .send()
            .await
            .ok()
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    s.raw(Method::POST, "/_emulator/reset").send().await.ok();
    assert_eq!(s.raw(Method::GET, &list).send().await.ok(), json!([]));
}

#[tokio::test]
async fn a_deleted_app_takes_its_snapshots_with_it() {
    let s = common::start().await;
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "Gone", "apiKey": "GONEKEY"}))
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/_emulator/apps/Gone/snapshots")
        .send()
        .await
        .ok();
    s.raw(Method::DELETE, "/_emulator/apps/Gone")
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "Gone", "apiKey": "GONEKEY2"}))
        .send()
        .await
        .ok();
    assert_eq!(
        s.raw(Method::GET, "/_emulator/apps/Gone/snapshots")
            .send()
            .await
            .ok(),
        json!([])
    );
}

#[tokio::test]
async fn journal_entries_keep_at_most_a_bounded_text() {
    let s = common::start().await;
    // Refusals echo the where clause; the journal keeps a bounded prefix of it.
    let clause = format!("name = '{}' AND", "x".repeat(30_000));
    s.get(&format!("/data/T?where={}", urlencode(&clause)))
        .send()
        .await;
    let journal = s
        .raw(Method::GET, "/_emulator/journal?status=4xx")
        .send()
        .await
        .ok();
    let entry = &journal["entries"][0];
    let stored =
        entry["reason"].as_str().unwrap_or("").len() + entry["path"].as_str().unwrap_or("").len();
    assert!(entry["reason"].is_string(), "{entry}");
    assert!(stored <= 1024, "an entry kept {stored} bytes of text");
}

#[tokio::test]
async fn the_body_limit_message_names_the_number() {
    let s = common::start_with(Emulator::builder().seed(1).body_limit(1024)).await;
    let reply = s
        .post("/data/T")
        .json(json!({"blob": "x".repeat(4096)}))
        .send()
        .await;
    reply.assert_error(99002, 413);
    assert_eq!(
        reply.body["message"],
        "Request body is larger than the emulator's limit of 1024 bytes"
    );
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![b'x'; 4096]).file_name("a.txt"),
    );
    let upload = s
        .http
        .post(format!("{}/files/a.txt", s.emulator.app_url()))
        .multipart(form)
        .send()
        .await
        .expect("sent");
    assert_eq!(upload.status(), 413);
    let body: Value = upload.json().await.expect("json");
    assert_eq!(body["code"], 99002);
    assert!(body["message"]
        .as_str()
        .is_some_and(|m| m.contains("1024 bytes")));
}

#[tokio::test]
async fn a_fork_starts_without_the_source_apps_sessions() {
    let s = common::start().await;
    let (_, token) = s.login_new("f@example.com", "pw").await;
    let app = s.emulator.app_id().to_string();
    let fork = s
        .raw(Method::POST, &format!("/_emulator/apps/{app}/fork"))
        .json(json!({"id": "Forked", "apiKey": "FORKKEY"}))
        .send()
        .await
        .ok();
    assert_eq!(fork["id"], "Forked");
    s.get("/users/logout").token(&token).send().await.ok();
    s.raw(Method::GET, "/Forked/FORKKEY/users/userroles")
        .token(&token)
        .send()
        .await
        .assert_error(3064, 400);
    // The users themselves were copied: they log in to the fork with a token of its own.
    let user = s
        .raw(Method::POST, "/Forked/FORKKEY/users/login")
        .json(json!({"login": "f@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_ne!(user["user-token"], json!(token));
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
