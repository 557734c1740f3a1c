//! Fault injection through the control plane (`/_emulator/faults`): rules fire on client-API
//! requests only, as errors, altered fields or delays, and can be listed and removed.

mod common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_error_rule_answers_the_injected_code_for_its_operation_only() {
    let server = common::start().await;
    let rule = server
        .raw(Method::POST, "/_emulator/faults")
        .json(json!({"operation": "POST /users/login", "error": {"code": 3003}}))
        .send()
        .await
        .ok();
    assert_eq!(rule["id"], 1);
    server.register("fault@example.com", "pw").await;

    let login = server
        .post("/users/login")
        .json(json!({"login": "fault@example.com", "password": "pw"}))
        .send()
        .await;

    login.assert_error(3003, 401);
    let roles = server.get("/users/userroles").send().await;
    assert!(roles.status.is_success(), "other operations untouched");
    let listed = server
        .raw(Method::GET, "/_emulator/faults")
        .send()
        .await
        .ok();
    assert_eq!(listed[0]["fired"], 1);
}

#[tokio::test]
async fn a_count_rule_stops_after_n_fires() {
    let server = common::start().await;
    server
        .raw(Method::POST, "/_emulator/faults")
        .json(json!({"path": "^/users/userroles$", "count": 1, "error": {"code": 3064, "status": 400}}))
        .send()
        .await
        .ok();

    let first = server.get("/users/userroles").send().await;
    let second = server.get("/users/userroles").send().await;

    first.assert_error(3064, 400);
    assert!(second.status.is_success());
}

#[tokio::test]
async fn an_alter_rule_rewrites_one_field_of_a_success() {
    let server = common::start().await;
    server
        .raw(Method::POST, "/_emulator/faults")
        .json(json!({"operation": "POST /users/register", "alter": {"pointer": "/userStatus", "value": "DISABLED"}}))
        .send()
        .await
        .ok();

    let user = server.register("alter@example.com", "pw").await;

    assert_eq!(user["userStatus"], "DISABLED");
    assert_eq!(user["email"], "alter@example.com");
}

#[tokio::test]
async fn rules_never_touch_the_control_plane_and_can_be_removed() {
    let server = common::start().await;
    let rule = server
        .raw(Method::POST, "/_emulator/faults")
        .json(json!({"path": ".*", "error": {"code": 8002}}))
        .send()
        .await
        .ok();
    let health = server.raw(Method::GET, "/_emulator/health").send().await;
    assert!(health.status.is_success());
    server
        .get("/users/userroles")
        .send()
        .await
        .assert_error(8002, 400);

    let path = format!("/_emulator/faults/{}", rule["id"]);
    server.raw(Method::DELETE, &path).send().await.ok();

    assert!(server
        .get("/users/userroles")
        .send()
        .await
        .status
        .is_success());
    server
        .raw(Method::DELETE, &path)
        .send()
        .await
        .assert_error(99001, 404);
}

#[tokio::test]
async fn clear_removes_every_rule_and_bad_rules_get_8002() {
    let server = common::start().await;
    for _ in 0..2 {
        server
            .raw(Method::POST, "/_emulator/faults")
            .json(json!({"path": ".", "latencyMs": 1}))
            .send()
            .await
            .ok();
    }
    let bad = server
        .raw(Method::POST, "/_emulator/faults")
        .json(json!({"path": ".", "probability": 3, "error": {"code": 1}}))
        .send()
        .await;

    let cleared = server
        .raw(Method::DELETE, "/_emulator/faults")
        .send()
        .await
        .ok();

    bad.assert_error(8002, 400);
    assert_eq!(cleared["removed"], 2);
    let listed = server
        .raw(Method::GET, "/_emulator/faults")
        .send()
        .await
        .ok();
    assert_eq!(listed, json!([]));
}
