//! Data Service single-object endpoints (data.md §1-§2, §8-§9) through HTTP: success shapes and
//! every error code they raise.

mod common;

use serde_json::{json, Value};

fn id(v: &Value) -> String {
    v["objectId"].as_str().expect("objectId").to_string()
}

#[tokio::test]
async fn create_returns_the_stored_object_with_system_columns() {
    let s = common::start().await;
    let obj = s
        .post("/data/Person")
        .json(json!({"name": "Bob", "age": 30, "score": 1.5, "vip": true, "tags": ["a"], "created": 5}))
        .send()
        .await
        .ok();
    assert_eq!(obj["updated"], Value::Null);
    assert_eq!(obj["ownerId"], Value::Null);
    assert!(obj["created"].as_i64().expect("created") > 5);
    insta::assert_json_snapshot!(common::redact(obj));
    let props = s.get("/data/Person/properties").send().await.ok();
    insta::assert_json_snapshot!(props);
}

#[tokio::test]
async fn save_put_form_creates_then_updates_and_find_by_id_reads_it() {
    let s = common::start().await;
    let created = s
        .put("/data/Movie")
        .json(json!({"title": "Up"}))
        .send()
        .await
        .ok();
    let oid = id(&created);
    let updated = s
        .put("/data/Movie")
        .json(json!({"objectId": oid, "year": 2009}))
        .send()
        .await
        .ok();
    assert_eq!(updated["title"], "Up");
    assert_eq!(updated["year"], 2009);
    assert!(updated["updated"].is_i64());
    let found = s.get(&format!("/data/Movie/{oid}")).send().await.ok();
    assert_eq!(found, updated);
    let partial = s
        .put(&format!("/data/Movie/{oid}"))
        .json(json!({"year": "2010"}))
        .send()
        .await
        .ok();
    assert_eq!(partial["year"], 2010, "numeric strings fit INT columns");
    let only = s
        .get(&format!("/data/Movie/{oid}?property=title"))
        .send()
        .await
        .ok();
    assert_eq!(
        only,
        json!({"___class": "Movie", "title": "Up"}),
        "objectId only when listed (includeObjectIdByDefault is off)"
    );
}

#[tokio::test]
async fn custom_object_ids_upsert_and_primary_key_lookup() {
    let s = common::start().await;
    let a = s
        .post("/data/Thing")
        .json(json!({"objectId": "A-1", "n": 1}))
        .send()
        .await
        .ok();
    assert_eq!(a["objectId"], "A-1");
    s.post("/data/Thing")
        .json(json!({"objectId": "A-1"}))
        .send()
        .await
        .assert_error(1155, 400);
    let up = s
        .put("/data/Thing/upsert")
        .json(json!({"objectId": "A-1", "n": 2}))
        .send()
        .await
        .ok();
    assert_eq!(up["n"], 2);
    let new = s
        .put("/data/Thing/upsert")
        .json(json!({"objectId": "B-2", "n": 3}))
        .send()
        .await
        .ok();
    assert_eq!(new["objectId"], "B-2");
    let pk = s.get("/data/Thing/pk?objectId=B-2").send().await.ok();
    assert_eq!(pk["n"], 3);
    s.get("/data/Thing/pk?objectId=nope")
        .send()
        .await
        .assert_error(1035, 400);
    s.get("/data/Thing/pk").send().await.assert_error(1129, 400);
    s.get("/data/Thing/pk?zzz=1")
        .send()
        .await
        .assert_error(1130, 400);
}

