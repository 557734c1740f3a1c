//! User Service over HTTP: every endpoint's success shape and every error code it raises.

mod common;

use backendless_emulator::KeyKind;
use common::{assert_schema, redact, start};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn register_returns_the_user_without_password_or_token() {
    let s = start().await;
    let reply = s
        .post("/users/register")
        .json(json!({"email": "ann@example.com", "password": "pw", "age": 31}))
        .send()
        .await;
    let user = reply.ok();
    assert_schema("user.schema.json", &user);
    assert_eq!(
        user["ownerId"], user["objectId"],
        "a self-registered user owns itself"
    );
    insta::assert_json_snapshot!("register", redact(user));
}

#[tokio::test]
async fn register_refuses_bad_input_with_documented_codes() {
    let s = start().await;
    s.register("dup@example.com", "pw").await;
    let cases = [
        (json!({}), 3011),
        (json!({"email": "x@example.com"}), 3011),
        (json!({"email": "x@example.com", "password": ""}), 3011),
        (json!({"email": "x@example.com", "password": 5}), 3050),
        (json!({"password": "pw"}), 3013),
        (json!({"email": "not-an-email", "password": "pw"}), 3040),
        (json!({"email": "DUP@example.com", "password": "pw"}), 3033),
        (
            json!({"email": "c@example.com", "password": "pw", "created": 1}),
            3077,
        ),
        (
            json!({"email": "u@example.com", "password": "pw", "updated": 1}),
            3076,
        ),
        (
            json!({"email": "o@example.com", "password": "pw", "objectId": "NOT-A-GUEST"}),
            3039,
        ),
        (json!([1, 2]), 3038),
    ];
    for (body, code) in cases {
        let reply = s.post("/users/register").json(body.clone()).send().await;
        reply.assert_error(code, 400);
        assert_schema("error.schema.json", &reply.body);
    }
    let users = s
        .app()
        .services()
        .data
        .read(|t| t.table("Users").map(|t| t.len()).unwrap_or(0));
    assert_eq!(users, 1, "no failed registration stored anything");
}

