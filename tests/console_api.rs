//! The console API beyond tables and files, as `backendless-console-sdk` calls it: counters,
//! cache, table views, and the answers to URLs no handler takes (99000 naming an area the
//! emulator holds no state for, 99001 for anything else).

mod common;

use reqwest::Method;
use serde_json::{json, Value};

fn app_path(s: &common::TestServer, rest: &str) -> String {
    format!("/{}/console{rest}", s.emulator.app_id())
}

/// Register another developer account and log it in: its `auth-key` and id.
async fn second_developer(s: &common::TestServer, email: &str) -> (String, String) {
    s.raw(Method::POST, "/console/devreg")
        .json(json!({"email": email, "password": "pw"}))
        .send()
        .await
        .ok();
    let login = s
        .raw(Method::POST, "/console/home/login")
        .json(json!({"login": email, "password": "pw"}))
        .send()
        .await;
    let key = login.headers["auth-key"].to_str().expect("key").to_string();
    (key, login.body["id"].as_str().expect("id").to_string())
}

#[tokio::test]
async fn unrouted_console_urls_answer_99001_and_unemulated_areas_99000() {
    let s = common::start().await;
    let auth = s.console_login().await;
    for path in ["/console/nonsense/x".to_string(), app_path(&s, "/nonsense")] {
        let reply = s
            .raw(Method::GET, &path)
            .header("auth-key", &auth)
            .send()
            .await;
        reply.assert_error(99001, 404);
    }
    for (path, area) in [
        (app_path(&s, "/ui-builder/containers"), "UI Builder"),
        ("/console/community/comments".to_string(), "Community"),
        (
            format!("/api/app/{}/automation/flow", s.emulator.app_id()),
            "Automation",
        ),
        (
            format!("/{}/billing/limits/hive", s.emulator.app_id()),
            "Billing",
        ),
    ] {
        let reply = s
            .raw(Method::GET, &path)
            .header("auth-key", &auth)
            .send()
            .await;
        reply.assert_error(99000, 400);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(area), "{path}: {message}");
    }
}

#[tokio::test]
async fn console_counters_share_the_client_counters() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    let created = call(Method::POST, "/counters/hits")
        .json(json!({"value": 5}))
        .send()
        .await
        .ok();
    assert_eq!(created, json!({"name": "hits", "value": 5}));
    let value = s.put("/counters/hits/increment/get").send().await.ok();
    assert_eq!(value, json!(6));
    let page = call(Method::GET, "/counters?pattern=h*").send().await.ok();
    assert_eq!(
        page,
        json!({"data": [{"name": "hits", "value": 6}], "totalRows": 1})
    );
    let stale = call(Method::PUT, "/counters/hits")
        .json(json!({"currentValue": 5, "newValue": 9}))
        .send()
        .await;
    stale.assert_error(99240, 400);
    call(Method::PUT, "/counters/hits")
        .json(json!({"currentValue": 6, "newValue": 9}))
        .send()
        .await
        .ok();
    let names = call(Method::GET, "/counters/h*/list-names")
        .send()
        .await
        .ok();
    assert_eq!(names, json!(["hits"]));
    let rows = call(Method::POST, "/counters/list-by-names")
        .json(json!(["hits"]))
        .send()
        .await
        .ok();
    assert_eq!(rows, json!([{"name": "hits", "value": 9}]));
    call(Method::DELETE, "/counters/hits").send().await.ok();
    call(Method::DELETE, "/counters/hits")
        .send()
        .await
        .assert_error(99241, 400);
}

#[tokio::test]
async fn console_cache_browses_and_edits_the_client_cache() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    s.put("/cache/a").json(json!({"x": 1})).send().await.ok();
    call(Method::PUT, "/cache/b")
        .json(json!("two"))
        .send()
        .await
        .ok();
    assert_eq!(s.get("/cache/b").send().await.ok(), json!("two"));
    let count = call(Method::GET, "/cache/count").send().await.ok();
    assert_eq!(count, json!(2));
    let page = call(Method::GET, "/cache?pagesize=1&offset=0")
        .send()
        .await
        .ok();
    assert_eq!(page["a"]["value"], json!({"x": 1}));
    assert!(page["a"]["expireAt"].is_i64());
    assert!(page.get("b").is_none());
    call(Method::PUT, "/cache/b?expireAt=1")
        .json(json!("late"))
        .send()
        .await
        .assert_error(1031, 400);
    call(Method::DELETE, "/cache/a").send().await.ok();
    assert_eq!(s.get("/cache/a").send().await.ok(), json!(null));
}

