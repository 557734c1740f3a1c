//! Data Service queries (data.md §3-§5, §10; where-clause.md): find in both forms, props and
//! aggregates, sorting, paging, count, bulk operations, and the errors of broken queries.

mod common;

use serde_json::{json, Value};

async fn seeded() -> common::TestServer {
    let s = common::start().await;
    let people = json!([
        {"name": "Ann", "age": 31, "city": "Paris", "blocked": false},
        {"name": "bob", "age": 25, "city": "Rome", "blocked": true},
        {"name": "Cid", "age": 40, "city": "Paris", "blocked": false},
        {"name": "Dee", "age": 25, "city": null, "blocked": false},
        {"name": "Eve", "age": 52, "city": "Oslo", "blocked": true}
    ]);
    s.post("/data/bulk/Person").json(people).send().await.ok();
    s
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|o| o["name"].as_str().unwrap_or("?").to_string())
        .collect()
}

#[tokio::test]
async fn get_and_post_find_filter_sort_and_page_alike() {
    let s = seeded().await;
    let get = s
        .get("/data/Person?where=age%20%3E%3D%2025%20and%20city%20is%20not%20null&sortBy=age%20desc,name&pageSize=2&offset=1")
        .send()
        .await
        .ok();
    let post = s
        .post("/data/Person/find")
        .json(json!({"where": "age >= 25 and city is not null", "sortBy": "age desc,name", "pageSize": 2, "offset": 1}))
        .send()
        .await
        .ok();
    assert_eq!(get, post);
    assert_eq!(names(&get), ["Cid", "Ann"]);
    let like = s
        .post("/data/Person/find")
        .json(json!({"where": "name LIKE 'B%'"}))
        .send()
        .await
        .ok();
    assert_eq!(names(&like), ["bob"], "LIKE is case-insensitive");
    let inlist = s
        .post("/data/Person/find")
        .json(json!({"where": "city in ('Oslo','Rome')", "sortBy": "name"}))
        .send()
        .await
        .ok();
    assert_eq!(names(&inlist), ["bob", "Eve"]);
    let all = s
        .post("/data/Person/find")
        .json(json!({}))
        .send()
        .await
        .ok();
    assert_eq!(
        names(&all),
        ["Ann", "bob", "Cid", "Dee", "Eve"],
        "created order by default"
    );
    let beyond = s.get("/data/Person?offset=500").send().await.ok();
    assert_eq!(beyond, json!([]));
}

#[tokio::test]
async fn props_aliases_exclusions_and_star() {
    let s = seeded().await;
    let one = s
        .get("/data/Person?where=name%3D'Ann'&props=blocked")
        .send()
        .await
        .ok();
    assert_eq!(
        one,
        json!([{"___class": "Person", "blocked": false}]),
        "the listed properties and ___class only"
    );
    let listed = s
        .get("/data/Person?where=name%3D'Ann'&props=blocked,objectId")
        .send()
        .await
        .ok();
    assert!(listed[0]["objectId"].is_string(), "{listed}");
    let alias = s
        .post("/data/Person/find")
        .json(json!({"where": "name = 'Ann'", "props": "age as Age,name as Name"}))
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("alias", common::redact(alias));
    let app = s.emulator.app_id().to_string();
    s.raw(
        reqwest::Method::PUT,
        &format!("/_emulator/apps/{app}/settings"),
    )
    .json(json!({"data": {"dynamicSchema": true, "includeObjectIdByDefault": true}}))
    .send()
    .await
    .ok();
    let with_id = s
        .get("/data/Person?where=name%3D'Ann'&props=age")
        .send()
        .await
        .ok();
    let keys: Vec<&String> = with_id[0].as_object().expect("o").keys().collect();
    assert_eq!(
        keys,
        ["___class", "age", "objectId"],
        "the setting adds objectId"
    );
    let star = s
        .post("/data/Person/find")
        .json(json!({"where": "name = 'Ann'", "props": ["age as Age", "*"], "excludeProps": "city,objectId"}))
        .send()
        .await
        .ok();
    assert_eq!(star[0]["Age"], 31);
    assert!(star[0].get("city").is_none());
    assert!(
        star[0]["objectId"].is_string(),
        "objectId cannot be excluded"
    );
    assert!(star[0]["created"].is_i64());
}