#[tokio::test]
async fn delete_first_last_and_table_name() {
    let s = common::start().await;
    let first = s
        .post("/data/Queue")
        .json(json!({"n": 1}))
        .send()
        .await
        .ok();
    let last = s
        .post("/data/Queue")
        .json(json!({"n": 2}))
        .send()
        .await
        .ok();
    assert_eq!(s.get("/data/Queue/first").send().await.ok()["n"], 1);
    assert_eq!(s.get("/data/Queue/last").send().await.ok()["n"], 2);
    let gone = s
        .delete(&format!("/data/Queue/{}", id(&first)))
        .send()
        .await
        .ok();
    assert!(gone["deletionTime"].is_i64());
    insta::assert_json_snapshot!(common::redact(gone));
    s.get(&format!("/data/Queue/{}", id(&first)))
        .send()
        .await
        .assert_error(1000, 400);
    s.delete(&format!("/data/Queue/{}", id(&first)))
        .send()
        .await
        .assert_error(1000, 400);
    s.delete(&format!("/data/Queue/{}", id(&last)))
        .send()
        .await
        .ok();
    s.get("/data/Queue/first")
        .send()
        .await
        .assert_error(1010, 400);
    let token = s.console_login().await;
    let tables = s
        .raw(
            reqwest::Method::GET,
            &format!("/{}/console/data/tables", s.emulator.app_id()),
        )
        .header("auth-key", &token)
        .send()
        .await
        .ok();
    let table_id = tables["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["name"] == "Queue")
        .expect("Queue")["tableId"]
        .as_str()
        .expect("id")
        .to_string();
    let name = s
        .get(&format!("/data/{table_id}/table-name"))
        .send()
        .await
        .ok();
    assert_eq!(name, "Queue");
}

#[tokio::test]
async fn unknown_tables_objects_and_bad_values_answer_their_codes() {
    let s = common::start().await;
    let missing = s.get("/data/NonExistingTable/first").send().await;
    missing.assert_error(1009, 400);
    assert_eq!(
        missing.body["message"],
        "Table not found by name 'Table not found by name 'NonExistingTable'. Make sure the client class referenced in the API call has the same literal name as the table in Backendless console'"
    );
    s.get("/data/NonExistingTable/properties")
        .send()
        .await
        .assert_error(1009, 400);
    let p = s
        .post("/data/Order")
        .json(json!({"price": 10, "ordered": 0}))
        .send()
        .await
        .ok();
    let bad = s
        .post("/data/Order")
        .json(json!({"price": "ten"}))
        .send()
        .await;
    bad.assert_error(1007, 400);
    assert_eq!(
        bad.body["message"],
        "Unable to save object - invalid data type for properties - price. You can change the property type in developer console."
    );
    s.post("/data/Order")
        .json(json!({"price": [1, 2]}))
        .send()
        .await
        .assert_error(8044, 400);
    s.put(&format!("/data/Order/{}", id(&p)))
        .json(json!({}))
        .send()
        .await
        .assert_error(1001, 400);
    s.put("/data/Order/nope")
        .json(json!({"price": 1}))
        .send()
        .await
        .assert_error(1000, 400);
    for body in ["[1,2]", "\"text\"", "42"] {
        s.post("/data/Order")
            .body("application/json", body)
            .send()
            .await
            .assert_error(8002, 400);
    }
    s.post("/data/Order")
        .body("application/json", "{nope")
        .send()
        .await
        .assert_error(8002, 400);
    s.post("/data/Bad%20Name")
        .json(json!({"a": 1}))
        .send()
        .await
        .assert_error(1040, 400);
    s.post("/data/GeoPoint")
        .json(json!({"a": 1}))
        .send()
        .await
        .assert_error(1135, 400);
    s.post("/data/Order")
        .json(json!({"a`b": 1}))
        .send()
        .await
        .assert_error(1038, 400);
    let count = s.get("/data/Order/count").send().await.ok();
    assert_eq!(count, 1, "no failed write left anything behind");
    let cols = s.get("/data/Order/properties").send().await.ok();
    assert!(!cols.to_string().contains("a`b"));
}

#[tokio::test]
async fn column_constraints_and_dynamic_schema_off() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    let console = |m: reqwest::Method, p: &str| {
        s.raw(m, &format!("/{app}/console/data{p}"))
            .header("auth-key", &auth)
    };
    console(reqwest::Method::POST, "/tables")
        .json(json!({"name": "Account", "columns": [
            {"name": "email", "dataType": "STRING", "unique": true},
            {"name": "plan", "dataType": "STRING", "required": true, "defaultValue": "free"},
            {"name": "code", "dataType": "STRING", "dataSize": 3}
        ]}))
        .send()
        .await
        .ok();
    let a = s
        .post("/data/Account")
        .json(json!({"email": "a@x"}))
        .send()
        .await
        .ok();
    assert_eq!(a["plan"], "free");
    s.post("/data/Account")
        .json(json!({"email": "a@x"}))
        .send()
        .await
        .assert_error(1155, 400);
    s.post("/data/Account")
        .json(json!({"email": "b@x", "plan": null}))
        .send()
        .await
        .assert_error(1131, 400);
    s.put(&format!("/data/Account/{}", id(&a)))
        .json(json!({"plan": null}))
        .send()
        .await
        .assert_error(1137, 400);
    s.post("/data/Account")
        .json(json!({"code": "toolong"}))
        .send()
        .await
        .assert_error(1007, 400);
    console(reqwest::Method::PUT, "/config")
        .json(json!({"dynamicSchema": false}))
        .send()
        .await
        .ok();
    let kept = s
        .post("/data/Account")
        .json(json!({"email": "c@x", "extra": 1}))
        .send()
        .await
        .ok();
    assert!(kept.get("extra").is_none(), "unknown property dropped");
    s.post("/data/Fresh")
        .json(json!({"a": 1}))
        .send()
        .await
        .assert_error(1009, 400);
}

