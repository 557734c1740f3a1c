//! The console's Security, user-sessions and login-provider screens, as
//! `backendless-console-sdk` (`src/security.js`, `src/users.js`, `src/user.js`) calls them:
//! a permission set through the console is the one the client API decides with.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

struct Console<'a> {
    s: &'a common::TestServer,
    auth: String,
}

impl Console<'_> {
    async fn new(s: &common::TestServer) -> Console<'_> {
        let auth = s.console_login().await;
        Console { s, auth }
    }

    fn call(&self, method: Method, rest: &str) -> common::Call<'_> {
        let path = format!("/{}/console{rest}", self.s.emulator.app_id());
        self.s.raw(method, &path).header("auth-key", &self.auth)
    }
}

fn access_of(list: &Value, operation: &str) -> String {
    list.as_array()
        .expect("permission list")
        .iter()
        .find(|p| p["operation"] == operation)
        .and_then(|p| p["access"].as_str())
        .unwrap_or("missing")
        .to_string()
}

#[tokio::test]
async fn a_table_permission_set_in_the_console_refuses_the_client_until_dropped() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    s.post("/data/Person")
        .json(json!({"name": "Ann"}))
        .send()
        .await
        .ok();

    let set = c
        .call(Method::PUT, "/security/data/Person/roles/RestUser")
        .json(json!({"permissions": [{"operation": "FIND", "access": "DENY"}]}))
        .send()
        .await
        .ok();
    assert_eq!(access_of(&set, "FIND"), "DENY");
    assert_eq!(access_of(&set, "ADD"), "INHERIT");
    s.get("/data/Person").send().await.assert_error(1013, 400);

    let roles = c
        .call(Method::GET, "/security/data/Person/roles")
        .send()
        .await
        .ok();
    let rest = roles
        .as_array()
        .expect("roles")
        .iter()
        .find(|r| r["name"] == "RestUser")
        .expect("RestUser listed")
        .clone();
    assert_eq!(access_of(&rest["permissions"], "FIND"), "DENY");

    c.call(Method::DELETE, "/security/data/Person/roles/RestUser/find")
        .send()
        .await
        .ok();
    assert_eq!(
        s.get("/data/Person")
            .send()
            .await
            .ok()
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    c.call(Method::PUT, "/security/data/Person/roles/NoSuchRole")
        .json(json!({"operation": "FIND", "access": "DENY"}))
        .send()
        .await
        .assert_error(2005, 400);
    c.call(Method::PUT, "/security/data/Person/roles/RestUser")
        .json(json!({"operation": "FLY", "access": "DENY"}))
        .send()
        .await
        .assert_error(1024, 400);
    c.call(Method::GET, "/security/data/Nope/roles")
        .send()
        .await
        .assert_error(1009, 400);
}

#[tokio::test]
async fn user_table_permissions_and_the_owner_policy_decide_for_that_user() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    let (user, token) = s.login_new("ann@example.com", "secret1").await;
    let user_id = user["objectId"].as_str().expect("id").to_string();
    let mine = s
        .post("/data/Note")
        .token(&token)
        .json(json!({"t": "mine"}))
        .send()
        .await
        .ok();
    s.post("/data/Note")
        .json(json!({"t": "theirs"}))
        .send()
        .await
        .ok();

    let users = c
        .call(Method::GET, "/security/data/Note/users?name=ann")
        .send()
        .await
        .ok();
    assert_eq!(users["totalRows"], 1);
    assert_eq!(users["data"][0]["userId"], user_id.as_str());
    assert_eq!(users["data"][0]["name"], "ann@example.com");

    c.call(Method::PUT, &format!("/security/data/Note/users/{user_id}"))
        .json(json!({"permissions": [{"operation": "REMOVE", "access": "DENY"}]}))
        .send()
        .await
        .ok();
    let mine_id = mine["objectId"].as_str().expect("id");
    s.delete(&format!("/data/Note/{mine_id}"))
        .token(&token)
        .send()
        .await
        .assert_error(1014, 400);
    c.call(
        Method::DELETE,
        &format!("/security/data/Note/users/{user_id}/remove"),
    )
    .send()
    .await
    .ok();

    // The documented pattern: authenticated users may not find, owners may.
    c.call(Method::PUT, "/security/data/Note/roles/AuthenticatedUser")
        .json(json!({"permissions": [{"operation": "FIND", "access": "DENY"}]}))
        .send()
        .await
        .ok();
    let answer = c
        .call(Method::PUT, "/security/data/ownerpolicy/Note")
        .json(json!({"operation": "FIND", "access": "GRANT"}))
        .send()
        .await
        .ok();
    assert_eq!(answer, json!("GRANT"));
    let policy = c
        .call(Method::GET, "/security/data/ownerpolicy/Note")
        .send()
        .await
        .ok();
    assert_eq!(access_of(&policy, "FIND"), "GRANT");
    let found = s.get("/data/Note").token(&token).send().await.ok();
    let texts: Vec<&str> = found
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|o| o["t"].as_str())
        .collect();
    assert_eq!(texts, vec!["mine"]);

    c.call(Method::DELETE, "/security/data/ownerpolicy/Note/find")
        .send()
        .await
        .ok();
    s.get("/data/Note")
        .token(&token)
        .send()
        .await
        .assert_error(1013, 400);
}