#[tokio::test]
async fn aggregates_group_by_having_and_distinct() {
    let s = seeded().await;
    let total = s
        .post("/data/Person/find")
        .json(json!({"props": "Count(objectId) as n,Avg(age),Max(age),Min(age),Sum(age)"}))
        .send()
        .await
        .ok();
    insta::assert_json_snapshot!("aggregate", total);
    let groups = s
        .post("/data/Person/find")
        .json(json!({"props": "city,Count(objectId) as n", "groupBy": "city", "having": "n > 1", "sortBy": "city"}))
        .send()
        .await
        .ok();
    assert_eq!(
        groups,
        json!([{"___class": "Person", "city": "Paris", "n": 2}])
    );
    let distinct = s
        .post("/data/Person/find")
        .json(json!({"props": "age", "distinct": true, "sortBy": "age"}))
        .send()
        .await
        .ok();
    assert_eq!(
        distinct,
        json!([{"___class": "Person", "age": 25}, {"___class": "Person", "age": 31},
               {"___class": "Person", "age": 40}, {"___class": "Person", "age": 52}])
    );
    let count = s
        .post("/data/Person/count")
        .json(json!({"where": "age > 26", "groupBy": "city"}))
        .send()
        .await
        .ok();
    assert_eq!(count, 2, "number of groups (Paris, Oslo)");
}

#[tokio::test]
async fn count_in_both_forms_and_page_size_limits() {
    let s = seeded().await;
    assert_eq!(s.get("/data/Person/count").send().await.ok(), 5);
    let all = s
        .get("/data/Person/count?where=objectId%20!%3D%20NULL")
        .send()
        .await
        .ok();
    assert_eq!(
        all, 5,
        "the Swift SDK's delete-all clause matches every row"
    );
    assert_eq!(
        s.get("/data/Person/count?where=city%20%3D%20null")
            .send()
            .await
            .ok(),
        1
    );
    assert_eq!(
        s.get("/data/Person/count?where=blocked%3Dtrue")
            .send()
            .await
            .ok(),
        2
    );
    assert_eq!(
        s.post("/data/Person/count")
            .json(json!({"where": "age < 30"}))
            .send()
            .await
            .ok(),
        2
    );
    let items: Vec<Value> = (0..100).map(|i| json!({"i": i})).collect();
    s.post("/data/bulk/Many")
        .json(Value::from(items.clone()))
        .send()
        .await
        .ok();
    s.post("/data/bulk/Many")
        .json(Value::from(items))
        .send()
        .await
        .ok();
    let page = s.get("/data/Many").send().await.ok();
    assert_eq!(page.as_array().map(Vec::len), Some(10), "default page size");
    let big = s.get("/data/Many?pageSize=500").send().await.ok();
    assert_eq!(big.as_array().map(Vec::len), Some(100), "clamped to 100");
    s.get("/data/Many?pageSize=0")
        .send()
        .await
        .assert_error(1005, 400);
    s.get("/data/Many?pageSize=x")
        .send()
        .await
        .assert_error(1005, 400);
    s.get("/data/Many?offset=-1")
        .send()
        .await
        .assert_error(1004, 400);
}

