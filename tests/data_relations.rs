//! Relations (data.md §6): set / add / delete by ids and by where clause, relation columns made
//! on the fly, loading (loadRelations, relationsDepth, relationsPageSize, relation pages),
//! relation conditions in where clauses, and deep save (§2.4).

mod common;

use serde_json::{json, Value};

fn id(v: &Value) -> String {
    v["objectId"].as_str().expect("objectId").to_string()
}

async fn family(s: &common::TestServer) -> (String, Vec<String>) {
    let parent = s
        .post("/data/Parent")
        .json(json!({"name": "P"}))
        .send()
        .await
        .ok();
    let kids: Vec<Value> = (0..12).map(|i| json!({"n": i})).collect();
    let ids = s
        .post("/data/bulk/Kid")
        .json(Value::from(kids))
        .send()
        .await
        .ok();
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    (id(&parent), ids)
}

#[tokio::test]
async fn set_add_delete_children_by_id_and_condition() {
    let s = common::start().await;
    let (p, kids) = family(&s).await;
    let set = s
        .post(&format!("/data/Parent/{p}/kids:Kid:n"))
        .json(json!([kids[0], kids[1]]))
        .send()
        .await
        .ok();
    assert_eq!(set, 2);
    let add = s
        .put(&format!(
            "/data/Parent/{p}/kids?whereClause=n%20%3E%3D%2010"
        ))
        .send()
        .await
        .ok();
    assert_eq!(add, 2);
    let del = s
        .delete(&format!("/data/Parent/{p}/kids"))
        .json(json!([kids[0], kids[11]]))
        .send()
        .await
        .ok();
    assert_eq!(del, 2);
    let page = s
        .get(&format!("/data/Parent/{p}/kids?sortBy=n"))
        .send()
        .await
        .ok();
    let ns: Vec<i64> = page
        .as_array()
        .expect("a")
        .iter()
        .map(|k| k["n"].as_i64().unwrap_or(-1))
        .collect();
    assert_eq!(ns, [1, 10]);
    s.post(&format!("/data/Parent/{p}/nope"))
        .json(json!([kids[0]]))
        .send()
        .await
        .assert_error(1127, 400);
    s.post(&format!("/data/Parent/{p}/best:Nope:1"))
        .json(json!([kids[0]]))
        .send()
        .await
        .assert_error(1132, 400);
    s.post(&format!("/data/Parent/{p}/best:Kid:1"))
        .json(json!([kids[0], kids[1]]))
        .send()
        .await
        .assert_error(1128, 400);
    s.post(&format!("/data/Parent/{p}/kids"))
        .json(json!(["missing"]))
        .send()
        .await
        .assert_error(1000, 400);
    s.post("/data/Parent/missing/kids")
        .json(json!([kids[0]]))
        .send()
        .await
        .assert_error(1000, 400);
    s.post(&format!("/data/Parent/{p}/kids"))
        .send()
        .await
        .assert_error(8010, 400);
    let props = s.get("/data/Parent/properties").send().await.ok();
    let kids_col = props
        .as_array()
        .expect("a")
        .iter()
        .find(|c| c["name"] == "kids")
        .cloned();
    assert_eq!(kids_col.expect("kids")["type"], "DATA_REF");
}