#[tokio::test]
async fn table_views_are_kept_per_table_and_tables_counters_count_records() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    s.post("/data/Person")
        .json(json!({"name": "a"}))
        .send()
        .await
        .ok();
    let view = call(Method::POST, "/data/table-views")
        .json(json!({"name": "Adults", "tableName": "Person", "columns": ["name"]}))
        .send()
        .await
        .ok();
    let id = view["viewId"].as_str().expect("viewId").to_string();
    call(Method::PUT, &format!("/data/table-views/{id}/name"))
        .json(json!({"name": "Grown-ups"}))
        .send()
        .await
        .ok();
    let views = call(Method::GET, "/data/table-views").send().await.ok();
    assert_eq!(views[0]["name"], json!("Grown-ups"));
    assert_eq!(views[0]["columns"], json!(["name"]));
    call(Method::POST, "/data/table-views")
        .json(json!({"name": "X", "tableName": "Missing"}))
        .send()
        .await
        .assert_error(1009, 400);
    let counts = call(Method::POST, "/data/tables-counters")
        .json(json!({"tables": [{"name": "Person"}]}))
        .send()
        .await
        .ok();
    assert_eq!(counts, json!({"Person": 1}));
    call(Method::DELETE, &format!("/data/table-views/{id}"))
        .send()
        .await
        .ok();
    call(Method::GET, &format!("/data/table-views/{id}"))
        .send()
        .await
        .assert_error(99242, 400);
}

#[tokio::test]
async fn console_hive_runs_the_client_hive_operations() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    call(Method::POST, "/hive/h").send().await.ok();
    call(Method::PUT, "/hive/h/key-value/k")
        .json(json!({"value": "v"}))
        .send()
        .await
        .ok();
    assert_eq!(s.get("/hive/h/key-value/k").send().await.ok(), json!("v"));
    assert_eq!(call(Method::GET, "/hive").send().await.ok(), json!(["h"]));
    let keys = call(Method::GET, "/hive/h/key-value/keys")
        .send()
        .await
        .ok();
    assert_eq!(keys["keys"], json!(["k"]));
    call(Method::PUT, "/hive/h?newName=g").send().await.ok();
    assert_eq!(call(Method::GET, "/hive").send().await.ok(), json!(["g"]));
    let odd = call(Method::PATCH, "/hive/g/nonsense").send().await;
    odd.assert_error(99000, 400);
}