#[tokio::test]
async fn broken_queries_answer_documented_codes() {
    let s = seeded().await;
    let bad = s.get("/data/Person?where=age%20%3E").send().await;
    bad.assert_error(1017, 400);
    assert!(bad.body["message"]
        .as_str()
        .unwrap_or("")
        .contains("position"));
    s.get("/data/Person?where=nope%20%3D%201")
        .send()
        .await
        .assert_error(1017, 400);
    s.post("/data/Person/find")
        .json(json!({"props": "Count(age) as c", "having": "c >"}))
        .send()
        .await
        .assert_error(19001, 400);
    s.post("/data/Person/find")
        .json(json!({"sortBy": "age desc desc"}))
        .send()
        .await
        .assert_error(1006, 400);
    s.post("/data/Person/find")
        .json(json!({"where": "objectId in (Nope.objectId)"}))
        .send()
        .await
        .assert_error(1009, 400);
    let unknown = s
        .post("/data/Person/find")
        .json(json!({"props": "name,nonExistingProp", "where": "age > 100"}))
        .send()
        .await;
    unknown.assert_error(1006, 400);
    assert_eq!(
        unknown.body["message"],
        "Column 'nonExistingProp' does not exist in table 'Person'"
    );
    s.get("/data/Person?sortBy=ghost")
        .send()
        .await
        .assert_error(1006, 400);
    s.get("/data/Person?where=city.name%3D'x'")
        .send()
        .await
        .assert_error(1017, 400);
    s.post("/data/Person/find")
        .json(json!({"where": 5}))
        .send()
        .await
        .assert_error(8002, 400);
    s.post("/data/Person/find")
        .json(json!([1]))
        .send()
        .await
        .assert_error(8002, 400);
}

#[tokio::test]
async fn bulk_create_update_upsert_delete() {
    let s = common::start().await;
    let ids = s
        .post("/data/bulk/Item")
        .json(json!([{"n": 1}, {"n": 2}, {}, {"objectId": "fixed", "n": 4}]))
        .send()
        .await
        .ok();
    assert_eq!(ids.as_array().map(Vec::len), Some(4));
    assert_eq!(ids[3], "fixed");
    let updated = s
        .put("/data/bulk/Item?where=n%20%3E%201")
        .json(json!({"tag": "big"}))
        .send()
        .await
        .ok();
    assert_eq!(updated, 2);
    s.put("/data/bulk/Item?where=n%3E1")
        .json(json!({"created": 1}))
        .send()
        .await
        .assert_error(1136, 400);
    let upserted = s
        .put("/data/bulkupsert/Item")
        .json(json!([{"objectId": "fixed", "n": 40}, {"objectId": "new-one", "n": 5}]))
        .send()
        .await
        .ok();
    assert_eq!(upserted, json!(["fixed", "new-one"]));
    let deleted = s
        .post("/data/bulk/Item/delete")
        .json(json!({"where": "objectId in ('fixed','new-one')"}))
        .send()
        .await
        .ok();
    assert_eq!(deleted, 2);
    let too_many: Vec<Value> = (0..101).map(|i| json!({"i": i})).collect();
    s.post("/data/bulk/Item")
        .json(Value::from(too_many))
        .send()
        .await
        .assert_error(8000, 400);
    s.post("/data/bulk/Item")
        .json(json!([{"n": 9}, {"n": "not a number"}]))
        .send()
        .await
        .assert_error(1007, 400);
    s.post("/data/bulk/Item")
        .json(json!({"n": 1}))
        .send()
        .await
        .assert_error(8002, 400);
    assert_eq!(
        s.get("/data/Item/count").send().await.ok(),
        3,
        "failed bulk stored nothing"
    );
}

#[test]
fn random_where_clauses_never_break_the_server() {
    use proptest::prelude::*;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let s = rt.block_on(seeded());
    let atoms = prop::sample::select(vec![
        "age",
        "name",
        "city",
        "blocked",
        "created",
        "'x'",
        "1",
        "2.5",
        "null",
        "true",
        "(",
        ")",
        "and",
        "or",
        "not",
        "=",
        ">",
        "<=",
        "!=",
        "like",
        "'%a%'",
        "in",
        "is",
        ",",
        "->",
        "'$.a'",
        "Count(age)",
        "YEAR(created)",
        "between",
        "+",
        "*",
        "Person[x].y",
        "''''",
        "\"q\"",
    ]);
    let clause = prop::collection::vec(atoms, 0..12).prop_map(|parts| parts.join(" "));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(96));
    runner
        .run(&clause, |w| {
            let reply = rt.block_on(s.post("/data/Person/find").json(json!({"where": w})).send());
            let ok = reply.status.is_success()
                || (reply.status.as_u16() == 400 && reply.body["code"].is_i64());
            prop_assert!(ok, "{w}: {} {}", reply.status, reply.body);
            Ok(())
        })
        .expect("no where clause breaks the server");
}
