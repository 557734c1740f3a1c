//! Custom API services, custom events and timer webhooks (management.md §4-§5): without a webhook
//! an honest 99000; with one, the call is forwarded (method, headers, body, query) to a tiny axum
//! server started inside the test and its answer comes back; webhook failures are 99024.

mod common;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method as AxumMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use common::TestServer;
use parking_lot::Mutex;
use reqwest::Method;
use serde_json::{json, Value};

/// What the webhook server saw: method, path + query, headers, body.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    uri: String,
    headers: HeaderMap,
    body: Value,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// Answers by path: `/svc/sum` adds `a + b`, `/svc/forbidden` throws a Backendless error,
/// `/svc/text` answers plain text, `/svc/plain-error` a 404 text, `/svc/boom` a 500.
async fn webhook(
    State(log): State<Log>,
    method: AxumMethod,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed: Value = serde_json::from_slice(&body)
        .unwrap_or(Value::String(String::from_utf8_lossy(&body).into()));
    log.lock().push(Seen {
        method: method.to_string(),
        uri: uri.to_string(),
        headers,
        body: parsed.clone(),
    });
    match uri.path() {
        "/svc/sum" => {
            let sum = parsed["a"].as_i64().unwrap_or(0) + parsed["b"].as_i64().unwrap_or(0);
            Json(json!({"sum": sum})).into_response()
        }
        "/svc/items" => Json(json!([1, 2, 3])).into_response(),
        "/svc/forbidden" => (
            StatusCode::FORBIDDEN,
            Json(json!({"code": 777, "message": "not yours"})),
        )
            .into_response(),
        "/svc/text" => "plain answer".into_response(),
        "/svc/plain-error" => (StatusCode::NOT_FOUND, "no such thing").into_response(),
        "/svc/boom" => (StatusCode::INTERNAL_SERVER_ERROR, "stack trace").into_response(),
        "/events/ping" => Json(json!({"pong": parsed})).into_response(),
        "/timers" => StatusCode::NO_CONTENT.into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Start the webhook server on 127.0.0.1:0; returns its base URL and what it saw.
async fn start_webhook() -> (String, Log) {
    let log: Log = Arc::default();
    let app = axum::Router::new()
        .fallback(webhook)
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), log)
}

/// A URL nothing listens on (bound, then released).
async fn dead_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}/dead")
}

async fn configure(server: &TestServer, hooks: Value) -> Value {
    server
        .control(Method::PUT, "/webhooks")
        .json(hooks)
        .send()
        .await
        .ok()
}

#[tokio::test]
async fn without_a_webhook_services_and_events_are_honestly_unsupported() {
    let server = common::start().await;
    let reply = server
        .post("/services/Billing/charge")
        .json(json!({"amount": 3}))
        .send()
        .await;
    reply.assert_error(99000, 400);
    insta::assert_json_snapshot!(reply.body);
    server
        .get("/services/Billing/invoices")
        .send()
        .await
        .assert_error(99000, 400);
    server
        .post("/servercode/events/ping")
        .json(json!({}))
        .send()
        .await
        .assert_error(99000, 400);
    assert_eq!(
        server.control(Method::GET, "/webhooks").send().await.ok(),
        json!({"timers": null, "services": {}, "events": {}})
    );
}