#[tokio::test]
async fn console_hive_adds_sets_by_index_and_removes_values_in_every_store() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    let add = |ty: &str, value: Value| {
        call(Method::PUT, &format!("/hive/h/{ty}/k/add")).json(json!({ "value": value }))
    };
    add("key-value", json!("v")).send().await.ok();
    add("list", json!(["a", "b", "a"])).send().await.ok();
    add("map", json!({"f": 1, "g": 2})).send().await.ok();
    add("set", json!(["x", "y"])).send().await.ok();
    add("sorted-set", json!([[1, "m"], [2, "n"]]))
        .send()
        .await
        .ok();
    assert_eq!(s.get("/hive/h/key-value/k").send().await.ok(), json!("v"));
    assert_eq!(
        s.get("/hive/h/map/k").send().await.ok(),
        json!({"f": 1, "g": 2})
    );
    assert_eq!(
        s.get("/hive/h/sorted-set/k/length").send().await.ok(),
        json!(2)
    );

    call(Method::PUT, "/hive/h/list/k/-1")
        .json(json!({"value": "z"}))
        .send()
        .await
        .ok();
    assert_eq!(
        s.get("/hive/h/list/k").send().await.ok(),
        json!(["a", "b", "z"])
    );
    call(Method::PUT, "/hive/h/list/k/7")
        .json(json!({"value": "q"}))
        .send()
        .await
        .assert_error(8000, 400);

    let remove = |ty: &str, values: Value| {
        call(Method::DELETE, &format!("/hive/h/{ty}/k/values")).json(values)
    };
    assert_eq!(remove("list", json!(["a"])).send().await.ok(), json!(1));
    assert_eq!(
        remove("key-value", json!(["other"])).send().await.ok(),
        json!(0)
    );
    assert_eq!(
        remove("key-value", json!(["v"])).send().await.ok(),
        json!(1)
    );
    remove("map", json!(["f"])).send().await.ok();
    remove("set", json!(["x"])).send().await.ok();
    remove("sorted-set", json!(["m"])).send().await.ok();
    assert_eq!(s.get("/hive/h/list/k").send().await.ok(), json!(["b", "z"]));
    assert_eq!(s.get("/hive/h/key-value/k").send().await.ok(), json!(null));
    assert_eq!(s.get("/hive/h/map/k").send().await.ok(), json!({"g": 2}));
    assert_eq!(s.get("/hive/h/set/k").send().await.ok(), json!(["y"]));
    assert_eq!(
        s.get("/hive/h/sorted-set/k/length").send().await.ok(),
        json!(1)
    );
}

#[tokio::test]
async fn console_push_templates_and_publish_use_the_messaging_state() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    call(Method::POST, "/messaging/push/templates")
        .json(json!({"name": "promo", "message": "Sale"}))
        .send()
        .await
        .ok();
    let one = call(Method::GET, "/messaging/push/templates/promo")
        .send()
        .await
        .ok();
    assert_eq!(one["name"], json!("promo"));
    let all = call(Method::GET, "/messaging/push/templates")
        .send()
        .await
        .ok();
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    call(Method::DELETE, "/messaging/push/templates?names=promo")
        .send()
        .await
        .ok();
    call(Method::GET, "/messaging/push/templates/promo")
        .send()
        .await
        .assert_error(99021, 400);
    let sent = call(Method::POST, "/messaging/default")
        .json(json!({"message": "hi"}))
        .send()
        .await
        .ok();
    let status = s
        .get(&format!(
            "/messaging/{}",
            sent["messageId"].as_str().unwrap_or("")
        ))
        .send()
        .await
        .ok();
    assert!(status["status"].is_string(), "{status}");
    call(Method::POST, "/messaging/channels")
        .json(json!({}))
        .send()
        .await
        .assert_error(8010, 400);
}

#[tokio::test]
async fn the_developer_changes_profile_and_password() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let (login, _) = s.emulator.developer();
    let login = login.to_string();
    let me = s
        .raw(Method::PUT, "/console/home/myaccount/")
        .header("auth-key", &auth)
        .json(json!({"name": "Ada"}))
        .send()
        .await
        .ok();
    assert_eq!(
        (me["name"].clone(), me["email"].clone()),
        (json!("Ada"), json!(login))
    );
    s.raw(Method::POST, "/console/passwordchange")
        .header("auth-key", &auth)
        .json(json!({"password": "n3w-secret"}))
        .send()
        .await
        .ok();
    let relogin = s
        .raw(Method::POST, "/console/home/login")
        .json(json!({"login": login, "password": "n3w-secret"}))
        .send()
        .await
        .ok();
    assert_eq!(relogin["name"], json!("Ada"));
}

