//! JSON columns (data.md §7): MySQL update operators and JSON paths in where clauses;
//! `BackendlessExpression` updates; geometry values (data.md §0.2).

mod common;

use serde_json::{json, Value};

fn id(v: &Value) -> String {
    v["objectId"].as_str().expect("objectId").to_string()
}

#[tokio::test]
async fn json_columns_take_mysql_update_operators_and_expressions_compute() {
    let s = common::start().await;
    let doc = json!({"letter": "a", "number": 10, "decimals": [12.3, 43.28, 56.89], "colours": ["red", "green", "blue"]});
    let o = s
        .post("/data/Doc")
        .json(json!({"data": doc, "n": 5}))
        .send()
        .await
        .ok();
    let path = format!("/data/Doc/{}", id(&o));
    let set = s
        .put(&path)
        .json(json!({"data": {"___operation": "JSON_SET", "args": {"$.letter": "b", "$.state": "on"}}}))
        .send()
        .await
        .ok();
    assert_eq!(set["data"]["letter"], "b");
    let rem = s
        .put(&path)
        .json(json!({"data": {"___operation": "JSON_REMOVE", "args": ["$.colours[1]"]}}))
        .send()
        .await
        .ok();
    assert_eq!(rem["data"]["colours"], json!(["red", "blue"]));
    let app = s
        .put(&path)
        .json(json!({"data": {"___operation": "JSON_ARRAY_INSERT", "args": {"$.decimals[2]": 60}}}))
        .send()
        .await
        .ok();
    assert_eq!(app["data"]["decimals"], json!([12.3, 43.28, 60, 56.89]));
    let expr = s
        .put(&path)
        .json(json!({"n": {"___class": "BackendlessExpression", "value": "n * 2 + 1"}}))
        .send()
        .await
        .ok();
    assert_eq!(expr["n"], 11);
    s.put(&path)
        .json(json!({"data": {"___operation": "JSON_NOPE", "args": {}}}))
        .send()
        .await
        .assert_error(8002, 400);
    s.put(&path)
        .json(json!({"n": {"___operation": "JSON_SET", "args": {"$.a": 1}}}))
        .send()
        .await
        .assert_error(1007, 400);
    let found = s
        .get("/data/Doc?where=data-%3E'%24.letter'%20%3D%20'b'")
        .send()
        .await
        .ok();
    assert_eq!(found.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn geometry_values_come_back_as_geojson_with_srs_and_class() {
    let s = common::start().await;
    let o = s
        .post("/data/Place")
        .json(json!({"location": {"type": "Point", "coordinates": [1.5, 2.5]}}))
        .send()
        .await
        .ok();
    assert_eq!(
        o["location"],
        json!({"type": "Point", "coordinates": [1.5, 2.5], "srsId": 4326, "___class": "com.backendless.persistence.Point"})
    );
    let wkt = s
        .post("/data/Place")
        .json(json!({"location": "POINT (3 4)"}))
        .send()
        .await
        .ok();
    assert_eq!(wkt["location"]["coordinates"], json!([3.0, 4.0]));
}