#[tokio::test]
async fn service_calls_are_forwarded_with_method_headers_body_and_query() {
    let server = common::start().await;
    let (base, log) = start_webhook().await;
    let stored = configure(
        &server,
        json!({"services": {"Calc": format!("{base}/svc")}}),
    )
    .await;
    assert_eq!(stored["services"]["Calc"], json!(format!("{base}/svc")));

    let reply = server
        .post("/services/Calc/sum")
        .header("bl-execution-type", "sync")
        .header("x-custom", "yes")
        .json(json!({"a": 2, "b": 40}))
        .send()
        .await;
    assert_eq!(
        (reply.status.as_u16(), reply.body.clone()),
        (200, json!({"sum": 42}))
    );
    let seen = log.lock()[0].clone();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("POST", "/svc/sum")
    );
    assert_eq!(seen.body, json!({"a": 2, "b": 40}));
    let header = |name: &str| {
        seen.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(header("bl-execution-type").as_deref(), Some("sync"));
    assert_eq!(header("x-custom").as_deref(), Some("yes"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(
        header("x-emulator-app-id").as_deref(),
        Some(server.emulator.app_id())
    );
    assert_eq!(header("x-emulator-service").as_deref(), Some("Calc"));

    let items = server.get("/services/Calc/items?page=2").send().await.ok();
    assert_eq!(items, json!([1, 2, 3]));
    let seen = log.lock()[1].clone();
    assert_eq!(
        (seen.method.as_str(), seen.uri.as_str()),
        ("GET", "/svc/items?page=2")
    );
    let text = server
        .post("/services/Calc/text")
        .body("text/plain", "raw string")
        .send()
        .await
        .ok();
    assert_eq!(text, json!("plain answer"));
    assert_eq!(
        log.lock()[2].body,
        json!("raw string"),
        "a string parameter is sent raw"
    );
}

#[tokio::test]
async fn webhook_errors_come_back_backendless_style() {
    let server = common::start().await;
    let (base, _log) = start_webhook().await;
    configure(
        &server,
        json!({"services": {"Calc": format!("{base}/svc"), "Gone": dead_url().await}}),
    )
    .await;
    let custom = server
        .post("/services/Calc/forbidden")
        .json(json!({}))
        .send()
        .await;
    assert_eq!(
        (custom.status.as_u16(), custom.body.clone()),
        (403, json!({"code": 777, "message": "not yours"}))
    );
    let plain = server
        .post("/services/Calc/plain-error")
        .json(json!({}))
        .send()
        .await;
    plain.assert_error(0, 404);
    assert_eq!(plain.body["message"], json!("no such thing"));
    let boom = server
        .post("/services/Calc/boom")
        .json(json!({}))
        .send()
        .await;
    boom.assert_error(99024, 400);
    let dead = server
        .post("/services/Gone/any")
        .json(json!({}))
        .send()
        .await;
    dead.assert_error(99024, 400);
    assert!(
        dead.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("connection refused")),
        "{}",
        dead.body
    );
    server
        .post("/services/Other/x")
        .json(json!({}))
        .send()
        .await
        .assert_error(99000, 400);
}

#[tokio::test]
async fn a_star_service_webhook_catches_every_service() {
    let server = common::start().await;
    let (base, log) = start_webhook().await;
    configure(&server, json!({"services": {"*": format!("{base}/svc")}})).await;
    let reply = server
        .put("/services/Anything/sum")
        .json(json!({"a": 1, "b": 1}))
        .send()
        .await
        .ok();
    assert_eq!(reply, json!({"sum": 2}));
    assert_eq!(log.lock()[0].method, "PUT");
}

#[tokio::test]
async fn events_are_forwarded_to_their_webhook() {
    let server = common::start().await;
    let (base, log) = start_webhook().await;
    configure(
        &server,
        json!({"events": {"ping": format!("{base}/events/ping")}}),
    )
    .await;
    let reply = server
        .post("/servercode/events/ping")
        .header("bl-execution-type", "async")
        .json(json!({"n": 1}))
        .send()
        .await
        .ok();
    assert_eq!(reply, json!({"pong": {"n": 1}}));
    let seen = log.lock()[0].clone();
    assert_eq!(
        seen.headers
            .get("x-emulator-event")
            .and_then(|v| v.to_str().ok()),
        Some("ping")
    );
    assert_eq!(
        seen.headers
            .get("bl-execution-type")
            .and_then(|v| v.to_str().ok()),
        Some("async")
    );
    server
        .post("/servercode/events/pong")
        .json(json!({}))
        .send()
        .await
        .assert_error(99000, 400);
}

#[tokio::test]
async fn timer_firings_are_posted_to_the_timers_webhook() {
    let server = common::start().await;
    let (base, log) = start_webhook().await;
    configure(&server, json!({"timers": format!("{base}/timers")})).await;
    let key = server.console_login().await;
    let path = format!(
        "/{}/console/servercode/production/timers",
        server.emulator.app_id()
    );
    let clock = server.control(Method::GET, "/clock").send().await.ok();
    let start = clock["now"].as_i64().expect("now") + 60_000;
    server
        .raw(Method::POST, &path)
        .header("auth-key", &key)
        .json(json!({"timername": "nightly", "startDate": start, "frequency": {"schedule": "daily", "repeat": {"every": 1}}}))
        .send()
        .await
        .ok();
    let ran = server
        .raw(Method::POST, &format!("{path}/nightly/run"))
        .header("auth-key", &key)
        .send()
        .await
        .ok();
    assert_eq!(ran["webhook"]["status"], json!(204));
    server
        .control(Method::PUT, "/clock")
        .json(json!({"advance": 60_000}))
        .send()
        .await
        .ok();
    let fired = server
        .control(Method::POST, "/timers/run-due")
        .send()
        .await
        .ok();
    assert_eq!(fired["fired"][0]["trigger"], json!("schedule"));

    let seen = log.lock().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].method.as_str(), seen[0].uri.as_str()),
        ("POST", "/timers")
    );
    assert_eq!(seen[0].body["type"], json!("timer"));
    assert_eq!(seen[0].body["timer"]["timername"], json!("nightly"));
    assert_eq!(
        seen[1].body["firing"]["scheduledTime"].as_i64(),
        Some(start)
    );
    let logs = server
        .control(Method::GET, "/timers/logs")
        .send()
        .await
        .ok();
    assert_eq!(
        logs[0]["webhook"]["status"],
        json!(204),
        "the webhook's answer is logged"
    );

    configure(&server, json!({"timers": dead_url().await})).await;
    let ran = server
        .raw(Method::POST, &format!("{path}/nightly/run"))
        .header("auth-key", &key)
        .send()
        .await
        .ok();
    assert!(
        ran["webhook"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("connection refused")),
        "{ran}"
    );
}