#[tokio::test]
async fn console_changes_are_audited_listed_downloaded_and_cleared() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    call(Method::POST, "/hive/audited").send().await.ok();
    call(Method::GET, "/hive").send().await.ok();
    // A refused change is not recorded.
    call(Method::PUT, "/hive/nope?newName=x")
        .send()
        .await
        .assert_error(27001, 400);
    let after_first = s.now_ms().await;
    s.advance_clock(1000).await;
    call(Method::DELETE, "/hive/audited").send().await.ok();

    let log = call(Method::GET, "/security/audit-logs").send().await.ok();
    let seen: Vec<(&Value, &Value)> = log
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (&e["method"], &e["path"]))
        .collect();
    let path = app_path(&s, "/hive/audited");
    assert_eq!(
        seen,
        [
            (&json!("DELETE"), &json!(path)),
            (&json!("POST"), &json!(path))
        ],
        "newest first, reads and refusals left out"
    );
    assert_eq!(log[0]["status"], 200);
    assert!(log[0]["developer"]
        .as_str()
        .is_some_and(|d| d.contains('@')));

    let csv = s
        .raw(
            Method::GET,
            &app_path(
                &s,
                &format!("/security/audit-logs/download?fromDate={}", after_first + 1),
            ),
        )
        .header("auth-key", &auth)
        .send()
        .await;
    assert_eq!(csv.status, 200);
    let text = csv.body.as_str().unwrap_or_default().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "timestamp,developerId,developer,method,path,status"
    );
    assert_eq!(lines.len(), 2, "only the delete is after fromDate: {text}");
    assert!(lines[1].contains(",DELETE,"), "{text}");

    assert_eq!(
        call(Method::DELETE, "/security/audit-logs")
            .send()
            .await
            .ok(),
        2
    );
    let log = call(Method::GET, "/security/audit-logs").send().await.ok();
    assert_eq!(
        log.as_array().map(Vec::len),
        Some(1),
        "the clearing is recorded: {log}"
    );
}

