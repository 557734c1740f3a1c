//! The rarer Data Service error codes, one scenario each: 1022, 1032, 1039, 1166, 3050, 3098,
//! 4042, 8003.

mod common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn relation_and_deep_save_refusals() {
    let s = common::start().await;
    let p = s
        .post("/data/Team")
        .json(json!({"name": "t"}))
        .send()
        .await
        .ok();
    let pid = p["objectId"].as_str().expect("id").to_string();
    let (user, _) = s.login_new("m@x.com", "pw").await;
    let uid = user["objectId"].as_str().expect("id").to_string();
    s.post(&format!("/data/Team/{pid}/members:Users:n"))
        .json(json!([uid]))
        .send()
        .await
        .ok();
    s.post(&format!("/data/Team/{pid}/members"))
        .json(json!(["not-a-user"]))
        .send()
        .await
        .assert_error(4042, 400);
    s.put("/data/Team/deep-save")
        .json(json!({"objectId": pid, "members": [{"email": "new@x.com"}]}))
        .send()
        .await
        .assert_error(4042, 400);
    s.put("/data/Team/deep-save")
        .json(json!({"objectId": pid, "members": [{"___class": "Team", "objectId": uid}]}))
        .send()
        .await
        .assert_error(1022, 400);
    s.post(&format!("/data/Team/{pid}/members"))
        .json(json!([{"name": "no id"}]))
        .send()
        .await
        .assert_error(1032, 400);
    let loaded = s
        .get(&format!("/data/Team/{pid}?loadRelations=members"))
        .send()
        .await
        .ok();
    assert_eq!(loaded["members"][0]["email"], "m@x.com");
    assert!(loaded["members"][0].get("password").is_none());
}

#[tokio::test]
async fn column_names_dates_passwords_and_identity_rules() {
    let s = common::start().await;
    s.post("/data/T")
        .json(json!({"bad name": 1}))
        .send()
        .await
        .assert_error(1039, 400);
    s.post("/data/T").json(json!({"when": 0})).send().await.ok();
    let auth = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    s.raw(
        Method::POST,
        &format!("/{app}/console/data/tables/T/columns"),
    )
    .header("auth-key", &auth)
    .json(json!({"name": "day", "dataType": "DATETIME"}))
    .send()
    .await
    .ok();
    s.post("/data/T")
        .json(json!({"day": "not a date"}))
        .send()
        .await
        .assert_error(8003, 400);
    let ok = s
        .post("/data/T")
        .json(json!({"day": "01/02/2020 10:00:00"}))
        .send()
        .await
        .ok();
    assert_eq!(ok["day"], 1_577_959_200_000_i64);
    s.post("/data/T")
        .json(json!({"code": "a"}))
        .send()
        .await
        .ok();
    s.post("/data/T")
        .json(json!({"code": "a"}))
        .send()
        .await
        .ok();
    s.raw(
        Method::PUT,
        &format!("/{app}/console/data/tables/T/columns/code"),
    )
    .header("auth-key", &auth)
    .json(json!({"unique": true}))
    .send()
    .await
    .assert_error(1166, 400);
    s.post("/data/Users")
        .json(json!({"email": "p@x.com", "password": 5}))
        .send()
        .await
        .assert_error(3050, 400);
    s.put("/data/bulk/Users?where=email%20is%20not%20null")
        .json(json!({"email": "same@x.com"}))
        .send()
        .await
        .assert_error(3098, 400);
}