#[tokio::test]
async fn registration_disabled_is_403_and_dynamic_schema_off_drops_unknown_properties() {
    let s = start().await;
    s.settings(json!({"registration": {"userRegistrationEnabled": false}}))
        .await;
    s.post("/users/register")
        .json(json!({"email": "a@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3009, 403);
    s.settings(json!({"registration": {"userRegistrationEnabled": true}, "data": {"dynamicSchema": false}})).await;
    let user = s
        .post("/users/register")
        .json(json!({"email": "a@example.com", "password": "pw", "shoe": 42}))
        .send()
        .await
        .ok();
    assert!(user.get("shoe").is_none());
}

#[tokio::test]
async fn guest_login_and_conversion_keep_the_object_id() {
    let s = start().await;
    let guest = s.post("/users/register/guest").send().await.ok();
    assert_eq!(guest["userStatus"], "GUEST");
    assert!(guest["user-token"].is_string());
    insta::assert_json_snapshot!("guest", redact(guest.clone()));
    let converted = s
        .post("/users/register")
        .json(json!({"objectId": guest["objectId"], "email": "g@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_eq!(converted["objectId"], guest["objectId"]);
    assert_eq!(converted["userStatus"], "ENABLED");
    let again = s
        .post("/users/register")
        .json(json!({"objectId": guest["objectId"], "email": "h@example.com", "password": "pw"}))
        .send()
        .await;
    again.assert_error(3039, 400);
}

#[tokio::test]
async fn login_answers_the_user_with_a_token_and_stamps_last_login() {
    let s = start().await;
    s.register("bo@example.com", "pw").await;
    let user = s
        .post("/users/login")
        .json(json!({"login": "BO@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_schema("user-session.schema.json", &user);
    assert!(user["lastLogin"].is_i64());
    insta::assert_json_snapshot!("login", redact(user));
}

#[tokio::test]
async fn login_errors() {
    let s = start().await;
    s.register("c@example.com", "pw").await;
    s.post("/users/login")
        .json(json!({"login": "c@example.com", "password": "no"}))
        .send()
        .await
        .assert_error(3003, 401);
    s.post("/users/login")
        .json(json!({"login": "nobody@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3003, 401);
    s.post("/users/login")
        .json(json!({"login": "c@example.com", "password": ""}))
        .send()
        .await
        .assert_error(3006, 400);
    s.post("/users/login")
        .json(json!({"login": "", "password": "pw"}))
        .send()
        .await
        .assert_error(3006, 400);
    s.post("/users/login")
        .json(json!("text"))
        .send()
        .await
        .assert_error(3038, 400);
}

#[tokio::test]
async fn login_by_object_id_only_with_the_cloud_code_key() {
    let s = start().await;
    let user = s.register("d@example.com", "pw").await;
    let body = json!({"objectId": user["objectId"]});
    let refused = s.post("/users/login").json(body.clone()).send().await;
    refused.assert_error(2014, 400);
    assert_eq!(
        refused.body["message"],
        "Login by object id is allowed only for Code Runner API key"
    );
    let logged = s
        .call_with_key(KeyKind::Bl, Method::POST, "/users/login")
        .json(body)
        .send()
        .await
        .ok();
    assert!(logged["user-token"].is_string());
}

#[tokio::test]
async fn logout_ends_the_session_and_the_token_is_refused_afterwards() {
    let s = start().await;
    let (_, token) = s.login_new("e@example.com", "pw").await;
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{token}"))
            .send()
            .await
            .ok(),
        json!(true)
    );
    let out = s.get("/users/logout").token(&token).send().await;
    assert_eq!((out.status.as_u16(), out.body.clone()), (200, Value::Null));
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{token}"))
            .send()
            .await
            .ok(),
        json!(false)
    );
    let refused = s.get("/users/userroles").token(&token).send().await;
    refused.assert_error(3064, 400);
    assert_eq!(
        refused.body["message"],
        format!("Not existing user token - {token}. Relogin user to update your user token")
    );
    let anonymous = s.get("/users/logout").send().await;
    assert_eq!(
        (anonymous.status.as_u16(), anonymous.body),
        (200, Value::Null),
        "no user-token: nothing to end, as on Backendless"
    );
}

#[tokio::test]
async fn newest_login_wins_by_default() {
    let s = start().await;
    let (_, first) = s.login_new("f@example.com", "pw").await;
    let second = s
        .post("/users/login")
        .json(json!({"login": "f@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{first}"))
            .send()
            .await
            .ok(),
        json!(false)
    );
    let token = second["user-token"].as_str().expect("token");
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{token}"))
            .send()
            .await
            .ok(),
        json!(true)
    );
}

#[tokio::test]
async fn logout_last_user_blocks_a_second_login() {
    let s = start().await;
    s.settings(json!({"login": {"logoutLastUser": true}})).await;
    let (_, first) = s.login_new("g@example.com", "pw").await;
    s.post("/users/login")
        .json(json!({"login": "g@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3002, 400);
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{first}"))
            .send()
            .await
            .ok(),
        json!(true)
    );
}

#[tokio::test]
async fn multiple_logins_stop_at_the_limit() {
    let s = start().await;
    s.settings(json!({"login": {"enableMultipleLogins": true, "maxConcurrentLogins": 2}}))
        .await;
    let (_, first) = s.login_new("h@example.com", "pw").await;
    let login = json!({"login": "h@example.com", "password": "pw"});
    s.post("/users/login").json(login.clone()).send().await.ok();
    s.post("/users/login")
        .json(login)
        .send()
        .await
        .assert_error(3044, 400);
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{first}"))
            .send()
            .await
            .ok(),
        json!(true)
    );
}

#[tokio::test]
async fn lockout_after_consecutive_failures_is_reset_by_success_and_lifted_by_time() {
    let s = start().await;
    s.settings(json!({"login": {"failedLoginsLock": 2, "lockTimeoutMinutes": 30}}))
        .await;
    s.register("i@example.com", "pw").await;
    let good = json!({"login": "i@example.com", "password": "pw"});
    let bad = json!({"login": "i@example.com", "password": "nope"});
    // The sequence from the JS e2e suite: bad, good, bad, bad, good → 3036.
    s.post("/users/login")
        .json(bad.clone())
        .send()
        .await
        .assert_error(3003, 401);
    s.post("/users/login").json(good.clone()).send().await.ok();
    s.post("/users/login")
        .json(bad.clone())
        .send()
        .await
        .assert_error(3003, 401);
    s.post("/users/login")
        .json(bad)
        .send()
        .await
        .assert_error(3003, 401);
    s.post("/users/login")
        .json(good.clone())
        .send()
        .await
        .assert_error(3036, 400);
    s.advance_clock(31 * 60_000).await;
    s.post("/users/login").json(good).send().await.ok();
}

#[tokio::test]
async fn sessions_time_out_after_inactivity_on_the_app_clock() {
    let s = start().await;
    s.settings(json!({"login": {"enableSessionTimeout": true, "sessionTimeout": 60}}))
        .await;
    let (_, token) = s.login_new("j@example.com", "pw").await;
    s.advance_clock(50_000).await;
    s.get("/users/userroles").token(&token).send().await.ok();
    s.advance_clock(50_000).await;
    s.get("/users/userroles").token(&token).send().await.ok();
    s.advance_clock(61_000).await;
    s.get("/users/userroles")
        .token(&token)
        .send()
        .await
        .assert_error(3064, 400);
}

#[tokio::test]
async fn find_by_id_in_both_forms_with_props() {
    let s = start().await;
    let user = s
        .post("/users/register")
        .json(json!({"email": "k@example.com", "password": "pw", "name": "Kay"}))
        .send()
        .await
        .ok();
    let id = user["objectId"].as_str().expect("id");
    let via_data = s.get(&format!("/data/Users/{id}")).send().await.ok();
    assert_schema("user.schema.json", &via_data);
    assert_eq!(via_data, user);
    let some = s.get(&format!("/users/{id}?props=name")).send().await.ok();
    insta::assert_json_snapshot!("find_props", redact(some));
    s.get("/users/NOPE").send().await.assert_error(3030, 400);
    s.get("/data/Users/NOPE")
        .send()
        .await
        .assert_error(1000, 400);
}

#[tokio::test]
async fn update_changes_profile_password_and_identity_with_uniqueness() {
    let s = start().await;
    s.register("other@example.com", "pw").await;
    let (user, token) = s.login_new("l@example.com", "pw").await;
    let id = user["objectId"].as_str().expect("id");
    let updated = s
        .put(&format!("/users/{id}"))
        .token(&token)
        .json(json!({"age": 5, "password": "new"}))
        .send()
        .await
        .ok();
    assert_eq!(updated["age"], 5);
    assert!(updated["updated"].is_i64());
    assert!(updated.get("user-token").is_none());
    assert_schema("user.schema.json", &updated);
    let relogged = s
        .post("/users/login")
        .json(json!({"login": "l@example.com", "password": "new"}))
        .send()
        .await
        .ok();
    let token = relogged["user-token"].as_str().expect("token").to_string();
    s.put(&format!("/users/{id}"))
        .token(&token)
        .json(json!({"email": "OTHER@example.com"}))
        .send()
        .await
        .assert_error(3018, 400);
    s.put(&format!("/users/{id}"))
        .token(&token)
        .json(json!({"email": "bad"}))
        .send()
        .await
        .assert_error(3040, 400);
    s.put("/users/NOPE")
        .token(&token)
        .json(json!({"age": 1}))
        .send()
        .await
        .assert_error(3030, 400);
}

#[tokio::test]
async fn updating_another_user_follows_the_security_layer() {
    use backendless_emulator::services::security::{Access, Permission, Principal, Scope};
    let s = start().await;
    let victim = s.register("v@example.com", "pw").await;
    let (_, token) = s.login_new("m@example.com", "pw").await;
    let path = format!("/users/{}", victim["objectId"].as_str().expect("id"));
    s.put(&path)
        .token(&token)
        .json(json!({"age": 1}))
        .send()
        .await
        .ok();
    s.app().services().security.set_entry(
        Scope::Table("Users"),
        Principal::Role("AuthenticatedUser".into()),
        Permission::Update,
        Some(Access::Deny),
    );
    s.put(&path)
        .token(&token)
        .json(json!({"age": 2}))
        .send()
        .await
        .assert_error(3029, 400);
    s.call_with_key(KeyKind::Bl, Method::PUT, &path)
        .json(json!({"age": 3}))
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn delete_removes_the_user_and_its_sessions() {
    let s = start().await;
    let (user, token) = s.login_new("n@example.com", "pw").await;
    let id = user["objectId"].as_str().expect("id");
    let gone = s.delete(&format!("/data/Users/{id}")).send().await.ok();
    assert!(gone["deletionTime"].is_i64());
    assert_eq!(
        s.get(&format!("/users/isvalidusertoken/{token}"))
            .send()
            .await
            .ok(),
        json!(false)
    );
    s.delete(&format!("/data/Users/{id}"))
        .send()
        .await
        .assert_error(1000, 400);
    let (user2, _) = s.login_new("n2@example.com", "pw").await;
    s.delete(&format!(
        "/users/{}",
        user2["objectId"].as_str().expect("id")
    ))
    .send()
    .await
    .ok();
}

#[tokio::test]
async fn password_recovery_lands_in_the_outbox_and_its_link_sets_a_new_password() {
    let s = start().await;
    s.register("o@example.com", "old").await;
    let reply = s.get("/users/restorepassword/o%40example.com").send().await;
    assert_eq!((reply.status.as_u16(), reply.body), (200, Value::Null));
    let mail = s.outbox().await.pop().expect("an email");
    assert_eq!(mail["kind"], "password-recovery");
    assert_eq!(mail["to"], json!(["o@example.com"]));
    let link = mail["link"].as_str().expect("link").to_string();
    let path = link.trim_start_matches(s.emulator.base_url()).to_string();
    s.raw(Method::POST, &path)
        .json(json!({"password": "fresh"}))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "o@example.com", "password": "fresh"}))
        .send()
        .await
        .ok();
    s.raw(Method::POST, &path)
        .json(json!({"password": "again"}))
        .send()
        .await
        .assert_error(3020, 400);
    s.get("/users/restorepassword/nobody%40example.com")
        .send()
        .await
        .assert_error(3020, 400);
}

#[tokio::test]
async fn verify_password_needs_cloud_code_and_a_session() {
    let s = start().await;
    let (_, token) = s.login_new("p@example.com", "pw").await;
    let bl = |body: Value| {
        s.call_with_key(KeyKind::Bl, Method::POST, "/users/verifypassowrd")
            .json(body)
    };
    assert_eq!(
        bl(json!({"password": "pw"}))
            .token(&token)
            .send()
            .await
            .ok(),
        json!({"valid": true})
    );
    assert_eq!(
        bl(json!({"password": "x"})).token(&token).send().await.ok(),
        json!({"valid": false})
    );
    bl(json!({"password": "pw"}))
        .send()
        .await
        .assert_error(3121, 400);
    let refused = s
        .post("/users/verifypassowrd")
        .token(&token)
        .json(json!({"password": "pw"}))
        .send()
        .await;
    refused.assert_error(3122, 400);
    assert_eq!(
        refused.body["message"],
        "Password verification allowed only from CloudCode"
    );
}

#[tokio::test]
async fn user_class_props_describe_every_column_with_identity() {
    let s = start().await;
    s.post("/users/register")
        .json(json!({"email": "q@example.com", "password": "pw", "location": "x"}))
        .send()
        .await
        .ok();
    let props = s.get("/users/userclassprops").send().await.ok();
    let items = props.as_array().expect("array");
    for p in items {
        assert_schema("user-property.schema.json", p);
    }
    let names: Vec<&str> = items.iter().filter_map(|p| p["name"].as_str()).collect();
    for expected in [
        "objectId", "email", "created", "updated", "location", "password",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let email = items.iter().find(|p| p["name"] == "email").expect("email");
    assert_eq!(email["identity"], true);
    insta::assert_json_snapshot!("userclassprops", props);
}

#[tokio::test]
async fn email_confirmation_flow() {
    let s = start().await;
    s.register("r@example.com", "pw").await;
    s.post("/users/resendconfirmation/r@example.com")
        .send()
        .await
        .assert_error(3103, 400);
    s.settings(json!({"registration": {"emailConfirmationRequired": true}}))
        .await;
    let pending = s.register("s@example.com", "pw").await;
    assert_eq!(pending["userStatus"], "EMAIL_CONFIRMATION_PENDING");
    s.post("/users/login")
        .json(json!({"login": "s@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3087, 400);
    let resent = s
        .post("/users/resendconfirmation/s@example.com")
        .send()
        .await;
    assert_eq!((resent.status.as_u16(), resent.body), (200, Value::Null));
    let mails = s.outbox().await;
    assert_eq!(
        mails
            .iter()
            .filter(|m| m["kind"] == "email-confirmation")
            .count(),
        2
    );
    let url = s
        .post("/users/createEmailConfirmationURL/s@example.com")
        .send()
        .await
        .ok();
    let link = url["confirmationURL"].as_str().expect("url").to_string();
    let confirmed = s
        .raw(Method::GET, link.trim_start_matches(s.emulator.base_url()))
        .send()
        .await
        .ok();
    assert_eq!(confirmed["user"]["userStatus"], "ENABLED");
    s.post("/users/login")
        .json(json!({"login": "s@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    s.post("/users/resendconfirmation/s@example.com")
        .send()
        .await
        .assert_error(3102, 400);
    s.post("/users/resendconfirmation/nobody@example.com")
        .send()
        .await
        .assert_error(3104, 400);
}

#[tokio::test]
async fn enable_and_disable_accounts_with_the_cloud_code_key() {
    let s = start().await;
    let user = s.register("t@example.com", "pw").await;
    let path = format!("/users/{}/status", user["objectId"].as_str().expect("id"));
    let refused = s
        .put(&path)
        .json(json!({"userStatus": "DISABLED"}))
        .send()
        .await;
    refused.assert_error(3054, 400);
    assert_eq!(
        refused.body["message"],
        "Operation allowed only for BL logic."
    );
    let bl = |body: Value| s.call_with_key(KeyKind::Bl, Method::PUT, &path).json(body);
    let done = bl(json!({"userStatus": "DISABLED"})).send().await;
    assert_eq!((done.status.as_u16(), done.body), (200, Value::Null));
    s.post("/users/login")
        .json(json!({"login": "t@example.com", "password": "pw"}))
        .send()
        .await
        .assert_error(3090, 400);
    bl(json!({"userStatus": "DISABLED"}))
        .send()
        .await
        .assert_error(3085, 400);
    bl(json!({"userStatus": "ENABLED"})).send().await.ok();
    bl(json!({"userStatus": "ENABLED"}))
        .send()
        .await
        .assert_error(3086, 400);
    bl(json!({"userStatus": "SLEEPING"}))
        .send()
        .await
        .assert_error(3038, 400);
    s.post("/users/login")
        .json(json!({"login": "t@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn roles_listing_assignment_and_find_by_role() {
    let s = start().await;
    assert_eq!(
        s.get("/users/userroles").send().await.ok(),
        json!(["NotAuthenticatedUser", "RestUser"])
    );
    let (user, token) = s.login_new("w@example.com", "pw").await;
    let id = user["objectId"].as_str().expect("id");
    s.app()
        .services()
        .security
        .create_role("Editors", &s.app().ids)
        .expect("role");
    let bl = |m: Method, p: &str| s.call_with_key(KeyKind::Bl, m, p);
    let assign = json!({"user": "w@example.com", "roleName": "Editors"});
    s.post("/users/assignRole")
        .json(assign.clone())
        .send()
        .await
        .assert_error(2011, 400);
    bl(Method::POST, "/users/assignRole")
        .json(assign.clone())
        .send()
        .await
        .ok();
    assert_eq!(
        s.get("/users/userroles").token(&token).send().await.ok(),
        json!(["AuthenticatedUser", "RestUser", "Editors"])
    );
    assert_eq!(
        bl(Method::GET, &format!("/users/userroles/{id}"))
            .send()
            .await
            .ok(),
        json!(["AuthenticatedUser", "Editors"])
    );
    s.get(&format!("/users/userroles/{id}"))
        .send()
        .await
        .assert_error(2011, 400);
    let members = s
        .get("/users/role/Editors?loadRoles=true")
        .send()
        .await
        .ok();
    assert_eq!(members[0]["objectId"], user["objectId"]);
    assert_eq!(members[0]["roles"], json!(["Editors"]));
    bl(Method::POST, "/users/assignRole")
        .json(json!({"user": "w@example.com", "roleName": "AuthenticatedUser"}))
        .send()
        .await
        .assert_error(2007, 400);
    bl(Method::POST, "/users/unassignRole")
        .json(json!({"user": "w@example.com", "roleName": "AuthenticatedUser"}))
        .send()
        .await
        .assert_error(2008, 400);
    bl(Method::POST, "/users/assignRole")
        .json(json!({"user": "w@example.com", "roleName": "Nope"}))
        .send()
        .await
        .assert_error(2005, 400);
    bl(Method::POST, "/users/assignRole")
        .json(json!({"user": "nobody@example.com", "roleName": "Editors"}))
        .send()
        .await
        .assert_error(3057, 400);
    bl(Method::POST, "/users/unassignRole")
        .json(assign)
        .send()
        .await
        .ok();
    assert_eq!(s.get("/users/role/Editors").send().await.ok(), json!([]));
    s.get("/users/role/Nope")
        .send()
        .await
        .assert_error(2005, 400);
}

#[tokio::test]
async fn social_logins_are_honestly_unsupported() {
    let s = start().await;
    for path in [
        "/users/social/facebook/login",
        "/users/oauth/googleplus/login",
        "/users/oauth/github/request_url",
    ] {
        let reply = s.post(path).json(json!({"accessToken": "x"})).send().await;
        reply.assert_error(99000, 400);
        assert!(reply.body["message"]
            .as_str()
            .expect("message")
            .ends_with("is not supported by the emulator"));
    }
}

#[tokio::test]
async fn find_by_role_applies_the_data_query_options() {
    let s = start().await;
    s.app()
        .services()
        .security
        .create_role("Staff", &s.app().ids)
        .expect("role");
    for (email, age) in [
        ("a@example.com", 30),
        ("b@example.com", 20),
        ("c@example.com", 40),
        ("d@example.com", 50),
    ] {
        s.post("/users/register")
            .json(json!({"email": email, "password": "pw", "age": age}))
            .send()
            .await
            .ok();
    }
    for email in ["a@example.com", "b@example.com", "c@example.com"] {
        s.call_with_key(KeyKind::Bl, Method::POST, "/users/assignRole")
            .json(json!({"user": email, "roleName": "Staff"}))
            .send()
            .await
            .ok();
    }
    let older = s
        .get("/users/role/Staff?where=age%20%3E%2025&sortBy=age%20desc&loadRoles=true")
        .send()
        .await
        .ok();
    let emails: Vec<&str> = older
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|u| u["email"].as_str())
        .collect();
    assert_eq!(
        emails,
        vec!["c@example.com", "a@example.com"],
        "d is not Staff; b is too young"
    );
    assert_eq!(older[0]["roles"], json!(["Staff"]));
    let page = s
        .get("/users/role/Staff?sortBy=age&pageSize=1&offset=1")
        .send()
        .await
        .ok();
    assert_eq!(page[0]["email"], "a@example.com");
    s.get("/users/role/Staff?where=age%20%3E")
        .send()
        .await
        .assert_error(1017, 400);
    s.get("/users/role/AuthenticatedUser")
        .send()
        .await
        .assert_error(2000, 400);
}
