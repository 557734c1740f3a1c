//! Who reaches the control plane and the console: no other origin through a developer's browser
//! (CORS, preflights, cross-site GETs), no DNS-rebound Host, a control token when one is set
//! (required beyond loopback), no webhook redirect or forward back into them; exports that say
//! which secrets they hold.

mod common;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use backendless_emulator::Emulator;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn another_origin_cannot_drive_the_control_plane_or_the_console() {
    let s = common::start().await;
    for (method, path) in [
        (Method::GET, "/_emulator/apps"),
        (Method::POST, "/_emulator/reset"),
        (Method::POST, "/console/home/login"),
    ] {
        let reply = s
            .raw(method.clone(), path)
            .header("origin", "http://evil.example")
            .send()
            .await;
        reply.assert_error(99101, 403);
        assert!(
            !reply.headers.contains_key("access-control-allow-origin"),
            "{path} answered CORS"
        );
    }
    let preflight = s
        .raw(Method::OPTIONS, "/_emulator/reset")
        .header("origin", "http://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await;
    preflight.assert_error(99101, 403);
    assert!(!preflight
        .headers
        .contains_key("access-control-allow-origin"));
    // A cross-site <img src> or link sends no Origin, but says where it comes from.
    s.raw(
        Method::GET,
        &format!("/_emulator/apps/{}/export", s.emulator.app_id()),
    )
    .header("sec-fetch-site", "cross-site")
    .send()
    .await
    .assert_error(99101, 403);
    // Another port of localhost is another origin.
    s.raw(Method::GET, "/_emulator/apps")
        .header("origin", "http://127.0.0.1:1")
        .send()
        .await
        .assert_error(99101, 403);
}

#[tokio::test]
async fn the_emulators_own_pages_and_non_browser_clients_still_reach_it() {
    let s = common::start().await;
    let own = s.emulator.base_url().to_string();
    let reply = s
        .raw(Method::POST, "/_emulator/apps")
        .header("origin", &own)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await;
    assert!(!reply.headers.contains_key("access-control-allow-origin"));
    reply.ok();
    s.raw(Method::GET, "/_emulator/apps").send().await.ok();
    // The client API keeps Backendless CORS.
    let client = s
        .get("/data/T")
        .header("origin", "http://app.example")
        .send()
        .await;
    assert_eq!(
        client.headers["access-control-allow-origin"],
        "http://app.example"
    );
}

#[tokio::test]
async fn a_host_that_does_not_name_this_server_is_refused() {
    let s = common::start().await;
    let port = s.emulator.addr().port();
    let rebound = format!("rebound.example:{port}");
    let reply = s
        .raw(Method::GET, "/_emulator/apps")
        .header("host", &rebound)
        .header("origin", &format!("http://{rebound}"))
        .send()
        .await;
    reply.assert_error(99102, 403);
    s.raw(Method::GET, "/console/applications")
        .header("host", &rebound)
        .send()
        .await
        .assert_error(99102, 403);
    for fine in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        s.raw(Method::GET, "/_emulator/apps")
            .header("host", &fine)
            .send()
            .await
            .ok();
    }
    let named = common::start_with(Emulator::builder().allowed_host("emu.test")).await;
    named
        .raw(Method::GET, "/_emulator/apps")
        .header("host", "emu.test:9000")
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn a_control_token_guards_every_control_route_but_health_and_the_ui() {
    let s = common::start_with(Emulator::builder().control_token("s3cret-token")).await;
    let apps = "/_emulator/apps";
    s.raw(Method::GET, apps)
        .send()
        .await
        .assert_error(99100, 401);
    s.raw(Method::GET, apps)
        .header("x-emulator-token", "wrong")
        .send()
        .await
        .assert_error(99100, 401);
    s.raw(Method::GET, apps)
        .header("x-emulator-token", "s3cret-token")
        .send()
        .await
        .ok();
    s.raw(Method::GET, apps)
        .header("authorization", "Bearer s3cret-token")
        .send()
        .await
        .ok();
    s.raw(Method::GET, &format!("{apps}?token=s3cret-token"))
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/_emulator/reset")
        .send()
        .await
        .assert_error(99100, 401);
    s.raw(Method::GET, "/_emulator/health").send().await.ok();
    let ui = s.raw(Method::GET, "/_emulator/ui").send().await;
    assert_ne!(ui.status, StatusCode::UNAUTHORIZED);
    // The client API never needs it.
    s.get("/data/T").send().await.assert_error(1009, 400);
}

#[tokio::test]
async fn listening_beyond_loopback_without_a_token_generates_one() {
    let s = common::start_with(Emulator::builder().host("0.0.0.0")).await;
    assert!(s.emulator.control_token_generated());
    let token = s.emulator.control_token().expect("a token").to_string();
    assert!(token.len() >= 32);
    s.raw(Method::GET, "/_emulator/apps")
        .send()
        .await
        .assert_error(99100, 401);
    s.raw(Method::GET, "/_emulator/apps")
        .header("x-emulator-token", &token)
        .send()
        .await
        .ok();
    let local = common::start().await;
    assert!(local.emulator.control_token().is_none());
}

#[tokio::test]
async fn a_redacted_export_holds_no_hash_session_or_key_and_still_imports() {
    let s = common::start().await;
    let (_, token) = s.login_new("r@example.com", "Pw-1").await;
    let app = s.emulator.app_id().to_string();
    let full = s.export_app().await.to_string();
    assert!(full.contains("$argon2id") && full.contains(&token));
    let redacted = s
        .raw(
            Method::GET,
            &format!("/_emulator/apps/{app}/export?redact=secrets"),
        )
        .send()
        .await
        .ok();
    let text = redacted.to_string();
    assert!(!text.contains("$argon2"), "a password hash is left");
    assert!(!text.contains(&token), "a session token is left");
    assert!(!text.contains(s.emulator.api_key()), "an API key is left");
    s.raw(
        Method::GET,
        &format!("/_emulator/apps/{app}/export?redact=everything"),
    )
    .send()
    .await
    .assert_error(8002, 400);
    s.import_app(redacted).await;
    let users = s.get("/data/Users").send().await.ok();
    assert_eq!(users[0]["email"], "r@example.com");
    s.post("/users/login")
        .json(json!({"login": "r@example.com", "password": "Pw-1"}))
        .send()
        .await
        .assert_error(3003, 401);
}

/// A webhook that redirects every call to `target`.
async fn redirecting_webhook(target: String) -> String {
    let app = axum::Router::new().fallback(move || {
        let target = target.clone();
        async move {
            (
                StatusCode::FOUND,
                [(axum::http::header::LOCATION, target)],
                "",
            )
                .into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn a_webhook_cannot_lead_the_emulator_into_its_own_control_plane() {
    let s = common::start().await;
    let app = s.emulator.app_id().to_string();
    let control = format!("{}/_emulator/apps", s.emulator.base_url());
    let hook = redirecting_webhook(control.clone()).await;
    s.control(Method::PUT, "/webhooks")
        .json(json!({"services": {"*": hook}, "events": {"*": hook}}))
        .send()
        .await
        .ok();
    for path in ["/services/Billing/charge", "/servercode/events/ping"] {
        let reply = s.post(path).json(json!({})).send().await;
        reply.assert_error(99024, 400);
        assert!(
            !reply.body.to_string().contains(s.emulator.api_key()),
            "{path} handed over the control plane's answer"
        );
    }
    // Pointing a webhook straight at the control plane is refused when configured...
    s.control(Method::PUT, "/webhooks")
        .json(json!({"services": {"*": format!("{}/_emulator", s.emulator.base_url())}}))
        .send()
        .await
        .assert_error(99107, 400);
    // ...and, arriving through an import that skips that check, refused by the control plane.
    let mut export = s.export_app().await;
    export["services"]["custom"]["webhooks"] =
        json!({"services": {"Spy": format!("{}/_emulator", s.emulator.base_url())}});
    s.import_app(export).await;
    let reply = s.get("/services/Spy/apps").send().await;
    reply.assert_error(99114, 403);
    assert!(!reply.body.to_string().contains(&app.to_lowercase()));
}

#[tokio::test]
async fn the_control_token_is_not_forwarded_to_webhooks() {
    let seen = std::sync::Arc::new(parking_lot::Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    let hook = axum::Router::new().fallback(move |headers: axum::http::HeaderMap| {
        let log = log.clone();
        async move {
            log.lock()
                .extend(headers.keys().map(|k| k.as_str().to_string()));
            axum::Json(json!({"ok": true}))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, hook).await });
    let s = common::start_with(Emulator::builder().control_token("tok")).await;
    s.control(Method::PUT, "/webhooks")
        .header("x-emulator-token", "tok")
        .json(json!({"services": {"*": url}}))
        .send()
        .await
        .ok();
    let answer: Value = s
        .get("/services/Any/m")
        .header("x-emulator-token", "tok")
        .send()
        .await
        .ok();
    assert_eq!(answer, json!({"ok": true}));
    let names = seen.lock().clone();
    assert!(!names.iter().any(|n| n == "x-emulator-token"), "{names:?}");
    assert!(names.iter().any(|n| n == "x-emulator-forwarded-by"));
}