#[tokio::test]
async fn the_console_zips_a_directory_and_unzips_it_elsewhere() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    for (path, text) in [
        ("site/index.html", "<p>home</p>"),
        ("site/css/a.css", "p {}"),
    ] {
        call(Method::POST, &format!("/files/create/{path}"))
            .json(json!({ "file": text }))
            .send()
            .await
            .ok();
    }
    let zipped = call(Method::PUT, "/files/site?operation=zip")
        .send()
        .await
        .ok();
    assert_eq!(zipped, json!("Zipped into /site.zip"));
    // The archive is an ordinary file: download it and unpack a copy in another directory.
    let archive = s
        .raw(Method::GET, &app_path(&s, "/files/download/site.zip"))
        .header("auth-key", &auth)
        .send()
        .await;
    assert_eq!(archive.status, 200);
    s.put("/files/copy")
        .json(json!({"sourcePath": "/site.zip", "targetPath": "/backup"}))
        .send()
        .await
        .ok();
    let unzipped = call(Method::PUT, "/files/backup/site.zip?operation=unzip")
        .send()
        .await
        .ok();
    assert_eq!(unzipped, json!("Unzipped into /backup"));
    let css = s.get("/files/backup/css/a.css").send().await;
    assert_eq!(css.body, json!("p {}"));
    call(Method::PUT, "/files/site?operation=shred")
        .send()
        .await
        .assert_error(8002, 400);
    call(Method::PUT, "/files/site/index.html?operation=unzip")
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn developer_permissions_are_granted_one_by_one_as_in_the_list() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |rest: &str| {
        s.raw(Method::GET, &app_path(&s, rest))
            .header("auth-key", &auth)
    };
    let one = call("/security/app_reset").send().await.ok();
    assert_eq!(one, json!({"operation": "APP_RESET", "access": "GRANT"}));
    let all = call("/my-permissions").send().await.ok();
    assert!(all.as_array().expect("list").contains(&one));
    call("/security/LAUNCH_ROCKETS")
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn pdf_templates_integrations_and_cache_items_are_kept_and_read_back() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    let made = call(Method::POST, "/pdf")
        .json(json!({"name": "Invoice", "content": "<h1>{total}</h1>"}))
        .send()
        .await
        .ok();
    let id = made["id"].as_str().expect("generated id").to_string();
    assert_eq!(made["created"], made["updated"]);
    call(Method::POST, "/pdf")
        .json(json!({"id": id, "name": "again"}))
        .send()
        .await
        .assert_error(99283, 409);
    let renamed = call(Method::PUT, &format!("/pdf/{id}"))
        .json(json!({"name": "Receipt"}))
        .send()
        .await
        .ok();
    assert_eq!(
        (renamed["name"].clone(), renamed["content"].clone()),
        (json!("Receipt"), json!("<h1>{total}</h1>"))
    );
    let listed = call(Method::GET, "/pdf").send().await.ok();
    assert_eq!(listed, json!([renamed]));
    let deleted = call(Method::DELETE, &format!("/pdf/{id}"))
        .send()
        .await
        .ok();
    assert_eq!(deleted, json!(true));
    call(Method::GET, &format!("/pdf/{id}"))
        .send()
        .await
        .assert_error(99282, 404);
    let generate = format!(
        "/api/node-server/manage/app/{}/pdf/generate",
        s.emulator.app_id()
    );
    s.raw(Method::POST, &generate)
        .header("auth-key", &auth)
        .json(json!({"template": {"templateId": id}}))
        .send()
        .await
        .assert_error(99000, 400);

    call(Method::POST, "/integrations")
        .json(json!({"name": "slack", "token": "t1"}))
        .send()
        .await
        .ok();
    call(Method::POST, "/integrations")
        .json(json!({"name": "slack", "token": "t2"}))
        .send()
        .await
        .ok();
    let changed = call(Method::PUT, "/integrations/slack")
        .json(json!({"channel": "#ci"}))
        .send()
        .await
        .ok();
    assert_eq!(
        changed,
        json!({"name": "slack", "token": "t2", "channel": "#ci"})
    );
    call(Method::POST, "/integrations")
        .json(json!({"token": "t3"}))
        .send()
        .await
        .assert_error(8010, 400);
    call(Method::DELETE, "/integrations/slack")
        .send()
        .await
        .ok();
    let none = call(Method::GET, "/integrations").send().await.ok();
    assert_eq!(none, json!([]));

    call(Method::POST, "/cachecontrol/data-service/Person")
        .json(json!({"cacheTTL": 3600, "enabled": true}))
        .send()
        .await
        .ok();
    call(Method::POST, "/cachecontrol/data-service/Person")
        .json(json!({"enabled": false}))
        .send()
        .await
        .assert_error(99283, 409);
    call(Method::PUT, "/cachecontrol/data-service/Person")
        .json(json!({"cacheTTL": -1}))
        .send()
        .await
        .assert_error(8002, 400);
    call(Method::PUT, "/cachecontrol/data-service/Person")
        .json(json!({"cacheTTL": 60}))
        .send()
        .await
        .ok();
    let items = call(Method::GET, "/cachecontrol/data-service")
        .send()
        .await
        .ok();
    assert_eq!(
        items,
        json!([{"cacheTTL": 60, "enabled": true, "service": "data-service", "target": "Person"}])
    );
    let other = call(Method::GET, "/cachecontrol/messaging")
        .send()
        .await
        .ok();
    assert_eq!(other, json!([]));
    call(Method::DELETE, "/cachecontrol/data-service/Person")
        .send()
        .await
        .ok();
    call(Method::GET, "/cachecontrol/data-service/Person")
        .send()
        .await
        .assert_error(99282, 404);
}