#[tokio::test]
async fn webhook_configuration_is_validated() {
    let server = common::start().await;
    let put = |body: Value| server.control(Method::PUT, "/webhooks").json(body).send();
    put(json!({"timers": "ftp://example/x"}))
        .await
        .assert_error(8002, 400);
    put(json!({"services": {"A": "nowhere"}}))
        .await
        .assert_error(8002, 400);
    put(json!({"unknown": {}})).await.assert_error(8002, 400);
    server
        .raw(Method::PUT, "/_emulator/apps/NOPE/webhooks")
        .json(json!({}))
        .send()
        .await
        .assert_error(2002, 400);
    assert_eq!(
        server.control(Method::GET, "/webhooks").send().await.ok()["services"],
        json!({})
    );
}

#[tokio::test]
async fn the_background_scheduler_fires_due_timers_without_any_request() {
    // Not seeded: the scheduler runs only on real (offset) clocks.
    let server = common::start_with(backendless_emulator::Emulator::builder()).await;
    let (base, log) = start_webhook().await;
    configure(&server, json!({"timers": format!("{base}/timers")})).await;
    let key = server.console_login().await;
    let path = format!(
        "/{}/console/servercode/production/timers",
        server.emulator.app_id()
    );
    let clock = server.control(Method::GET, "/clock").send().await.ok();
    let start = clock["now"].as_i64().expect("now") + 60_000;
    let body = json!({"timername": "soon", "startDate": start, "frequency": {"schedule": "once"}});
    server
        .raw(Method::POST, &path)
        .header("auth-key", &key)
        .json(body)
        .send()
        .await
        .ok();
    server
        .control(Method::PUT, "/clock")
        .json(json!({"advance": 120_000}))
        .send()
        .await
        .ok();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while log.lock().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "no firing reached the webhook"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(log.lock()[0].body["timer"]["timername"], json!("soon"));
}

#[tokio::test]
async fn the_console_keeps_server_code_models_and_draft_files_but_never_deploys_them() {
    let server = common::start().await;
    let key = server.console_login().await;
    let app = server.emulator.app_id().to_string();
    let call = |m: Method, rest: &str| {
        server
            .raw(m, &format!("/{app}/console/servercode/{rest}"))
            .header("auth-key", &key)
    };
    let created = call(Method::POST, "models/create")
        .json(json!({"appId": app, "language": "JS", "model": "shop"}))
        .send()
        .await
        .ok();
    assert_eq!(created, json!(["shop"]));
    let files = json!([
        {"id": "lib%2Fcart.js", "content": "exports.total = () => 0"},
        {"id": "main.js", "content": "require('./lib/cart')"}
    ]);
    call(Method::PUT, "shop/draft/JS?sync=true")
        .json(files)
        .send()
        .await
        .ok();
    call(Method::PUT, "billing/draft/java")
        .json(json!([{"id": "A.java", "content": "class A {}"}]))
        .send()
        .await
        .ok();
    let all = call(Method::GET, "models").send().await.ok();
    assert_eq!(all, json!({"JAVA": ["billing"], "JS": ["shop"]}));
    let drafts = call(Method::GET, "shop/draft/JS").send().await.ok();
    let ids: Vec<&Value> = drafts
        .as_array()
        .expect("files")
        .iter()
        .map(|f| &f["id"])
        .collect();
    assert_eq!(ids, [&json!("lib/cart.js"), &json!("main.js")]);
    let content = call(Method::GET, "shop/draft/JS/lib/cart.js")
        .send()
        .await
        .ok();
    assert_eq!(content, json!("exports.total = () => 0"));
    call(Method::GET, "shop/draft/JS/nope.js")
        .send()
        .await
        .assert_error(99281, 404);
    call(Method::PUT, "shop/draft/JS")
        .json(json!({"id": "x"}))
        .send()
        .await
        .assert_error(8002, 400);
    call(Method::PUT, "shop/production/JS")
        .json(json!([]))
        .send()
        .await
        .assert_error(99000, 400);
    let export = server.export_app().await;
    assert_eq!(
        export["services"]["serverCode"]["models"]["JS"]["shop"]["main.js"],
        json!("require('./lib/cart')")
    );
}
