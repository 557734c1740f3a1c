//! Request flow: URL forms, app resolution, bad input at the edge, CORS, /info.

mod common;

use backendless_emulator::Emulator;
use common::start;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn both_url_forms_reach_the_same_app() {
    let s = start().await;
    s.register("x@example.com", "pw").await;
    let via_api = s
        .raw(Method::POST, "/api/users/login")
        .json(json!({"login": "x@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_eq!(via_api["email"], "x@example.com");
}

#[tokio::test]
async fn unknown_app_or_key_is_2002() {
    let s = start().await;
    let wrong_key = format!("/{}/WRONG/users/userroles", s.emulator.app_id());
    s.raw(Method::GET, &wrong_key)
        .send()
        .await
        .assert_error(2002, 400);
    s.raw(Method::GET, "/NOAPP/NOKEY/users/userroles")
        .send()
        .await
        .assert_error(2002, 400);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let s = start().await;
    let r = s.get("/nothing/here").send().await;
    r.assert_error(99001, 404);
    s.call(Method::PATCH, "/users/login")
        .send()
        .await
        .assert_error(99001, 404);
    s.raw(Method::GET, "/favicon.ico")
        .send()
        .await
        .assert_error(99001, 404);
}

#[tokio::test]
async fn bad_json_wrong_content_type_and_bad_tokens_are_refused() {
    let s = start().await;
    s.post("/users/register")
        .body("application/json", "{\"email\": ")
        .send()
        .await
        .assert_error(8002, 400);
    s.post("/users/register")
        .body("application/xml", "<user/>")
        .send()
        .await
        .assert_error(8011, 400);
    let bomb = "[".repeat(100_000);
    s.post("/users/register")
        .body("application/json", bomb)
        .send()
        .await
        .assert_error(8002, 400);
    s.get("/users/userroles")
        .token("BOGUS")
        .send()
        .await
        .assert_error(3064, 400);
}

#[tokio::test]
async fn oversized_bodies_are_refused_and_store_nothing() {
    let s = common::start_with(Emulator::builder().seed(1).body_limit(1024)).await;
    let big = json!({"email": "big@example.com", "password": "pw", "blob": "x".repeat(4096)});
    s.post("/users/register")
        .json(big)
        .send()
        .await
        .assert_error(99002, 413);
    s.post("/users/login")
        .json(json!({"login": "big@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
}

#[tokio::test]
async fn cors_preflight_mirrors_origin_and_headers() {
    let s = start().await;
    let reply = s
        .call(Method::OPTIONS, "/users/login")
        .header("origin", "http://app.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "user-token,content-type")
        .send()
        .await;
    assert!(reply.status.is_success());
    assert_eq!(
        reply.headers["access-control-allow-origin"],
        "http://app.example"
    );
    let allowed = reply.headers["access-control-allow-headers"]
        .to_str()
        .expect("ascii")
        .to_lowercase();
    assert!(allowed.contains("user-token"));
}

#[tokio::test]
async fn info_points_the_sdk_at_the_emulator() {
    let s = start().await;
    let info = s.get("/info").send().await;
    assert_eq!(
        info.headers["x-backendless-emulator"],
        backendless_emulator::VERSION
    );
    let info = info.ok();
    assert_eq!(info["appId"], s.emulator.app_id());
    assert_eq!(info["rtURL"], s.emulator.base_url());
}

#[tokio::test]
async fn the_pro_form_api_app_key_reaches_that_app() {
    let s = start().await;
    let other = s
        .raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "PRO", "apiKey": "PROKEY"}))
        .send()
        .await
        .ok();
    assert_eq!(other["id"], "PRO");
    s.raw(Method::POST, "/api/PRO/PROKEY/users/register")
        .json(json!({"email": "p@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/PRO/PROKEY/users/login")
        .json(json!({"login": "p@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    // Not the default app's user.
    s.raw(Method::POST, "/api/users/login")
        .json(json!({"login": "p@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
}