#[tokio::test]
async fn each_developer_keeps_one_community_profile_with_a_unique_user_name() {
    let s = common::start().await;
    let ada = s.console_login().await;
    let (bob, _) = second_developer(&s, "bob@dev.io").await;
    let call = |key: &str, m: Method, path: &str| {
        s.raw(m, &format!("/console/community{path}"))
            .header("auth-key", key)
    };
    call(&ada, Method::GET, "/profile/me")
        .send()
        .await
        .assert_error(99284, 404);
    call(&ada, Method::PUT, "/profile")
        .json(json!({"bio": "x"}))
        .send()
        .await
        .assert_error(99284, 404);
    let app = s.emulator.app_id().to_string();
    call(&ada, Method::POST, "/profile")
        .json(json!({"userName": "ada", "apps": [{"appId": app}, "other"]}))
        .send()
        .await
        .ok();
    let photo = call(&ada, Method::POST, "/profile")
        .json(json!({"photo": "p.png"}))
        .send()
        .await
        .ok();
    assert_eq!(
        (photo["userName"].clone(), photo["photo"].clone()),
        (json!("ada"), json!("p.png"))
    );
    let free = call(&bob, Method::GET, "/profile/username/check?userName=ADA")
        .send()
        .await
        .ok();
    assert_eq!(free, json!(false));
    let own = call(&ada, Method::GET, "/profile/username/check?userName=ada")
        .send()
        .await
        .ok();
    assert_eq!(own, json!(true));
    call(&bob, Method::POST, "/profile")
        .json(json!({"userName": "Ada"}))
        .send()
        .await
        .assert_error(99285, 409);
    let without = call(&ada, Method::DELETE, &format!("/profile/app?appId={app}"))
        .send()
        .await
        .ok();
    assert_eq!(without["apps"], json!(["other"]));
    call(&bob, Method::GET, "/profile/me")
        .send()
        .await
        .assert_error(99284, 404);
    call(&ada, Method::DELETE, "/profile/me").send().await.ok();
    let now_free = call(&bob, Method::GET, "/profile/username/check?userName=ada")
        .send()
        .await
        .ok();
    assert_eq!(now_free, json!(true));
    let countries = call(&bob, Method::GET, "/countries").send().await.ok();
    let list = countries.as_array().expect("countries");
    assert!(list.len() > 240, "{}", list.len());
    assert!(list.contains(&json!({"code": "UA", "name": "Ukraine"})));
}

#[tokio::test]
async fn generated_api_docs_describe_routes_the_emulator_answers() {
    let s = common::start().await;
    let auth = s.console_login().await;
    s.post("/data/Person")
        .json(json!({"name": "Ada", "age": 36, "vip": true}))
        .send()
        .await
        .ok();
    let docs = |rest: &str| {
        s.raw(Method::POST, &app_path(&s, &format!("/api-docs/{rest}")))
            .header("auth-key", &auth)
            .json(json!({}))
    };
    let table = docs("data/table/Person").send().await.ok();
    assert_eq!(table["swagger"], "2.0");
    let person = &table["definitions"]["Person"]["properties"];
    assert_eq!(
        (
            person["age"]["type"].clone(),
            person["vip"]["type"].clone(),
            person["name"]["type"].clone()
        ),
        (json!("integer"), json!("boolean"), json!("string"))
    );
    let base = table["basePath"].as_str().expect("basePath").to_string();
    for path in ["/data/Person", "/data/Person/count"] {
        assert!(table["paths"][path]["get"].is_object(), "{path}");
        let answer = s
            .raw(Method::GET, &format!("{base}{path}"))
            .send()
            .await
            .ok();
        assert!(answer.is_array() || answer == json!(1), "{path}: {answer}");
    }
    docs("data/table/Nope").send().await.assert_error(1009, 400);
    let channel = docs("messaging/channel/news").send().await.ok();
    assert!(
        channel["paths"]["/messaging/news"]["post"].is_object(),
        "{channel}"
    );
    let files = docs("files").send().await.ok();
    assert!(
        files["paths"]["/files/{path}"]["delete"].is_object(),
        "{files}"
    );
    assert_eq!(files["basePath"], json!(base));
    docs("services/nope/default")
        .send()
        .await
        .assert_error(99279, 404);
    docs("geo").send().await.assert_error(99000, 400);
}

