//! Logging through the front door (messaging.md §5): `PUT`/`POST /log` batches, validation codes,
//! logger levels, and the per-app log on the control plane.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

fn entry(level: &str, logger: &str, message: &str) -> Value {
    json!({"log-level": level, "logger": logger, "timestamp": 1_700_000_000_000_i64, "message": message})
}

async fn log(server: &TestServer) -> Vec<Value> {
    let reply = server.control(Method::GET, "/log").send().await.ok();
    reply.as_array().cloned().expect("array")
}

#[tokio::test]
async fn batches_are_stored_in_order_and_readable_on_the_control_plane() {
    let server = common::start().await;
    let mut with_exception = entry("ERROR", "db", "query failed");
    with_exception["exception"] = json!("TimeoutError: 5s");
    let reply = server
        .put("/log")
        .json(json!([entry("INFO", "app", "started"), with_exception]))
        .send()
        .await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (200, Value::Null)
    );
    let reply = server
        .post("/log")
        .json(json!([entry("debug", "app", "{\"a\":1}")]))
        .send()
        .await;
    assert_eq!(reply.status.as_u16(), 200);
    let stored = log(&server).await;
    insta::assert_json_snapshot!(stored, {"[].received" => "[received]"});

    let errors = server
        .control(Method::GET, "/log?level=WARN")
        .send()
        .await
        .ok();
    assert_eq!(errors.as_array().map(Vec::len), Some(1));
    let app_only = server
        .control(Method::GET, "/log?logger=app")
        .send()
        .await
        .ok();
    assert_eq!(app_only.as_array().map(Vec::len), Some(2));
    server.put("/log").json(json!([])).send().await.ok();
    assert_eq!(log(&server).await.len(), 3, "an empty batch adds nothing");
}

#[tokio::test]
async fn a_bad_batch_is_rejected_whole() {
    let server = common::start().await;
    let send = |body: Value| server.put("/log").json(body).send();
    send(entry("INFO", "a", "not in an array"))
        .await
        .assert_error(8002, 400);
    send(json!([entry("INFO", "a", "ok"), {"logger": "a", "message": "m"}]))
        .await
        .assert_error(8010, 400);
    send(json!([{"log-level": "INFO", "message": "m"}]))
        .await
        .assert_error(8010, 400);
    send(json!([{"log-level": "INFO", "logger": "a"}]))
        .await
        .assert_error(8010, 400);
    send(json!([entry("SHOUT", "a", "m")]))
        .await
        .assert_error(8002, 400);
    send(json!([{"log-level": "INFO", "logger": "a", "message": 42}]))
        .await
        .assert_error(8002, 400);
    send(json!([{"log-level": "INFO", "logger": "a", "message": "m", "timestamp": "today"}]))
        .await
        .assert_error(8002, 400);
    send(json!(["line"])).await.assert_error(8002, 400);
    server
        .put("/log")
        .body("application/json", "[{")
        .send()
        .await
        .assert_error(8002, 400);
    server
        .put("/log")
        .body("text/csv", "a,b")
        .send()
        .await
        .assert_error(8011, 400);
    assert!(
        log(&server).await.is_empty(),
        "nothing of a rejected batch is stored"
    );
}

#[tokio::test]
async fn logger_levels_default_to_all_and_follow_the_control_plane() {
    let server = common::start().await;
    let levels = server.get("/log/logger").send().await.ok();
    insta::assert_json_snapshot!(levels);
    let set = server
        .control(Method::PUT, "/log/levels")
        .json(json!({"Global logger": "warn", "payments": "DEBUG"}))
        .send()
        .await
        .ok();
    assert_eq!(set, server.get("/log/logger").send().await.ok());
    insta::assert_json_snapshot!("levels_after_set", set);
    assert_eq!(
        server.control(Method::GET, "/log/levels").send().await.ok(),
        set
    );
    server
        .control(Method::PUT, "/log/levels")
        .json(json!({"payments": "LOUD"}))
        .send()
        .await
        .assert_error(8002, 400);
    server
        .control(Method::PUT, "/log/levels")
        .json(json!([1]))
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn the_control_plane_clears_the_log() {
    let server = common::start().await;
    server
        .put("/log")
        .json(json!([entry("INFO", "a", "1"), entry("INFO", "a", "2")]))
        .send()
        .await
        .ok();
    let cleared = server.control(Method::DELETE, "/log").send().await.ok();
    assert_eq!(cleared, json!({"cleared": 2}));
    assert!(log(&server).await.is_empty());
    server
        .raw(Method::GET, "/_emulator/apps/NOPE/log")
        .send()
        .await
        .assert_error(2002, 400);
    server
        .raw(Method::DELETE, "/_emulator/apps/NOPE/log")
        .send()
        .await
        .assert_error(2002, 400);
}

#[tokio::test]
async fn the_log_survives_export_and_import() {
    let server = common::start().await;
    server
        .put("/log")
        .json(json!([entry("FATAL", "core", "down")]))
        .send()
        .await
        .ok();
    let export = server.control(Method::GET, "/export").send().await.ok();
    server.control(Method::POST, "/reset").send().await.ok();
    assert!(log(&server).await.is_empty());
    server
        .control(Method::POST, "/import")
        .json(export)
        .send()
        .await
        .ok();
    assert_eq!(log(&server).await[0]["message"], json!("down"));
}