#[tokio::test]
async fn object_acls_and_global_role_permissions_reach_the_client_api() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    let note = s
        .post("/data/Note")
        .json(json!({"t": "a"}))
        .send()
        .await
        .ok();
    let id = note["objectId"].as_str().expect("id").to_string();
    let acl = format!("/security/data/Note/objectAcl/{id}/roles");

    let roles = c
        .call(Method::PUT, &format!("{acl}/RestUser"))
        .json(json!({"operation": "REMOVE", "access": "DENY"}))
        .send()
        .await
        .ok();
    let remove = roles
        .as_array()
        .expect("operations")
        .iter()
        .find(|o| o["operationName"] == "REMOVE")
        .expect("REMOVE")
        .clone();
    let rest = remove["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .find(|r| r["roleName"] == "RestUser")
        .expect("RestUser")
        .clone();
    assert_eq!(rest["access"], "DENY");
    s.delete(&format!("/data/Note/{id}"))
        .send()
        .await
        .assert_error(1014, 400);
    c.call(Method::DELETE, &format!("{acl}/remove"))
        .send()
        .await
        .ok();
    let after = c.call(Method::GET, &acl).send().await.ok();
    assert!(!after.to_string().contains("DENY"), "{after}");

    c.call(Method::GET, "/security/data/Note/objectAcl/missing/users")
        .send()
        .await
        .assert_error(1000, 400);
    c.call(
        Method::GET,
        &format!("/security/data/Note/objectAcl/{id}/owner"),
    )
    .send()
    .await
    .assert_error(99251, 400);
    c.call(
        Method::GET,
        &format!("/security/nope/Note/objectAcl/{id}/users"),
    )
    .send()
    .await
    .assert_error(99250, 400);

    let global = c
        .call(Method::PUT, "/security/roles/permissions/RestUser")
        .json(json!({"operation": "ADD", "access": "DENY"}))
        .send()
        .await
        .ok();
    assert_eq!(access_of(&global, "ADD"), "DENY");
    s.post("/data/Note")
        .json(json!({"t": "b"}))
        .send()
        .await
        .assert_error(1011, 400);
    let read = c
        .call(Method::GET, "/security/roles/permissions/SYSTEM-RestUser")
        .send()
        .await
        .ok();
    assert_eq!(access_of(&read, "ADD"), "DENY");
    c.call(Method::PUT, "/security/roles/permissions/RestUser")
        .json(json!({"operation": "ADD", "access": "INHERIT"}))
        .send()
        .await
        .ok();
    s.post("/data/Note")
        .json(json!({"t": "b"}))
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn file_permissions_by_role_and_user_guard_downloads() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    s.put("/files/binary/dir/a.txt")
        .body("text/plain", "aGVsbG8=")
        .send()
        .await
        .ok();
    let set = c
        .call(Method::PUT, "/security/roles/RestUser/files/dir/a.txt")
        .json(json!({"permissions": [{"operation": "READ", "access": "DENY"}]}))
        .send()
        .await
        .ok();
    assert_eq!(access_of(&set, "READ"), "DENY");
    assert!(!s.get("/files/dir/a.txt").send().await.status.is_success());
    let roles = c
        .call(Method::GET, "/security/roles/files/dir/a.txt")
        .send()
        .await
        .ok();
    let rest = roles
        .as_array()
        .expect("roles")
        .iter()
        .find(|r| r["name"] == "RestUser")
        .expect("RestUser")
        .clone();
    assert_eq!(access_of(&rest["permissions"], "READ"), "DENY");
    c.call(Method::DELETE, "/security/roles/RestUser/files/dir/a.txt")
        .send()
        .await
        .ok();
    assert_eq!(s.get("/files/dir/a.txt").send().await.ok(), json!("hello"));

    let (user, token) = s.login_new("f@example.com", "secret1").await;
    let uid = user["objectId"].as_str().expect("id");
    c.call(
        Method::PUT,
        &format!("/security/users/{uid}/file/dir/a.txt"),
    )
    .json(json!({"permissions": [{"operation": "READ", "access": "DENY"}]}))
    .send()
    .await
    .ok();
    assert!(!s
        .get("/files/dir/a.txt")
        .token(&token)
        .send()
        .await
        .status
        .is_success());
    assert!(s.get("/files/dir/a.txt").send().await.status.is_success());
    c.call(Method::GET, "/security/roles/files/dir/missing.txt")
        .send()
        .await
        .assert_error(6000, 400);
    c.call(
        Method::PUT,
        "/security/data/Person/columns/permissions/find/RestUser",
    )
    .json(json!({}))
    .send()
    .await
    .assert_error(99000, 400);
}

