//! Unit of Work (transactions.md): all twelve operation types, op-result references, the
//! success and failure envelopes, and all-or-nothing rollback.

mod common;

use serde_json::{json, Value};

async fn uow(s: &common::TestServer, operations: Value) -> Value {
    s.post("/transaction/unit-of-work")
        .json(json!({"isolationLevelEnum": "REPEATABLE_READ", "operations": operations}))
        .send()
        .await
        .ok()
}

fn op(kind: &str, table: &str, id: &str, payload: Value) -> Value {
    json!({"operationType": kind, "table": table, "opResultId": id, "payload": payload})
}

fn reference(id: &str) -> Value {
    json!({"___ref": true, "opResultId": id, "propName": "objectId"})
}

async fn with_tables(s: &common::TestServer) {
    s.post("/data/Person")
        .json(json!({"name": "seed", "age": 1}))
        .send()
        .await
        .ok();
    s.post("/data/Pet")
        .json(json!({"name": "seed"}))
        .send()
        .await
        .ok();
    let p = s.get("/data/Person/first").send().await.ok();
    let oid = p["objectId"].as_str().expect("id").to_string();
    s.post(&format!("/data/Person/{oid}/pets:Pet:n"))
        .json(json!([]))
        .send()
        .await
        .ok();
    s.delete(&format!("/data/Person/{oid}")).send().await.ok();
}

#[tokio::test]
async fn every_operation_type_with_references_succeeds() {
    let s = common::start().await;
    with_tables(&s).await;
    let result = uow(
        &s,
        json!([
            op("CREATE", "Person", "createPerson1", json!({"name": "Joe", "age": 20})),
            op("CREATE_BULK", "Pet", "create_bulkPet1", json!([{"name": "a"}, {"name": "b"}, {"name": "c"}])),
            op("UPDATE", "Person", "updatePerson1", json!({"objectId": reference("createPerson1"), "age": 21})),
            op("SET_RELATION", "Person", "set_relationPerson1", json!({
                "parentObject": reference("createPerson1"), "relationColumn": "pets",
                "unconditional": {"___ref": true, "opResultId": "create_bulkPet1"}})),
            op("DELETE_RELATION", "Person", "delete_relationPerson1", json!({
                "parentObject": reference("createPerson1"), "relationColumn": "pets",
                "unconditional": [{"___ref": true, "opResultId": "create_bulkPet1", "resultIndex": 0}]})),
            op("ADD_RELATION", "Person", "add_relationPerson1", json!({
                "parentObject": reference("createPerson1"), "relationColumn": "pets",
                "conditional": "name = 'a'"})),
            op("FIND", "Pet", "findPet1", json!({"whereClause": "name in ('b','c')",
                "queryOptions": {"sortBy": ["name desc"]}})),
            op("UPDATE_BULK", "Pet", "update_bulkPet1", json!({"conditional": "name = 'a'", "changes": {"name": "A"}})),
            op("UPSERT", "Person", "upsertPerson1", json!({"objectId": "fixed-id", "name": "Up"})),
            op("UPSERT_BULK", "Person", "upsert_bulkPerson1", json!([{"objectId": "fixed-id", "age": 9}, {"name": "New"}])),
            op("DELETE", "Pet", "deletePet1", {
                let mut r = reference("findPet1");
                r["resultIndex"] = json!(0);
                r
            }),
            op("DELETE_BULK", "Person", "delete_bulkPerson1", json!({"unconditional": [
                {"___ref": true, "opResultId": "upsert_bulkPerson1", "resultIndex": 1}]})),
        ]),
    )
    .await;
    assert_eq!(result["success"], true, "{result}");
    assert_eq!(result["error"], Value::Null);
    let r = &result["results"];
    assert_eq!(r.as_object().map(|o| o.len()), Some(12));
    assert_eq!(r["updatePerson1"]["result"]["age"], 21);
    assert_eq!(r["set_relationPerson1"]["result"], 3);
    assert_eq!(r["delete_relationPerson1"]["result"], 1);
    assert_eq!(r["add_relationPerson1"]["result"], 1);
    assert_eq!(r["findPet1"]["result"][0]["name"], "c");
    assert_eq!(r["update_bulkPet1"]["result"], 1);
    assert_eq!(r["upsert_bulkPerson1"]["result"][0], "fixed-id");
    assert!(r["deletePet1"]["result"].is_i64());
    assert_eq!(r["delete_bulkPerson1"]["result"], 1);
    insta::assert_json_snapshot!("create_result", common::redact(r["createPerson1"].clone()));
    assert_eq!(s.get("/data/Pet/count").send().await.ok(), 3);
    let joe = r["createPerson1"]["result"]["objectId"]
        .as_str()
        .expect("id")
        .to_string();
    let pets = s
        .get(&format!("/data/Person/{joe}/pets?sortBy=name"))
        .send()
        .await
        .ok();
    let names: Vec<&str> = pets
        .as_array()
        .expect("a")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["A", "b"]);
}

