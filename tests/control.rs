//! Control plane over HTTP: health, apps, reset, export/import, settings, clock, outbox.

mod common;

use backendless_emulator::KeyKind;
use common::start;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn health_and_version() {
    let s = start().await;
    let health = s.raw(Method::GET, "/_emulator/health").send().await.ok();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], backendless_emulator::VERSION);
}

#[tokio::test]
async fn apps_are_created_isolated_and_deleted() {
    let s = start().await;
    let created = s
        .raw(Method::POST, "/_emulator/apps")
        .json(json!({"name": "second", "id": "APP2", "apiKey": "KEY2"}))
        .send()
        .await
        .ok();
    assert_eq!(created["keys"]["REST"], "KEY2");
    assert_eq!(created["keys"]["JS"], "KEY2");
    s.raw(Method::POST, "/APP2/KEY2/users/register")
        .json(json!({"email": "a@b.io", "password": "pw"}))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "a@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
    let list = s.raw(Method::GET, "/_emulator/apps").send().await.ok();
    assert_eq!(list.as_array().expect("array").len(), 2);
    s.raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "APP2"}))
        .send()
        .await
        .assert_error(2000, 400);
    s.raw(Method::DELETE, "/_emulator/apps/APP2")
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/APP2/KEY2/users/login")
        .json(json!({"login": "a@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(2002, 400);
    s.raw(Method::GET, "/_emulator/apps/APP2")
        .send()
        .await
        .assert_error(2002, 400);
}

#[tokio::test]
async fn reset_empties_an_app_but_keeps_its_keys() {
    let s = start().await;
    s.register("a@b.io", "pw").await;
    let app = s.emulator.app_id().to_string();
    s.raw(Method::POST, &format!("/_emulator/apps/{app}/reset"))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "a@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
    s.register("a@b.io", "pw").await;
    s.raw(Method::POST, "/_emulator/reset").send().await.ok();
    s.post("/users/login")
        .json(json!({"login": "a@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
}

#[tokio::test]
async fn export_import_round_trips_and_never_contains_a_password() {
    let s = start().await;
    s.post("/users/register")
        .json(json!({"email": "a@b.io", "password": "Secret-Pw-123", "age": 4}))
        .send()
        .await
        .ok();
    s.settings(json!({"login": {"failedLoginsLock": 3}})).await;
    let app = s.emulator.app_id().to_string();
    let export = s
        .raw(Method::GET, &format!("/_emulator/apps/{app}/export"))
        .send()
        .await
        .ok();
    assert!(!export.to_string().contains("Secret-Pw-123"));
    let other = s
        .raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "COPY", "apiKey": "CK"}))
        .send()
        .await
        .ok();
    assert_eq!(other["id"], "COPY");
    s.raw(Method::POST, "/_emulator/apps/COPY/import")
        .json(export.clone())
        .send()
        .await
        .ok();
    let again = s
        .raw(Method::GET, "/_emulator/apps/COPY/export")
        .send()
        .await
        .ok();
    assert_eq!(again["services"], export["services"]);
    assert_eq!(again["settings"], export["settings"]);
    let logged = s
        .raw(Method::POST, "/COPY/CK/users/login")
        .json(json!({"login": "a@b.io", "password": "Secret-Pw-123"}))
        .send()
        .await
        .ok();
    assert_eq!(logged["age"], 4);
    s.raw(Method::POST, "/_emulator/apps/COPY/import")
        .json(json!({"format": 99}))
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn clock_is_read_set_and_advanced() {
    let s = common::start_with(backendless_emulator::Emulator::builder().seed(3)).await;
    let app = s.emulator.app_id().to_string();
    let path = format!("/_emulator/apps/{app}/clock");
    let before = s.raw(Method::GET, &path).send().await.ok();
    assert_eq!(before["virtual"], true);
    let set = s
        .raw(Method::PUT, &path)
        .json(json!({"now": 1_000_000}))
        .send()
        .await
        .ok();
    assert_eq!(set["now"], 1_000_000);
    let user = s.register("t@b.io", "pw").await;
    assert!(user["created"].as_i64().expect("created") >= 1_000_000);
    let advanced = s
        .raw(Method::PUT, &path)
        .json(json!({"advance": 5000}))
        .send()
        .await
        .ok();
    assert!(advanced["now"].as_i64().expect("now") >= 1_005_000);
    s.raw(Method::PUT, &path)
        .json(json!({}))
        .send()
        .await
        .assert_error(8010, 400);
    let all = s
        .raw(Method::PUT, "/_emulator/clock")
        .json(json!({"advance": 1}))
        .send()
        .await
        .ok();
    assert_eq!(all.as_array().expect("array").len(), 1);
}

#[tokio::test]
async fn outbox_is_read_and_cleared() {
    let s = start().await;
    s.register("o@b.io", "pw").await;
    s.get("/users/restorepassword/o@b.io").send().await;
    assert_eq!(s.outbox().await.len(), 1);
    let app = s.emulator.app_id().to_string();
    s.raw(Method::DELETE, &format!("/_emulator/apps/{app}/outbox"))
        .send()
        .await
        .ok();
    assert_eq!(s.outbox().await, Vec::<Value>::new());
}

#[tokio::test]
async fn seeded_emulators_answer_byte_identical_responses() {
    async fn transcript() -> Vec<String> {
        let s = common::start_with(
            backendless_emulator::Emulator::builder()
                .seed(42)
                .app_id("A")
                .api_key("K"),
        )
        .await;
        let mut out = Vec::new();
        out.push(
            s.post("/users/register")
                .json(json!({"email": "s@b.io", "password": "pw"}))
                .send()
                .await
                .body
                .to_string(),
        );
        out.push(
            s.post("/users/login")
                .json(json!({"login": "s@b.io", "password": "pw"}))
                .send()
                .await
                .body
                .to_string(),
        );
        out.push(
            s.post("/users/register/guest")
                .send()
                .await
                .body
                .to_string(),
        );
        out
    }
    assert_eq!(transcript().await, transcript().await);
}

#[tokio::test]
async fn journal_records_requests_with_refusal_reasons_and_stays_bounded() {
    let s = common::start_with(backendless_emulator::Emulator::builder().journal_capacity(5)).await;
    s.post("/users/register")
        .json(json!({"email": "j@b.io", "password": "Pw-Secret"}))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "j@b.io", "password": "wrong"}))
        .send()
        .await;
    let j = s
        .raw(Method::GET, "/_emulator/journal?status=4xx")
        .send()
        .await
        .ok();
    let entries = j["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["status"], 401);
    assert_eq!(entries[0]["reason"], "Invalid login or password");
    assert_eq!(entries[0]["app"], s.emulator.app_id());
    assert!(!j.to_string().contains("Pw-Secret"));
    for _ in 0..20 {
        s.get("/users/userroles").send().await.ok();
    }
    let all = s
        .raw(Method::GET, "/_emulator/journal?limit=100")
        .send()
        .await
        .ok();
    assert_eq!(all["size"], 5);
    assert_eq!(all["entries"].as_array().expect("entries").len(), 5);
}

#[tokio::test]
async fn snapshots_restore_and_forks_copy_an_app() {
    let s = start().await;
    let app = s.emulator.app_id().to_string();
    s.register("before@b.io", "pw").await;
    let snap = s
        .raw(Method::POST, &format!("/_emulator/apps/{app}/snapshots"))
        .send()
        .await
        .ok();
    let sid = snap["snapshotId"].as_str().expect("id").to_string();
    s.register("after@b.io", "pw").await;
    s.raw(
        Method::POST,
        &format!("/_emulator/apps/{app}/snapshots/{sid}/restore"),
    )
    .send()
    .await
    .ok();
    s.post("/users/login")
        .json(json!({"login": "after@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
    s.post("/users/login")
        .json(json!({"login": "before@b.io", "password": "pw"}))
        .send()
        .await
        .ok();
    s.raw(
        Method::POST,
        &format!("/_emulator/apps/{app}/snapshots/nope/restore"),
    )
    .send()
    .await
    .assert_error(99007, 400);

    let fork = s
        .raw(Method::POST, &format!("/_emulator/apps/{app}/fork"))
        .json(json!({"id": "FORK", "apiKey": "FK"}))
        .send()
        .await
        .ok();
    assert_eq!(fork["id"], "FORK");
    s.raw(Method::POST, "/FORK/FK/users/login")
        .json(json!({"login": "before@b.io", "password": "pw"}))
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/FORK/FK/users/register")
        .json(json!({"email": "only-fork@b.io", "password": "pw"}))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "only-fork@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
}

#[tokio::test]
async fn login_as_opens_a_session_without_the_password() {
    let s = start().await;
    let registered = s.register("Ann@Example.com", "secret").await;
    let by_password = s
        .post("/users/login")
        .json(json!({"login": "ann@example.com", "password": "secret"}))
        .send()
        .await
        .ok();
    for body in [
        json!({"email": "ann@example.com"}),
        json!({"login": "ANN@example.com"}),
        json!({"objectId": registered["objectId"]}),
    ] {
        let user = s
            .control(Method::POST, "/login-as")
            .json(body.clone())
            .send()
            .await
            .ok();
        let keys = |v: &Value| {
            // The loop's own update adds `nickname`; every other column must match.
            let object = v.as_object().expect("object");
            let mut k: Vec<String> = object
                .keys()
                .filter(|k| *k != "nickname")
                .cloned()
                .collect();
            k.sort();
            k
        };
        assert_eq!(keys(&user), keys(&by_password), "{body}");
        assert_eq!(user["objectId"], registered["objectId"]);
        assert!(user.get("password").is_none());
        let token = user["user-token"].as_str().expect("user-token");
        assert_ne!(token, by_password["user-token"].as_str().expect("token"));
        let valid = s
            .get(&format!("/users/isvalidusertoken/{token}"))
            .send()
            .await
            .ok();
        assert_eq!(valid, json!(true), "{body}");
        let updated = s
            .put(&format!(
                "/users/{}",
                user["objectId"].as_str().expect("id")
            ))
            .token(token)
            .json(json!({"nickname": "ann"}))
            .send()
            .await
            .ok();
        assert_eq!(updated["nickname"], "ann");
    }
}

#[tokio::test]
async fn login_as_refuses_unknown_disabled_and_unnamed_users() {
    let s = start().await;
    let user = s.register("bob@example.com", "secret").await;
    let id = user["objectId"].as_str().expect("id").to_string();
    s.control(Method::POST, "/login-as")
        .json(json!({"email": "nobody@example.com"}))
        .send()
        .await
        .assert_error(99221, 404);
    s.control(Method::POST, "/login-as")
        .json(json!({"objectId": "NO-SUCH-ID"}))
        .send()
        .await
        .assert_error(3030, 400);
    for body in [
        json!({}),
        json!({"email": ""}),
        json!({"email": ["bob@example.com"]}),
        json!({"email": "bob@example.com", "objectId": id}),
        json!({"objectId": 7}),
        json!("bob@example.com"),
    ] {
        s.control(Method::POST, "/login-as")
            .json(body)
            .send()
            .await
            .assert_error(99220, 400);
    }
    s.raw(Method::POST, "/_emulator/apps/NO-SUCH-APP/login-as")
        .json(json!({"email": "bob@example.com"}))
        .send()
        .await
        .assert_error(2002, 400);
    s.call_with_key(KeyKind::Bl, Method::PUT, &format!("/users/{id}/status"))
        .json(json!({"userStatus": "DISABLED"}))
        .send()
        .await
        .ok();
    s.control(Method::POST, "/login-as")
        .json(json!({"objectId": id}))
        .send()
        .await
        .assert_error(3090, 400);
}