#[tokio::test]
async fn loading_relations_by_name_depth_and_page_size() {
    let s = common::start().await;
    let (p, kids) = family(&s).await;
    s.post(&format!("/data/Parent/{p}/kids:Kid:n"))
        .json(json!(kids))
        .send()
        .await
        .ok();
    let toy = s
        .post("/data/Toy")
        .json(json!({"t": "ball"}))
        .send()
        .await
        .ok();
    s.post(&format!("/data/Kid/{}/toy:Toy:1", kids[0]))
        .json(json!([id(&toy)]))
        .send()
        .await
        .ok();
    let plain = s.get(&format!("/data/Parent/{p}")).send().await.ok();
    assert!(
        plain.get("kids").is_none(),
        "relations are not loaded by default"
    );
    let loaded = s
        .get(&format!("/data/Parent/{p}?loadRelations=kids"))
        .send()
        .await
        .ok();
    assert_eq!(
        loaded["kids"].as_array().map(Vec::len),
        Some(10),
        "relationsPageSize 10"
    );
    assert!(loaded["kids"][0].get("toy").is_none());
    let deep = s
        .get(&format!(
            "/data/Parent/{p}?loadRelations=kids.toy&relationsPageSize=3"
        ))
        .send()
        .await
        .ok();
    assert_eq!(deep["kids"].as_array().map(Vec::len), Some(3));
    assert_eq!(deep["kids"][0]["toy"]["t"], "ball");
    let depth = s
        .post("/data/Parent/find")
        .json(json!({"relationsDepth": 2, "relationsPageSize": 1}))
        .send()
        .await
        .ok();
    assert_eq!(depth[0]["kids"][0]["toy"]["___class"], "Toy");
    let by_child = s
        .get("/data/Parent?where=kids.n%20%3D%205")
        .send()
        .await
        .ok();
    assert_eq!(by_child.as_array().map(Vec::len), Some(1));
    let inverted = s
        .get(&format!(
            "/data/Kid/count?where=Parent%5Bkids%5D.objectId%20%3D%20'{p}'"
        ))
        .send()
        .await
        .ok();
    assert_eq!(inverted, 12);
    let page = s
        .get(&format!(
            "/data/Parent/{p}/kids?pageSize=5&offset=10&sortBy=n"
        ))
        .send()
        .await
        .ok();
    assert_eq!(page.as_array().map(Vec::len), Some(2));
    s.delete(&format!("/data/Kid/{}", kids[0]))
        .send()
        .await
        .ok();
    let after = s
        .get(&format!("/data/Parent/{p}/kids?pageSize=100"))
        .send()
        .await
        .ok();
    assert_eq!(
        after.as_array().map(Vec::len),
        Some(11),
        "deleted child unlinked"
    );
}

#[tokio::test]
async fn deep_save_creates_updates_links_and_unlinks() {
    let s = common::start().await;
    let auth = s.console_login().await;
    let app = s.emulator.app_id().to_string();
    for (name, cols) in [
        ("Address", json!([{"name": "city", "dataType": "STRING"}])),
        ("Pet", json!([{"name": "name", "dataType": "STRING"}])),
        (
            "Owner",
            json!([{"name": "name", "dataType": "STRING"}, {"name": "age", "dataType": "INT"}]),
        ),
    ] {
        s.raw(
            reqwest::Method::POST,
            &format!("/{app}/console/data/tables"),
        )
        .header("auth-key", &auth)
        .json(json!({"name": name, "columns": cols}))
        .send()
        .await
        .ok();
    }
    for (col, to, card) in [
        ("address", "Address", "ONE_TO_ONE"),
        ("pets", "Pet", "ONE_TO_MANY"),
    ] {
        s.raw(reqwest::Method::POST, &format!("/{app}/console/data/tables/Owner/columns/relation"))
            .header("auth-key", &auth)
            .json(json!({"name": col, "dataType": "DATA_REF", "toTableName": to, "relationshipType": card}))
            .send()
            .await
            .ok();
    }
    let existing = s
        .post("/data/Pet")
        .json(json!({"objectId": "1", "name": "Old"}))
        .send()
        .await
        .ok();
    let saved = s
        .put("/data/Owner/deep-save")
        .json(json!({"name": "Jo", "address": {"city": "Oslo"},
                     "pets": [{"name": "Jack"}, {"objectId": id(&existing), "name": "Renamed"}]}))
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("deep_save", common::redact(saved.clone()));
    let owner = id(&saved);
    let cleared = s
        .put("/data/Owner/deep-save")
        .json(json!({"objectId": owner, "address": null, "pets": []}))
        .send()
        .await
        .ok();
    assert!(cleared.get("address").is_none() && cleared.get("pets").is_none());
    assert_eq!(cleared["name"], "Jo", "unsent properties keep their values");
    let loaded = s
        .get(&format!("/data/Owner/{owner}?loadRelations=address,pets"))
        .send()
        .await
        .ok();
    assert_eq!(loaded["address"], Value::Null);
    assert_eq!(loaded["pets"], json!([]));
    s.put("/data/Owner/deep-save")
        .json(json!({"name": "X", "unknownColumn": 1}))
        .send()
        .await
        .assert_error(1126, 400);
    s.put("/data/Owner/deep-save")
        .json(json!({"name": "X", "pets": [{"name": 1, "bogus": true}]}))
        .send()
        .await
        .assert_error(1126, 400);
    assert_eq!(
        s.get("/data/Owner/count").send().await.ok(),
        1,
        "failed deep saves rolled back"
    );
}
