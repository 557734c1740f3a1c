//! Console (developer) API over HTTP: login and auth-key, apps, settings, user properties, roles.

mod common;

use backendless_emulator::KeyKind;
use common::{assert_schema, start, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

async fn console(s: &TestServer, method: Method, path: &str, key: &str) -> common::Reply {
    s.raw(method, path).header("auth-key", key).send().await
}

#[tokio::test]
async fn login_returns_the_auth_key_header_and_my_account_echoes_it() {
    let s = start().await;
    let (login, password) = s.emulator.developer();
    let reply = s
        .raw(Method::POST, "/console/home/login")
        .json(json!({"login": login, "password": password}))
        .send()
        .await;
    let key = reply.headers["auth-key"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert_eq!(reply.body["email"], login);
    let account = console(&s, Method::GET, "/console/home/myaccount", &key)
        .await
        .ok();
    assert_eq!(account["authKey"], key);
    s.raw(Method::POST, "/console/home/login")
        .json(json!({"login": login, "password": "wrong"}))
        .send()
        .await
        .assert_error(3003, 401);
    console(&s, Method::DELETE, "/console/home/logout", &key)
        .await
        .ok();
    console(&s, Method::GET, "/console/home/myaccount", &key)
        .await
        .assert_error(99004, 401);
    s.raw(Method::GET, "/console/applications")
        .send()
        .await
        .assert_error(99004, 401);
}

#[tokio::test]
async fn developers_can_register_and_log_in() {
    let s = start().await;
    s.raw(Method::POST, "/console/devreg")
        .json(json!({"email": "new@dev.io", "password": "pw", "name": "New"}))
        .send()
        .await
        .ok();
    s.raw(Method::POST, "/console/devreg")
        .json(json!({"email": "new@dev.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3033, 400);
    let reply = s
        .raw(Method::POST, "/console/home/login")
        .json(json!({"login": "new@dev.io", "password": "pw"}))
        .send()
        .await;
    assert!(reply.headers.contains_key("auth-key"));
}

#[tokio::test]
async fn a_created_app_is_usable_at_once_with_the_keys_appsettings_lists() {
    let s = start().await;
    let key = s.console_login().await;
    let created = s
        .raw(Method::POST, "/console/applications")
        .header("auth-key", &key)
        .json(json!({"appName": "shop", "refCode": null}))
        .send()
        .await
        .ok();
    assert_schema("console-app.schema.json", &created);
    let id = created["id"].as_str().expect("id").to_string();
    let apps = console(&s, Method::GET, "/console/applications?zone=US", &key)
        .await
        .ok();
    assert!(apps
        .as_array()
        .expect("array")
        .iter()
        .any(|a| a["id"] == id.as_str()));
    let settings = console(&s, Method::GET, &format!("/{id}/console/appsettings"), &key)
        .await
        .ok();
    assert_schema("console-appsettings.schema.json", &settings);
    let js = settings["apiKeys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["deviceType"] == "JS")
        .expect("JS key");
    let root = format!("/{id}/{}", js["apiKey"].as_str().expect("key"));
    s.raw(Method::POST, &format!("{root}/users/register"))
        .json(json!({"email": "a@b.io", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_eq!(
        s.raw(Method::GET, &format!("{root}/users/userroles"))
            .send()
            .await
            .ok(),
        json!(["NotAuthenticatedUser", "JSUser"])
    );
    let renamed = s
        .raw(Method::PUT, &format!("/{id}/console/application"))
        .header("auth-key", &key)
        .json(json!({"appName": "store"}))
        .send()
        .await
        .ok();
    assert_eq!(renamed["name"], "store");
    assert_eq!(
        console(
            &s,
            Method::DELETE,
            &format!("/{id}/console/application"),
            &key
        )
        .await
        .ok(),
        json!({"success": true})
    );
    s.raw(Method::GET, &format!("{root}/users/userroles"))
        .send()
        .await
        .assert_error(2002, 400);
    console(&s, Method::GET, &format!("/{id}/console/appsettings"), &key)
        .await
        .assert_error(2002, 400);
}

#[tokio::test]
async fn registration_and_login_settings_take_effect_at_once() {
    let s = start().await;
    let key = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    let regs = console(
        &s,
        Method::GET,
        &format!("/{app}/console/userregistration"),
        &key,
    )
    .await
    .ok();
    assert_eq!(
        regs,
        json!({"userRegistrationEnabled": true, "emailConfirmationRequired": false})
    );
    let mut off = regs.clone();
    off["userRegistrationEnabled"] = json!(false);
    s.raw(Method::PUT, &format!("/{app}/console/userregistration"))
        .header("auth-key", &key)
        .json(off)
        .send()
        .await
        .ok();
    s.post("/users/register")
        .json(json!({"email": "z@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3009, 403);

    let login = console(&s, Method::GET, &format!("/{app}/console/userlogin"), &key)
        .await
        .ok();
    assert_eq!(login["enableMultipleLogins"], false);
    let mut lock = login.clone();
    lock["logoutLastUser"] = json!(true);
    let stored = s
        .raw(Method::POST, &format!("/{app}/console/userlogin"))
        .header("auth-key", &key)
        .json(lock)
        .send()
        .await
        .ok();
    assert_eq!(stored["logoutLastUser"], true);
}

#[tokio::test]
async fn logout_all_ends_every_session() {
    let s = start().await;
    let (_, token) = s.login_new("y@b.io", "pw").await;
    let key = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    let out = console(
        &s,
        Method::POST,
        &format!("/{app}/console/userlogin/logout/all"),
        &key,
    )
    .await
    .ok();
    assert_eq!(out["loggedOut"], 1);
    s.get("/users/userroles")
        .token(&token)
        .send()
        .await
        .assert_error(3064, 400);
}

#[tokio::test]
async fn user_properties_can_change_the_identity_column() {
    let s = start().await;
    let key = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    let props = console(
        &s,
        Method::GET,
        &format!("/{app}/console/userproperties"),
        &key,
    )
    .await
    .ok();
    assert!(props
        .as_array()
        .expect("array")
        .iter()
        .any(|p| p["name"] == "email" && p["identity"] == true));
    let body = json!({"name": "nickname", "identity": true, "dataType": "STRING"});
    let after = s
        .raw(
            Method::PUT,
            &format!("/{app}/console/userproperties/nickname"),
        )
        .header("auth-key", &key)
        .json(body)
        .send()
        .await
        .ok();
    let identity: Vec<&Value> = after
        .as_array()
        .expect("array")
        .iter()
        .filter(|p| p["identity"] == true)
        .collect();
    assert_eq!(identity.len(), 1);
    assert_eq!(identity[0]["name"], "nickname");
    s.post("/users/register")
        .json(json!({"nickname": "neo", "password": "pw"}))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "neo", "password": "pw"}))
        .send()
        .await
        .ok();
    s.post("/users/register")
        .json(json!({"email": "e@b.io", "password": "pw"}))
        .send()
        .await
        .assert_error(3013, 400);
}

#[tokio::test]
async fn roles_are_created_listed_used_and_deleted() {
    let s = start().await;
    let key = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    let role = s
        .raw(
            Method::PUT,
            &format!("/{app}/console/security/roles/Trial%20User"),
        )
        .header("auth-key", &key)
        .send()
        .await
        .ok();
    assert_eq!(role["rolename"], "Trial User");
    assert_eq!(role["system"], false);
    let roles = console(
        &s,
        Method::GET,
        &format!("/{app}/console/security/roles"),
        &key,
    )
    .await
    .ok();
    let names: Vec<&str> = roles
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["rolename"].as_str())
        .collect();
    assert!(names.contains(&"Trial User") && names.contains(&"AuthenticatedUser"));
    s.register("r@b.io", "pw").await;
    s.call_with_key(KeyKind::Bl, Method::POST, "/users/assignRole")
        .json(json!({"user": "r@b.io", "roleName": "Trial User"}))
        .send()
        .await
        .ok();
    let id = role["roleId"].as_str().expect("roleId");
    console(
        &s,
        Method::DELETE,
        &format!("/{app}/console/security/roles/{id}"),
        &key,
    )
    .await
    .ok();
    s.call_with_key(KeyKind::Bl, Method::POST, "/users/assignRole")
        .json(json!({"user": "r@b.io", "roleName": "Trial User"}))
        .send()
        .await
        .assert_error(2005, 400);
    console(
        &s,
        Method::DELETE,
        &format!("/{app}/console/security/roles/{id}"),
        &key,
    )
    .await
    .assert_error(2005, 400);
}

#[tokio::test]
async fn data_config_switches_dynamic_schema() {
    let s = start().await;
    let key = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    let config = console(
        &s,
        Method::GET,
        &format!("/{app}/console/data/config"),
        &key,
    )
    .await
    .ok();
    assert_eq!(config["dynamicSchema"], true);
    let off = s
        .raw(Method::PUT, &format!("/{app}/console/data/config"))
        .header("auth-key", &key)
        .json(json!({"dynamicSchema": false}))
        .send()
        .await
        .ok();
    assert_eq!(off["dynamicSchema"], false);
    let user = s
        .post("/users/register")
        .json(json!({"email": "d@b.io", "password": "pw", "extra": 1}))
        .send()
        .await
        .ok();
    assert!(user.get("extra").is_none());
}

/// A developer registered through `/console/devreg` sees and changes only the apps it created;
/// the `--dev-login` account owns the default app and apps made through the control plane, and
/// neither reaches the other's apps (answered as an unknown app, 2002).
#[tokio::test]
async fn a_developer_reaches_only_the_apps_it_owns() {
    let s = start().await;
    let operator = s.console_login().await;
    s.raw(Method::POST, "/console/devreg")
        .json(json!({"email": "other@dev.io", "password": "pw"}))
        .send()
        .await
        .ok();
    let login = s
        .raw(Method::POST, "/console/home/login")
        .json(json!({"login": "other@dev.io", "password": "pw"}))
        .send()
        .await;
    let other = login.headers["auth-key"]
        .to_str()
        .expect("auth-key")
        .to_string();
    let other_id = login.body["id"].as_str().expect("developer id").to_string();
    let default_app = s.emulator.app_id().to_string();
    let ids = |apps: Value| -> Vec<String> {
        apps.as_array()
            .expect("array")
            .iter()
            .map(|a| a["id"].as_str().expect("id").to_string())
            .collect()
    };
    assert_eq!(
        ids(console(&s, Method::GET, "/console/applications", &other)
            .await
            .ok()),
        Vec::<String>::new()
    );
    for (method, path) in [
        (Method::GET, format!("/{default_app}/console/appsettings")),
        (Method::GET, format!("/{default_app}/console/data/tables")),
        (
            Method::GET,
            format!("/{default_app}/console/userregistration"),
        ),
        (
            Method::DELETE,
            format!("/{default_app}/console/application"),
        ),
    ] {
        console(&s, method, &path, &other)
            .await
            .assert_error(2002, 400);
    }
    s.get("/data/T").send().await.assert_error(1009, 400);
    let mine = s
        .raw(Method::POST, "/console/applications")
        .header("auth-key", &other)
        .json(json!({"appName": "mine"}))
        .send()
        .await
        .ok();
    assert_eq!(mine["ownerDeveloperId"], other_id.as_str());
    let mine = mine["id"].as_str().expect("id").to_string();
    assert_eq!(
        ids(console(&s, Method::GET, "/console/applications", &other)
            .await
            .ok()),
        vec![mine.clone()]
    );
    console(
        &s,
        Method::GET,
        &format!("/{mine}/console/appsettings"),
        &other,
    )
    .await
    .ok();
    let listed = ids(console(&s, Method::GET, "/console/applications", &operator)
        .await
        .ok());
    assert!(
        listed.contains(&default_app) && !listed.contains(&mine),
        "{listed:?}"
    );
    console(
        &s,
        Method::GET,
        &format!("/{mine}/console/appsettings"),
        &operator,
    )
    .await
    .assert_error(2002, 400);
    let made = s
        .raw(Method::POST, "/_emulator/apps")
        .json(json!({"id": "from-control"}))
        .send()
        .await
        .ok();
    assert_eq!(made["id"], "from-control");
    console(
        &s,
        Method::GET,
        "/from-control/console/appsettings",
        &operator,
    )
    .await
    .ok();
    console(&s, Method::GET, "/from-control/console/appsettings", &other)
        .await
        .assert_error(2002, 400);
}