#[tokio::test]
async fn the_console_lists_user_sessions_and_logs_a_user_out() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    let (ann, ann_token) = s.login_new("ann@example.com", "secret1").await;
    s.register("bob@example.com", "secret1").await;
    let ann_id = ann["objectId"].as_str().expect("id").to_string();

    let users = c
        .call(Method::GET, "/user/sessions/users?identityOrUserId=ann")
        .send()
        .await
        .ok();
    assert_eq!(users["totalRows"], 1);
    assert_eq!(users["data"][0]["sessionsCount"], 1);
    let with = c
        .call(Method::GET, "/user/sessions/users-with-sessions")
        .send()
        .await
        .ok();
    assert_eq!(with["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(with["data"][0]["identity"], "ann@example.com");
    let sessions = c
        .call(Method::GET, &format!("/user/sessions/{ann_id}?pageSize=10"))
        .send()
        .await
        .ok();
    assert_eq!(sessions["data"][0]["userToken"], ann_token.as_str());
    assert_eq!(sessions["cursor"], Value::Null);

    let out = c
        .call(Method::PUT, "/user/sessions/logout")
        .json(json!(ann_id))
        .send()
        .await
        .ok();
    assert_eq!(out["loggedOut"], 1);
    let valid = s
        .get(&format!("/users/isvalidusertoken/{ann_token}"))
        .send()
        .await
        .ok();
    assert_eq!(valid, json!(false));
    c.call(Method::PUT, "/user/sessions/logout")
        .json(json!({}))
        .send()
        .await
        .assert_error(8010, 400);
    c.call(Method::GET, "/user/sessions/nobody")
        .send()
        .await
        .assert_error(3030, 400);
}

#[tokio::test]
async fn oauth_providers_are_kept_per_app_and_survive_export() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    let templates = c
        .call(Method::GET, "/users/oauth2-templates")
        .send()
        .await
        .ok();
    assert!(templates.to_string().contains("google"));
    let made = c
        .call(Method::POST, "/users/oauth2/create-from-template")
        .json(json!({"templateCode": "google", "clientId": "cid"}))
        .send()
        .await
        .ok();
    let id = made["id"].as_str().expect("id").to_string();
    assert_eq!(made["providerCode"], "google");
    assert_eq!(made["clientId"], "cid");
    c.call(Method::POST, "/users/oauth2/create-from-template")
        .json(json!({"templateCode": "google"}))
        .send()
        .await
        .assert_error(99255, 409);
    let changed = c
        .call(Method::PUT, &format!("/users/oauth2/{id}"))
        .json(json!({"id": id, "clientSecret": "sec"}))
        .send()
        .await
        .ok();
    assert_eq!(changed["clientSecret"], "sec");
    let custom = c
        .call(Method::POST, "/users/oauth2")
        .json(json!({"name": "My IdP", "clientId": "x"}))
        .send()
        .await
        .ok();
    assert_eq!(custom["providerCode"], "my-idp");
    c.call(Method::POST, "/users/oauth1/create-from-template")
        .json(json!({"templateCode": "twitter"}))
        .send()
        .await
        .ok();

    let export = s.export_app().await;
    s.reset_app().await;
    assert_eq!(
        c.call(Method::GET, "/users/oauth2").send().await.ok(),
        json!([])
    );
    s.import_app(export).await;
    let list = c.call(Method::GET, "/users/oauth2").send().await.ok();
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let one = c
        .call(Method::GET, &format!("/users/oauth2/{id}"))
        .send()
        .await
        .ok();
    assert_eq!(one["clientSecret"], "sec");
    assert_eq!(
        c.call(Method::GET, "/users/oauth1").send().await.ok()[0]["providerCode"],
        "twitter"
    );

    c.call(Method::DELETE, &format!("/users/oauth2/{id}"))
        .send()
        .await
        .ok();
    c.call(Method::GET, &format!("/users/oauth2/{id}"))
        .send()
        .await
        .assert_error(99252, 404);
    c.call(Method::POST, "/users/oauth2/create-from-template")
        .json(json!({"templateCode": "myspace"}))
        .send()
        .await
        .assert_error(99253, 400);
    c.call(Method::GET, "/users/oauth2/google/callback-url")
        .send()
        .await
        .assert_error(99000, 400);
}