#[tokio::test]
async fn a_failing_operation_rolls_back_the_whole_unit() {
    let s = common::start().await;
    with_tables(&s).await;
    let mut ops: Vec<Value> = (1..20)
        .map(|i| {
            op(
                "CREATE",
                "Person",
                &format!("createPerson{i}"),
                json!({"name": format!("p-{i}")}),
            )
        })
        .collect();
    let bad = op(
        "CREATE",
        "Person",
        "createPerson20",
        json!({"name": "p-20", "missedColumn": "missedColumn"}),
    );
    ops.push(bad.clone());
    let result = uow(&s, Value::from(ops)).await;
    insta::assert_json_snapshot!("failure", result);
    assert_eq!(result["error"]["operation"], bad);
    assert_eq!(s.get("/data/Person/count").send().await.ok(), 0);
    assert!(s
        .get("/data/Person/properties")
        .send()
        .await
        .ok()
        .to_string()
        .contains("name"));
    let many: Vec<Value> = (0..101).map(|i| json!({"name": format!("n{i}")})).collect();
    let too_many = uow(
        &s,
        json!([op("CREATE_BULK", "Person", "b", Value::from(many))]),
    )
    .await;
    assert_eq!(
        too_many["error"]["message"],
        "Bulk create operation supports no more than 100 objects"
    );
    let missing = uow(&s, json!([op("CREATE", "Ghost", "g", json!({}))])).await;
    assert_eq!(missing["error"]["code"], 1009);
    let later = uow(
        &s,
        json!([op(
            "UPDATE",
            "Person",
            "u",
            json!({"objectId": reference("notYet"), "name": "x"})
        )]),
    )
    .await;
    assert_eq!(later["success"], false);
    assert_eq!(later["error"]["code"], 8002);
    let denied = {
        s.put("/data/Pet/permissions/DENY")
            .json(json!({"permission": "ADD", "role": "RestUser"}))
            .send()
            .await
            .ok();
        uow(
            &s,
            json!([
                op("CREATE", "Person", "ok", json!({"name": "fine"})),
                op("CREATE", "Pet", "no", json!({"name": "denied"}))
            ]),
        )
        .await
    };
    assert_eq!(denied["error"]["code"], 1011);
    assert_eq!(s.get("/data/Person/count").send().await.ok(), 0);
}

#[tokio::test]
async fn whole_request_problems_are_ordinary_errors() {
    let s = common::start().await;
    with_tables(&s).await;
    let post = |body: Value| s.post("/transaction/unit-of-work").json(body);
    post(json!([])).send().await.assert_error(8002, 400);
    post(json!({})).send().await.assert_error(8010, 400);
    post(json!({"operations": [{"operationType": "EXPLODE", "table": "Person"}]}))
        .send()
        .await
        .assert_error(8002, 400);
    post(json!({"isolationLevelEnum": "CHAOS", "operations": []}))
        .send()
        .await
        .assert_error(8002, 400);
    let empty = post(json!({"operations": []})).send().await.ok();
    assert_eq!(
        empty,
        json!({"success": true, "error": null, "results": {}})
    );
    let no_id = post(json!({"operations": [{"operationType": "FIND", "table": "Person", "payload": {"queryOptions": {}}}]}))
        .send()
        .await
        .ok();
    assert!(no_id["results"]["findPerson1"].is_object(), "{no_id}");
}

#[tokio::test]
async fn find_follows_the_include_object_id_by_default_setting_like_rest() {
    let s = common::start().await;
    s.post("/data/Person")
        .json(json!({"name": "Ann", "age": 31}))
        .send()
        .await
        .ok();
    let find = json!({"whereClause": "name = 'Ann'", "properties": ["age"]});
    let rest = s.get("/data/Person?props=age").send().await.ok();
    let done = uow(&s, json!([op("FIND", "Person", "f", find.clone())])).await;
    assert_eq!(done["results"]["f"]["result"], rest);
    assert_eq!(rest, json!([{"___class": "Person", "age": 31}]));
    s.settings(json!({"data": {"includeObjectIdByDefault": true}}))
        .await;
    let rest = s.get("/data/Person?props=age").send().await.ok();
    let done = uow(&s, json!([op("FIND", "Person", "f", find)])).await;
    assert_eq!(done["results"]["f"]["result"], rest);
    assert!(rest[0]["objectId"].is_string(), "{rest}");
}