#[tokio::test]
async fn an_export_writes_the_tables_as_csv_into_a_zip_in_the_file_storage() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let call = |m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", &auth);
    let none = call(Method::GET, "/export").send().await.ok();
    assert_eq!(none, json!([]));
    s.post("/data/Person")
        .json(json!({"name": "Ada, Countess", "age": 36}))
        .send()
        .await
        .ok();
    call(Method::POST, "/export")
        .json(json!({"tables": ["Nope"]}))
        .send()
        .await
        .assert_error(1009, 400);
    let made = call(Method::POST, "/export")
        .json(json!({"tables": ["Person"]}))
        .send()
        .await
        .ok();
    assert_eq!(made["tables"], json!(["Person"]));
    let path = made["path"].as_str().expect("path").to_string();
    assert!(
        path.starts_with("export/") && path.ends_with(".zip"),
        "{path}"
    );
    let listed = call(Method::GET, "/export").send().await.ok();
    assert_eq!(listed[0]["path"], json!(path));
    assert_eq!(listed[0]["fileURL"], made["fileURL"]);
    let unzipped = call(Method::PUT, &format!("/files/{path}?operation=unzip"))
        .send()
        .await
        .ok();
    assert_eq!(unzipped, json!("Unzipped into /export"));
    let csv = s.get("/files/export/Person.csv").send().await.body;
    let csv = csv.as_str().expect("csv text");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert!(
        header.contains(&"name") && header.contains(&"objectId"),
        "{csv}"
    );
    assert!(
        lines.next().expect("record").contains("\"Ada, Countess\""),
        "{csv}"
    );
    let schema = s.get("/files/export/tables.json").send().await.body;
    let schema: Value = match schema {
        Value::String(text) => serde_json::from_str(&text).expect("json"),
        other => other,
    };
    assert_eq!(schema[0]["name"], json!("Person"));
}

#[tokio::test]
async fn an_owner_denies_a_team_member_console_operations_and_grants_them_back() {
    let s = common::start().await;
    let owner = s.console_login().await;
    let (bob, bob_id) = second_developer(&s, "bob@dev.io").await;
    let as_dev =
        |key: &str, m: Method, rest: &str| s.raw(m, &app_path(&s, rest)).header("auth-key", key);
    let permissions = format!("/devteam/{bob_id}/permissions");
    as_dev(&owner, Method::PUT, &permissions)
        .json(json!([{"id": "40", "access": "DENY"}]))
        .send()
        .await
        .assert_error(99264, 400);
    as_dev(&owner, Method::POST, "/devteam")
        .json(json!({"email": "bob@dev.io"}))
        .send()
        .await
        .ok();
    as_dev(&owner, Method::PUT, &permissions)
        .json(json!([{"id": "40", "access": "DENY"}]))
        .send()
        .await
        .ok();
    as_dev(
        &owner,
        Method::PUT,
        &format!("/devteam/{bob_id}/permission/groups"),
    )
    .json(json!([{"groupName": "File Service", "access": "DENY"}]))
    .send()
    .await
    .ok();
    let table = json!({"name": "Orders"});
    as_dev(&bob, Method::POST, "/data/tables")
        .json(table.clone())
        .send()
        .await
        .assert_error(99286, 403);
    as_dev(&bob, Method::POST, "/files/createdir/docs/")
        .send()
        .await
        .assert_error(99286, 403);
    as_dev(&bob, Method::POST, "/data/Person")
        .json(json!({"name": "still allowed"}))
        .send()
        .await
        .ok();
    let mine = as_dev(&bob, Method::GET, "/security/CREATE_MODIFY_DELETE_TABLE")
        .send()
        .await
        .ok();
    assert_eq!(mine["access"], json!("DENY"));
    let team = as_dev(&owner, Method::GET, "/devteam").send().await.ok();
    let member = team
        .as_array()
        .expect("team")
        .iter()
        .find(|d| d["id"] == json!(bob_id))
        .expect("bob listed");
    let files = member["permissionGroups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["groupName"] == json!("File Service"))
        .expect("files group");
    assert!(files["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .all(|p| p["access"] == json!("DENY")));
    as_dev(&bob, Method::PUT, &permissions)
        .json(json!({"CREATE_MODIFY_DELETE_TABLE": "GRANT"}))
        .send()
        .await
        .assert_error(99267, 403);
    as_dev(&owner, Method::POST, "/data/tables")
        .json(json!({"name": "OwnerTable"}))
        .send()
        .await
        .ok();
    as_dev(&owner, Method::PUT, &permissions)
        .json(json!({"CREATE_MODIFY_DELETE_TABLE": "GRANT"}))
        .send()
        .await
        .ok();
    as_dev(&bob, Method::POST, "/data/tables")
        .json(table)
        .send()
        .await
        .ok();
}