#[tokio::test]
async fn auth0_settings_and_scope_bindings_name_existing_roles() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    c.call(Method::PUT, "/security/roles/Editors")
        .send()
        .await
        .ok();
    let config = c
        .call(Method::PUT, "/security/auth0/config")
        .json(json!({"domain": "me.auth0.com", "enabled": true}))
        .send()
        .await
        .ok();
    assert_eq!(config["domain"], "me.auth0.com");
    assert_eq!(
        c.call(Method::GET, "/security/auth0/config")
            .send()
            .await
            .ok()["enabled"],
        true
    );
    c.call(Method::POST, "/security/auth0/scope-to-role")
        .json(json!({"scope": "read", "roleName": "Ghosts"}))
        .send()
        .await
        .assert_error(2005, 400);
    let binding = c
        .call(Method::POST, "/security/auth0/scope-to-role")
        .json(json!({"scope": "read", "roleName": "Editors"}))
        .send()
        .await
        .ok();
    let id = binding["id"].as_str().expect("id").to_string();
    let changed = c
        .call(Method::PUT, &format!("/security/auth0/scope-to-role/{id}"))
        .json(json!({"id": id, "scope": "write"}))
        .send()
        .await
        .ok();
    assert_eq!(changed["scope"], "write");
    assert_eq!(changed["roleName"], "Editors");
    c.call(Method::DELETE, "/security/roles/Editors")
        .send()
        .await
        .ok();
    assert_eq!(
        c.call(Method::GET, "/security/auth0/scope-to-role")
            .send()
            .await
            .ok(),
        json!([])
    );
    c.call(
        Method::DELETE,
        &format!("/security/auth0/scope-to-role/{id}"),
    )
    .send()
    .await
    .assert_error(99254, 404);
}

#[tokio::test]
async fn the_developer_sees_its_permissions_and_two_factor_state() {
    let s = common::start().await;
    let c = Console::new(&s).await;
    let mine = c.call(Method::GET, "/my-permissions").send().await.ok();
    assert!(mine
        .as_array()
        .expect("operations")
        .iter()
        .any(|p| p["operation"] == "DELETE_APPLICATION" && p["access"] == "GRANT"));
    let two_fa = |m: Method| {
        s.raw(m, "/console/developer/login/2fa")
            .header("auth-key", &c.auth)
    };
    assert_eq!(
        two_fa(Method::GET).send().await.ok(),
        json!({"enabled": false})
    );
    two_fa(Method::PUT)
        .json(json!({"enabled": true}))
        .send()
        .await
        .assert_error(99000, 400);
    two_fa(Method::PUT)
        .json(json!({}))
        .send()
        .await
        .assert_error(8010, 400);
    s.raw(Method::GET, "/console/developer/login/2fa")
        .send()
        .await
        .assert_error(99004, 401);
}