#[tokio::test]
async fn users_saved_through_data_get_a_hashed_password_that_is_never_returned() {
    let s = common::start().await;
    let u = s
        .post("/data/Users")
        .json(json!({"email": "d@x.com", "password": "pw", "name": "D"}))
        .send()
        .await
        .ok();
    assert!(u.get("password").is_none());
    assert_eq!(u["userStatus"], "ENABLED");
    assert_eq!(u["ownerId"], u["objectId"]);
    let login = s
        .post("/users/login")
        .json(json!({"login": "d@x.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert_eq!(login["objectId"], u["objectId"]);
    s.post("/data/Users")
        .json(json!({"email": "d@x.com", "password": "pw"}))
        .send()
        .await
        .assert_error(1155, 400);
    s.post("/data/Users")
        .json(json!({"email": "e@x.com"}))
        .send()
        .await
        .assert_error(3011, 400);
    let token = login["user-token"].as_str().expect("token");
    let changed = s
        .put(&format!("/data/Users/{}", id(&u)))
        .token(token)
        .json(json!({"password": "new"}))
        .send()
        .await
        .ok();
    assert!(changed.get("password").is_none());
    s.post("/users/login")
        .json(json!({"login": "d@x.com", "password": "new"}))
        .send()
        .await
        .ok();
    let found = s
        .get("/data/Users?where=email%3D'd%40x.com'")
        .send()
        .await
        .ok();
    assert!(found[0].get("password").is_none());
    s.delete(&format!("/data/Users/{}", id(&u)))
        .send()
        .await
        .ok();
    s.post("/users/login")
        .json(json!({"login": "d@x.com", "password": "new"}))
        .send()
        .await
        .assert_error(3003, 401);
}

#[tokio::test]
async fn a_password_column_of_an_ordinary_table_is_data_like_any_other() {
    let s = common::start().await;
    let saved = s
        .post("/data/Wifi")
        .json(json!({"ssid": "home", "password": "secret"}))
        .send()
        .await
        .ok();
    assert_eq!(
        saved["password"], "secret",
        "only the Users password is write-only"
    );
    let id = saved["objectId"].as_str().expect("id").to_string();
    let updated = s
        .put(&format!("/data/Wifi/{id}"))
        .json(json!({"password": "new"}))
        .send()
        .await
        .ok();
    assert_eq!(updated["password"], "new");
    let user = s
        .post("/data/Users")
        .json(json!({"email": "w@example.com", "password": "pw"}))
        .send()
        .await
        .ok();
    assert!(
        user.get("password").is_none(),
        "a user's password is never answered"
    );
}
